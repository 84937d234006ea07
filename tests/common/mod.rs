//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::rc::Rc;

use clusterdrill::sim::Sim;
use clusterdrill::sim::grading::Report;
use clusterdrill::sim::scenario::{Scenario, builtin};
use clusterdrill::sim::transcript::{Step, Transcript, play};

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

/// One action line of a script, parsed.
pub fn action(line: &str) -> clusterdrill::sim::Action {
    match clusterdrill::sim::script::parse_line(line) {
        Ok(clusterdrill::sim::script::Line::Action(a)) => a,
        other => panic!("{line}: {other:?}"),
    }
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

/// Active/active: rights delegated, both EVSs on NODE1 (moved there before NODE2 is touched),
/// NODE2 at SP1 with hotfix 831464.
pub const AA_NODE2_SP1: &str = concat!(
    "NODE1: logon CORP\\domadmin\nNODE1: delegate-full-admin CORP\\exadmin Sales\nNODE1: logon CORP\\exadmin\nNODE2: logon CORP\\exadmin\n",
    "NODE1: move-group EVS2 NODE1\nwait\n",
    node2_to_sp1!()
);

/// From there, both EVSs' System Attendants offline, both moved to NODE2, and both upgraded at
/// once from NODE2's Cluster Administrator: the second session hangs (KB 822582).
pub fn aa_parallel_upgrades() -> String {
    format!(
        "{AA_NODE2_SP1}NODE1: take-offline EVS1/sa\nNODE1: take-offline EVS2/sa\nwait\nNODE1: move-group EVS1 NODE2\nNODE1: move-group EVS2 NODE2\nwait\nNODE2: upgrade-evs EVS1\nNODE2: upgrade-evs EVS2\n"
    )
}

/// A finding case (tests/findings/NAME.case): a bad script that must raise exactly the
/// findings in its `raises` header on each seed, and a correct one that must not raise its
/// `finding` (the scenario's correct procedure unless a `--- good` section gives one).
///
/// ```text
/// # What the case shows, for a reader.
/// finding: sa-only-online
/// scenario: e2003-sp1-active-passive
/// seeds: 1 2 3                      (optional; these are the default)
/// raises: no-backup-after no-backup-before sa-only-online
/// --- bad
/// NODE1: logon CORP\exadmin
/// ...
/// --- good                          (optional)
/// ...
/// ```
pub struct Case {
    pub name: String,
    pub finding: String,
    pub scenario: String,
    pub seeds: Vec<u64>,
    pub raises: Vec<String>,
    pub bad: String,
    pub good: String,
}

pub fn cases_dir() -> String {
    format!("{}/tests/findings", env!("CARGO_MANIFEST_DIR"))
}

/// Reads a case file, panicking with its name and line on anything malformed.
pub fn case(name: &str) -> Case {
    let path = format!("{}/{name}.case", cases_dir());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let fail = |line: usize, what: &str| -> ! { panic!("{path}:{line}: {what}") };
    let (mut header, mut section, mut bad, mut good) = (Vec::new(), None::<&str>, String::new(), None::<String>);
    for (i, line) in text.lines().enumerate() {
        match (line.strip_prefix("--- "), section) {
            (Some("bad"), None) => section = Some("bad"),
            (Some("good"), Some("bad")) => {
                section = Some("good");
                good = Some(String::new());
            }
            (Some(other), _) => fail(i + 1, &format!("unexpected section `--- {other}`: `--- bad`, then optionally `--- good`")),
            (None, None) if line.starts_with('#') || line.trim().is_empty() => {}
            (None, None) => match line.split_once(": ") {
                Some((k, v)) => header.push((i + 1, k.to_string(), v.trim().to_string())),
                None => fail(i + 1, "a header line is `key: value`"),
            },
            (None, Some("bad")) => bad.push_str(&format!("{line}\n")),
            (None, Some(_)) => good.as_mut().expect("in the good section").push_str(&format!("{line}\n")),
        }
    }
    let get = |key: &str| header.iter().find(|(_, k, _)| k == key).map(|(_, _, v)| v.clone());
    for (line, k, _) in &header {
        if !["finding", "scenario", "seeds", "raises"].contains(&k.as_str()) {
            fail(*line, &format!("unknown header `{k}`: finding, scenario, seeds, raises"));
        }
    }
    let need = |key: &str| get(key).unwrap_or_else(|| fail(1, &format!("no `{key}:` header")));
    let (finding, scenario_id) = (need("finding"), need("scenario"));
    let mut raises: Vec<String> = need("raises").split_whitespace().map(String::from).collect();
    raises.sort();
    let seeds = get("seeds").map_or(vec![1, 2, 3], |s| s.split_whitespace().map(|n| n.parse().unwrap_or_else(|_| fail(1, "seeds are numbers"))).collect());
    if bad.trim().is_empty() {
        fail(1, "no `--- bad` script");
    }
    if !raises.contains(&finding) {
        fail(1, &format!("`raises` does not include the case's own finding `{finding}`"));
    }
    let good = good.unwrap_or_else(|| correct_script(&scenario_id));
    Case { name: name.to_string(), finding, scenario: scenario_id, seeds, raises, bad, good }
}

/// Every case, by file name.
pub fn cases() -> Vec<Case> {
    let mut names: Vec<String> =
        std::fs::read_dir(cases_dir()).unwrap().filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".case").map(String::from)).collect();
    names.sort();
    names.iter().map(|n| case(n)).collect()
}
