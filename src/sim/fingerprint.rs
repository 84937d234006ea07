//! A stable 64-bit hash that gives the same value on every platform: every integer is widened
//! to 64 bits (so `usize` agrees between native and wasm32) and mixed a word at a time; bytes
//! are taken eight at a time. Used for state fingerprints in determinism checks and for the
//! solver's visited set. Not for security.

use std::hash::{Hash, Hasher};

#[derive(Clone, Copy, Debug)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl StableHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        // A final avalanche so that nearby inputs land far apart.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.mix(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }
    fn write_i8(&mut self, i: i8) {
        self.mix(i as u64);
    }
    fn write_i16(&mut self, i: i16) {
        self.mix(i as u64);
    }
    fn write_i32(&mut self, i: i32) {
        self.mix(i as u64);
    }
    fn write_i64(&mut self, i: i64) {
        self.mix(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.mix(i as u64);
    }
}

/// The stable hash of anything hashable.
pub fn stable_hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = StableHasher::default();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_hash_alike_whatever_their_width_and_strings_differ() {
        assert_eq!(stable_hash(&7usize), stable_hash(&7u64));
        assert_eq!(stable_hash(&7u8), stable_hash(&7u32));
        assert_ne!(stable_hash("NODE1"), stable_hash("NODE2"));
        assert_ne!(stable_hash("abcdefgh1"), stable_hash("abcdefgh2"));
        assert_ne!(stable_hash(&(1u32, 2u32)), stable_hash(&(2u32, 1u32)));
    }

    #[test]
    fn values_are_pinned() {
        // The wasm build checks the same value (tests/web.rs): a change here breaks the
        // native/wasm agreement check on purpose.
        assert_eq!(stable_hash(&("EVS1", 42u32, [1u8, 2, 3])), PINNED);
    }

    const PINNED: u64 = 9_607_714_283_525_801_353;
}
