//! `cargo bench`: replay throughput, solve time per built-in scenario, and the presenter's
//! work per reel (a rewind to every position, the judgement from every position within the
//! interactive budget). Figures, not assertions: they go in the README and the notes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use clusterdrill::sim::reel;
use clusterdrill::sim::scenario::{builtin, builtins};
use clusterdrill::sim::solver::solve;
use clusterdrill::sim::transcript::{Transcript, replay};
use clusterdrill::trainer::{Judgement, Presenter, judge};

fn golden(id: &str) -> Transcript {
    let path = format!("{}/tests/golden/{id}.transcript", env!("CARGO_MANIFEST_DIR"));
    Transcript::parse(&std::fs::read_to_string(path).expect("golden transcript")).expect("parses")
}

fn main() {
    let scenarios = builtins();
    let transcripts: Vec<Transcript> = scenarios.iter().map(|s| golden(&s.id)).collect();
    let per_round: usize = transcripts.iter().map(|t| t.actions.len()).sum();

    for (label, quiet) in [("grading replay (no event-log text)", true), ("full replay (with event logs)", false)] {
        let start = Instant::now();
        let mut actions = 0usize;
        while start.elapsed() < Duration::from_secs(2) {
            for (s, t) in scenarios.iter().zip(&transcripts) {
                let sim = replay(s, t, quiet).expect("replays");
                black_box(sim.now());
            }
            actions += per_round;
        }
        let rate = actions as f64 / start.elapsed().as_secs_f64();
        println!("{label}: {:.2} million actions/s ({actions} actions of the {} golden sessions)", rate / 1e6, scenarios.len());
    }

    println!("\nsolve time per scenario (seeds 1..=10): median / worst, states expanded");
    for s in &scenarios {
        let mut times = Vec::new();
        let mut states = 0;
        for seed in 1..=10 {
            let t0 = Instant::now();
            let plan = solve(s, seed).expect("solvable");
            times.push(t0.elapsed());
            states = states.max(plan.expanded);
        }
        times.sort();
        println!("  {:<28} {:>8.2} ms / {:>8.2} ms   {states} states", s.id, times[4].as_secs_f64() * 1e3, times[9].as_secs_f64() * 1e3);
    }

    println!("\npresenter, per reel: rewind to every position (median / worst), the judgement from every position (median / worst; unknown: the budget ran out)");
    let (mut all_rewinds, mut all_judges, mut unknown, mut positions) = (Vec::new(), Vec::new(), 0, 0);
    for (name, r) in reel::builtins() {
        let scenario = builtin(&r.transcript.scenario).expect("built in");
        let p = Presenter::new(&scenario, r).expect("plays");
        let (mut rewinds, mut judges) = (Vec::new(), Vec::new());
        for n in 0..p.end() {
            let t = Instant::now();
            let view = black_box(p.recording().rewound(n).expect("rewinds"));
            rewinds.push(t.elapsed());
            let t = Instant::now();
            if judge(&view) == Judgement::Unknown {
                unknown += 1;
            }
            judges.push(t.elapsed());
        }
        positions += rewinds.len();
        all_rewinds.extend(&rewinds);
        all_judges.extend(&judges);
        let (r, j) = (stats(&mut rewinds), stats(&mut judges));
        println!("  {name:<48} {:>7.3} / {:>7.3} ms   {:>7.1} / {:>7.1} ms", r.0, r.1, j.0, j.1);
    }
    let (r, j) = (stats(&mut all_rewinds), stats(&mut all_judges));
    println!("  all {positions} positions: rewind {:.3} / {:.3} ms, judgement {:.1} / {:.1} ms, {unknown} unknown", r.0, r.1, j.0, j.1);
}

/// Median and worst, in milliseconds.
fn stats(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    (times[times.len() / 2].as_secs_f64() * 1e3, times[times.len() - 1].as_secs_f64() * 1e3)
}
