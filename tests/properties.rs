//! Property tests over random sessions: whatever a learner does, the simulator does not panic,
//! its invariants hold, replay is exact and transcripts read back as written.

mod common;

use std::rc::Rc;

use clusterdrill::sim::action::{Action, AfterRestore, ResRef, Target, Verb};
use clusterdrill::sim::catalog::{Package, ResKind};
use clusterdrill::sim::scenario::{Scenario, builtins};
use clusterdrill::sim::transcript::{Transcript, replay};
use clusterdrill::sim::world::{World, IS_CHECKPOINT_KEY};
use clusterdrill::sim::{Sim, SimTime};
use proptest::prelude::*;

/// Builds an action from a random number, out of the names the world has now (and, now and
/// then, a name it does not have).
fn random_action(w: &World, scenario: &Scenario, r: u64) -> Action {
    let pick = |v: &[String], k: u64| -> String { if v.is_empty() { "NOTHING".into() } else { v[(k as usize) % v.len()].clone() } };
    let machines: Vec<String> = w.machines.iter().map(|m| m.slot.clone()).collect();
    let groups: Vec<String> = w.groups.iter().map(|g| g.name.clone()).collect();
    let servers: Vec<String> = w.servers.iter().map(|s| s.name.clone()).collect();
    let accounts: Vec<String> = w.accounts.iter().map(|a| a.name.clone()).collect();
    let console = pick(&machines, r >> 8);
    let group = pick(&groups, r >> 16);
    let server = pick(&servers, r >> 24);
    let account = pick(&accounts, r >> 32);
    let kind = ResKind::ALL[((r >> 40) as usize) % ResKind::ALL.len()];
    let resource = ResRef { group: group.clone(), kind };
    let package = Package::ALL[((r >> 44) as usize) % Package::ALL.len()];
    let org = if (r >> 48) % 4 == 0 { "contoso".to_string() } else { w.org.name.clone() };
    let site = w.org.sites[((r >> 50) as usize) % w.org.sites.len()].clone();
    let name = if (r >> 52) % 2 == 0 {
        scenario.migration.as_ref().map_or("EXCLUSTER".into(), |m| m.new_name.clone().unwrap_or(m.server.clone()))
    } else {
        "NEWNAME".into()
    };
    let verb = match r % 33 {
        0 | 1 => Verb::Logon { account },
        2 => Verb::Logoff,
        3 | 4 => Verb::Install { package },
        5 => Verb::Reboot,
        6 => Verb::Shutdown,
        7 => Verb::PowerOn,
        8 => Verb::BackupFiles,
        9 => Verb::BackupSystemState,
        10 => Verb::BackupExchange { server },
        11 => Verb::Restore { server, services: if (r >> 56) % 2 == 0 { AfterRestore::StartServices } else { AfterRestore::DoNotStartServices } },
        12 => Verb::ReadLog,
        13 => Verb::InstallWindows { computer_name: console.clone() },
        14 => Verb::InstallMscs { cluster: w.cluster_name.clone().unwrap_or("EXCLUS".into()), account },
        15 => Verb::SetupInstall { org, site, account, group },
        16 => Verb::SetupRecover { org, site, account, group },
        17 => Verb::UpdateNode,
        18 => Verb::PerformanceOptimizer,
        19 => Verb::EndTask,
        20 | 21 => Verb::BringOnline { target: if (r >> 56) % 2 == 0 { Target::Group(group) } else { Target::Resource(resource) } },
        22 | 23 => Verb::TakeOffline { target: if (r >> 56) % 2 == 0 { Target::Group(group) } else { Target::Resource(resource) } },
        24 => Verb::MoveGroup { group, to: None },
        25 => Verb::InitiateFailure { resource },
        26 | 27 => Verb::UpgradeEvs { group },
        28 => Verb::CreateGroup { group: "EXVS".into(), network_name: name },
        29 => Verb::RemoveCheckpoint { resource, key: IS_CHECKPOINT_KEY.into() },
        30 => Verb::AddCheckpoint { resource, key: IS_CHECKPOINT_KEY.into() },
        31 => Verb::MoveUsers { from: server.clone(), to: pick(&servers, r >> 12) },
        _ => match (r >> 58) % 4 {
            0 => Verb::RehomeFolders { from: server.clone(), to: pick(&servers, r >> 12) },
            1 => Verb::ReplicateSystemFolders { to: server },
            2 => Verb::RemoveServer { server },
            _ => Verb::DelegateFullAdmin { account, admin_group: w.org.admin_groups[0].clone() },
        },
    };
    Action::new(console, verb)
}

/// The invariants that must hold after anything (the engine's, which debug builds also assert
/// after every event), and the clock never going back.
fn check_invariants(sim: &Sim, before: SimTime) -> Result<(), String> {
    if sim.now() < before {
        return Err(format!("the clock went back from {before} to {}", sim.now()));
    }
    sim.check_invariants()?;
    let report = sim.report(sim.now(), None);
    if report.score > 100 || report.objectives_met > report.objectives_in_play {
        return Err(format!("a score of {} with {} of {} objectives", report.score, report.objectives_met, report.objectives_in_play));
    }
    Ok(())
}

/// Plays random choices: now and then a wait (a while, or until nothing is under way), else a
/// random action; checks the invariants after each; records the actions that applied.
fn drive(sim: &mut Sim, scenario: &Scenario, choices: &[u64], actions: &mut Vec<(SimTime, Action)>) -> Result<(), TestCaseError> {
    for &c in choices {
        let before = sim.now();
        if c % 5 == 0 {
            if c % 3 == 0 {
                let limit = sim.now().plus(3 * 86_400);
                sim.run_until_idle(limit);
            } else {
                sim.advance_to(sim.now().plus(((c >> 8) % 7200) as u32));
            }
        } else {
            let action = random_action(sim.world(), scenario, c);
            let at = sim.now();
            if sim.apply(at, &action).is_ok() {
                actions.push((at, action));
            }
        }
        check_invariants(sim, before).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

fn session(scenario: Rc<Scenario>, seed: u64, choices: &[u64]) -> Result<(), TestCaseError> {
    let mut sim = Sim::new(scenario.clone(), seed);
    let mut actions = Vec::new();
    drive(&mut sim, &scenario, choices, &mut actions)?;
    let transcript = Transcript::new(&scenario, seed, actions, sim.now());
    // Transcripts read back as written.
    let text = transcript.to_text();
    let parsed = Transcript::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(&parsed, &transcript);
    // Replay is exact: the same state, log, findings and report.
    let again = replay(&scenario, &parsed, false).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(again.fingerprint(), sim.fingerprint());
    prop_assert_eq!(again.report(again.now(), None), sim.report(sim.now(), None));
    // A quiet replay (no event-log text) reaches the same world and grade.
    let quiet = replay(&scenario, &parsed, true).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(quiet.world(), sim.world());
    prop_assert_eq!(quiet.report(quiet.now(), None), sim.report(sim.now(), None));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_keep_the_invariants_and_replay_exactly(
        which in 0usize..7,
        seed in any::<u64>(),
        choices in prop::collection::vec(any::<u64>(), 1..120),
    ) {
        let all = builtins();
        session(all[which % all.len()].clone(), seed, &choices)?;
    }
}

/// Random sessions that start from a correct procedure's midpoint, where the interesting
/// states (EVS offline, upgrades under way, recovery running) are.
#[test]
fn random_tails_after_correct_prefixes() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 96, ..ProptestConfig::default() });
    let ids = ["e2003-sp1-active-passive", "e2003-sp1-active-active", "e2000-to-e2003", "e55-disaster-recovery", "e55-move-users"];
    let strategy = (0usize..ids.len(), 0usize..60, any::<u64>(), prop::collection::vec(any::<u64>(), 1..60));
    runner
        .run(&strategy, |(which, cut, seed, choices)| {
            let id = ids[which];
            let scenario = common::scenario(id);
            let script = common::correct_script(id);
            let prefix: String = script.lines().take(cut).map(|l| format!("{l}\n")).collect();
            let (mut sim, t, _) = clusterdrill::sim::transcript::play(&scenario, seed, &prefix).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut actions = t.actions;
            drive(&mut sim, &scenario, &choices, &mut actions)?;
            let t = Transcript::new(&scenario, seed, actions, sim.now());
            let again = replay(&scenario, &t, false).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(again.fingerprint(), sim.fingerprint());
            Ok(())
        })
        .unwrap();
}
