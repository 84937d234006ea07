//! `cargo bench`: replay throughput and solve time per built-in scenario. Figures, not
//! assertions: they go in the README and the notes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use clusterdrill::sim::scenario::builtins;
use clusterdrill::sim::solver::solve;
use clusterdrill::sim::transcript::{Transcript, replay};

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
}
