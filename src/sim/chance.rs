//! Seeded variation. Every random duration in a session is drawn here, from a `ChaCha8Rng`
//! (the same stream on native and wasm, unlike `SmallRng`), and mapped to its range with integer
//! arithmetic only.
//!
//! A draw is addressed rather than sequential: the `n`th draw for a given (what, subject) pair is
//! always the same number for a given seed, whatever else happened before it. That keeps a
//! session's durations independent of the order of unrelated actions, which the solver relies on
//! (two orderings of the same work reach the same state) and which makes a seed's timings
//! explainable ("on seed 7, SP1 Setup on NODE2 takes 21 minutes").

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::time::Secs;

/// An inclusive range of seconds an operation may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub min: Secs,
    pub max: Secs,
}

impl Span {
    pub const fn new(min: Secs, max: Secs) -> Span {
        Span { min, max }
    }
    pub const fn fixed(secs: Secs) -> Span {
        Span { min: secs, max: secs }
    }
}

/// Picks the `n`th duration for `stream` within `span`, for `seed`.
pub fn draw(seed: u64, stream: u64, n: u32, span: Span) -> Secs {
    if span.max <= span.min {
        return span.min;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    // Each draw uses one 32-bit word of the stream.
    rng.set_word_pos(u128::from(n));
    let x = u64::from(rng.next_u32());
    let width = u64::from(span.max - span.min) + 1;
    span.min + ((x * width) >> 32) as Secs
}

/// Builds a stream number from what is being timed and which thing it is.
pub const fn stream(kind: u16, subject: u32) -> u64 {
    ((kind as u64) << 32) | subject as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_addressed_stay_in_range_and_vary() {
        let span = Span::new(100, 200);
        let a: Vec<Secs> = (0..50).map(|n| draw(7, stream(1, 2), n, span)).collect();
        let b: Vec<Secs> = (0..50).map(|n| draw(7, stream(1, 2), n, span)).collect();
        assert_eq!(a, b, "the same address gives the same draw");
        assert!(a.iter().all(|&d| (100..=200).contains(&d)));
        let distinct: std::collections::BTreeSet<_> = a.iter().collect();
        assert!(distinct.len() > 20, "draws should spread over the range: {a:?}");
        let other_seed: Vec<Secs> = (0..50).map(|n| draw(8, stream(1, 2), n, span)).collect();
        assert_ne!(a, other_seed);
        let other_stream: Vec<Secs> = (0..50).map(|n| draw(7, stream(1, 3), n, span)).collect();
        assert_ne!(a, other_stream);
        assert_eq!(draw(7, 0, 0, Span::fixed(42)), 42);
    }

    #[test]
    fn the_first_draws_of_seed_one_are_pinned() {
        // Pinned so that a change of generator or of mapping, which would silently change every
        // seed's timings and invalidate saved transcripts' meaning, shows up here.
        // The wasm build checks the same numbers (tests/web.rs).
        let got: Vec<Secs> = (0..4).map(|n| draw(1, stream(3, 0), n, Span::new(0, 999))).collect();
        assert_eq!(got, [525, 283, 940, 188]);
    }
}
