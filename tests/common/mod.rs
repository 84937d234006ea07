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

/// NODE2 brought to SP1 the supported way: hotfix 831464, restart, log on again, SP1.
macro_rules! node2_to_sp1 {
    () => {
        "NODE2: install hotfix-831464\nwait\nNODE2: reboot\nwait\nNODE2: logon CORP\\exadmin\nNODE2: install exchange-2003-sp1\nwait\n"
    };
}

/// Active/passive: NODE2 brought to SP1, the EVS still on NODE1.
pub const AP_NODE2_SP1: &str = concat!("NODE1: logon CORP\\exadmin\nNODE2: logon CORP\\exadmin\n", node2_to_sp1!());

/// Active/active: rights delegated, both EVSs on NODE1, NODE2 at SP1 with hotfix 831464.
pub const AA_NODE2_SP1: &str = concat!(
    "NODE1: logon CORP\\domadmin\nNODE1: delegate-full-admin CORP\\exadmin Sales\nNODE1: logon CORP\\exadmin\nNODE2: logon CORP\\exadmin\n",
    "NODE1: move-group EVS2 NODE1\n",
    node2_to_sp1!()
);

/// From there, both EVSs' System Attendants offline, both moved to NODE2, and both upgraded at
/// once from NODE2's Cluster Administrator: the second session hangs (KB 822582).
pub fn aa_parallel_upgrades() -> String {
    format!(
        "{AA_NODE2_SP1}NODE1: take-offline EVS1/sa\nNODE1: take-offline EVS2/sa\nwait\nNODE1: move-group EVS1 NODE2\nNODE1: move-group EVS2 NODE2\nwait\nNODE2: upgrade-evs EVS1\nNODE2: upgrade-evs EVS2\n"
    )
}
