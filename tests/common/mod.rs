//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::rc::Rc;

use clusterdrill::sim::grading::Report;
use clusterdrill::sim::scenario::{Scenario, builtin};
use clusterdrill::sim::transcript::{Step, Transcript, play};
use clusterdrill::sim::Sim;

pub fn scenario(id: &str) -> Rc<Scenario> {
    builtin(id).unwrap_or_else(|| panic!("no built-in scenario {id}"))
}

/// The hand-written correct procedure for a scenario (tests/scripts/ID.script).
pub fn correct_script(id: &str) -> String {
    let path = format!("{}/tests/scripts/{id}.script", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub struct Run {
    pub sim: Sim,
    pub transcript: Transcript,
    pub steps: Vec<Step>,
    pub report: Report,
}

/// Plays a script and grades the session where it ends.
pub fn run(id: &str, seed: u64, script: &str) -> Run {
    let s = scenario(id);
    let (sim, transcript, steps) = play(&s, seed, script).unwrap_or_else(|e| panic!("{id}: script {e}"));
    let report = sim.report(sim.now(), None);
    Run { sim, transcript, steps, report }
}

pub fn finding_ids(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.id).collect()
}
