//! The cluster service's semantics (reference, section 1) and Exchange's dependency trees
//! (section 2), seen through the simulator.

mod common;

use clusterdrill::sim::catalog::ResKind;
use clusterdrill::sim::world::{Goal, GroupId, ResState, World};
use clusterdrill::sim::{Outcome, Sim, SimTime, script};
use common::*;

fn apply(sim: &mut Sim, line: &str) -> Outcome {
    let Ok(script::Line::Action(a)) = script::parse_line(line) else { panic!("{line}") };
    let at = sim.now();
    sim.apply(at, &a).unwrap()
}

fn settle(sim: &mut Sim) {
    let limit = sim.now().plus(86_400);
    sim.run_until_idle(limit);
}

fn state(w: &World, g: GroupId, k: ResKind) -> ResState {
    w.group(g).state_of(k).unwrap()
}

const EXCHANGE_2003: [ResKind; 6] =
    [ResKind::InformationStore, ResKind::Mta, ResKind::Routing, ResKind::Smtp, ResKind::Http, ResKind::MsSearch];

#[test]
fn taking_the_sa_offline_takes_every_exchange_resource_but_not_the_network_or_disk() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 3);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: take-offline EVS1/sa");
    settle(&mut sim);
    let w = sim.world();
    let g = w.group_named("EVS1").unwrap();
    for k in EXCHANGE_2003.iter().chain(&[ResKind::SystemAttendant, ResKind::Imap4, ResKind::Pop3]) {
        assert_eq!(state(w, g, *k), ResState::Offline, "{k:?}");
    }
    for k in [ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk] {
        assert_eq!(state(w, g, k), ResState::Online, "{k:?}");
    }
}

#[test]
fn dependents_go_offline_before_what_they_depend_on() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 4);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: take-offline EVS1/sa");
    let g = sim.world().group_named("EVS1").unwrap();
    let sa = sim.world().group(g).find(ResKind::SystemAttendant).unwrap();
    // Step through every event: the SA starts stopping only when nothing depending on it is up.
    while let Some(t) = sim.next_event() {
        sim.advance_to(t);
        let group = sim.world().group(g);
        if matches!(group.resources[sa].state, ResState::OfflinePending { .. }) {
            for r in &group.resources {
                if r.deps & (1 << sa) != 0 {
                    assert!(matches!(r.state, ResState::Offline), "{:?} still {:?} while the SA stops", r.kind, r.state);
                }
            }
        }
    }
}

#[test]
fn bringing_the_sa_online_brings_what_it_needs_but_not_what_needs_it() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 5);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: take-offline EVS1/name");
    settle(&mut sim);
    let g = sim.world().group_named("EVS1").unwrap();
    // The Network Name took the SA and everything Exchange with it.
    assert_eq!(state(sim.world(), g, ResKind::SystemAttendant), ResState::Offline);
    apply(&mut sim, "NODE1: bring-online EVS1/sa");
    settle(&mut sim);
    let w = sim.world();
    assert_eq!(state(w, g, ResKind::NetworkName), ResState::Online);
    assert_eq!(state(w, g, ResKind::SystemAttendant), ResState::Online);
    for k in EXCHANGE_2003 {
        assert_eq!(state(w, g, k), ResState::Offline, "{k:?} should stay offline");
    }
    apply(&mut sim, "NODE1: bring-online EVS1");
    settle(&mut sim);
    assert!(sim.world().group(g).resources.iter().all(|r| r.state == ResState::Online));
    assert_eq!(sim.world().group(g).state_label(), "Online");
}

#[test]
fn moving_a_group_stops_it_here_and_starts_it_there_in_dependency_order() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 6);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: move-group EVS1");
    let g = sim.world().group_named("EVS1").unwrap();
    let node2 = sim.world().machine_named("NODE2").unwrap();
    let mut came_online: Vec<ResKind> = Vec::new();
    while let Some(t) = sim.next_event() {
        let before: Vec<ResState> = sim.world().group(g).resources.iter().map(|r| r.state).collect();
        sim.advance_to(t);
        for (r, b) in sim.world().group(g).resources.iter().zip(before) {
            if r.state == ResState::Online && b != ResState::Online {
                came_online.push(r.kind);
                assert_eq!(sim.world().group(g).owner, node2);
            }
        }
    }
    let pos = |k| came_online.iter().position(|x| *x == k).unwrap();
    assert!(pos(ResKind::IpAddress) < pos(ResKind::NetworkName));
    assert!(pos(ResKind::NetworkName) < pos(ResKind::SystemAttendant));
    assert!(pos(ResKind::SystemAttendant) < pos(ResKind::InformationStore));
    assert!(pos(ResKind::SystemAttendant) < pos(ResKind::Smtp));
    assert_eq!(sim.world().group(g).owner, node2);
    // Users lost mail only for the move: a few minutes (seed 000 measured 3 to 6 per EVS for
    // a whole upgrade's failovers).
    let down = sim.world().downtime.per_server[0];
    assert!(down > 30 && down < 600, "{down}");
}

#[test]
fn exchange_2000_protocols_depend_on_the_store_and_2003_ones_on_the_sa() {
    let e2000 = Sim::new(scenario("e2000-to-e2003"), 1);
    let w = e2000.world();
    let g = w.group_named("EVS1").unwrap();
    let group = w.group(g);
    let is = group.find(ResKind::InformationStore).unwrap();
    let sa = group.find(ResKind::SystemAttendant).unwrap();
    for k in [ResKind::Smtp, ResKind::Http, ResKind::Imap4, ResKind::Pop3] {
        assert_eq!(group.resources[group.find(k).unwrap()].deps, 1 << is, "{k:?}");
    }
    // After Upgrade Exchange Virtual Server to 2003, they hang off the SA.
    let r = run("e2000-to-e2003", 1, &correct_script("e2000-to-e2003"));
    let group = r.sim.world().group(g);
    for k in [ResKind::Smtp, ResKind::Http, ResKind::Imap4, ResKind::Pop3] {
        assert_eq!(group.resources[group.find(k).unwrap()].deps, 1 << sa, "{k:?}");
    }
}

#[test]
fn one_mta_per_cluster() {
    let sim = Sim::new(scenario("e2003-sp1-active-active"), 1);
    let w = sim.world();
    let with_mta = w.groups.iter().filter(|g| g.find(ResKind::Mta).is_some()).count();
    assert_eq!(with_mta, 1);
}

#[test]
fn initiate_failure_restarts_then_fails_the_group_over() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 7);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    let g = sim.world().group_named("EVS1").unwrap();
    let node1 = sim.world().machine_named("NODE1").unwrap();
    // Three failures within 900 s are restarted where they are...
    for _ in 0..3 {
        let out = apply(&mut sim, "NODE1: initiate-failure EVS1/store");
        assert!(!out.is_refused());
        settle(&mut sim);
        assert_eq!(sim.world().group(g).owner, node1);
        assert!(sim.world().group(g).is_online(ResKind::InformationStore));
    }
    // ...the fourth moves the group.
    apply(&mut sim, "NODE1: initiate-failure EVS1/store");
    settle(&mut sim);
    assert_ne!(sim.world().group(g).owner, node1);
    assert!(sim.world().group(g).resources.iter().all(|r| r.state == ResState::Online));
}

#[test]
fn restarting_the_owner_fails_its_groups_over() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 8);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: reboot");
    settle(&mut sim);
    let w = sim.world();
    let node2 = w.machine_named("NODE2").unwrap();
    for g in &w.groups {
        assert_eq!(g.owner, node2, "{}", g.name);
        assert!(g.resources.iter().all(|r| r.state == ResState::Online), "{}", g.name);
    }
    // The session on NODE1 ended with the restart.
    let node1 = w.machine_named("NODE1").unwrap();
    assert!(w.machine(node1).logged_on.is_none());
}

#[test]
fn group_states_follow_the_reference() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 9);
    let g = sim.world().group_named("EVS1").unwrap();
    assert_eq!(sim.world().group(g).state_label(), "Online");
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: take-offline EVS1/sa");
    assert_eq!(sim.world().group(g).state_label(), "Pending");
    settle(&mut sim);
    assert_eq!(sim.world().group(g).state_label(), "Partially Online");
    apply(&mut sim, "NODE1: take-offline EVS1");
    settle(&mut sim);
    assert_eq!(sim.world().group(g).state_label(), "Offline");
}

#[test]
fn upgrade_evs_checks_what_the_seed_requires() {
    let r = run("e2003-sp1-active-passive", 1, "NODE1: logon CORP\\exadmin\nNODE2: logon CORP\\exadmin\nNODE2: install hotfix-831464\nwait\nNODE2: reboot\nwait\nNODE2: logon CORP\\exadmin\nNODE2: install exchange-2003-sp1\nwait\n");
    let mut sim = r.sim;
    // With the Exchange resources online: refused.
    let out = apply(&mut sim, "NODE2: upgrade-evs EVS1");
    assert!(out.is_refused() && out.message() == "The cluster node is not the owner of the group.", "{}", out.message());
    apply(&mut sim, "NODE1: move-group EVS1");
    settle(&mut sim);
    let out = apply(&mut sim, "NODE2: upgrade-evs EVS1");
    assert!(out.is_refused() && out.message().contains("because the cluster resource is online"), "{}", out.message());
    apply(&mut sim, "NODE2: take-offline EVS1/sa");
    settle(&mut sim);
    let out = apply(&mut sim, "NODE2: upgrade-evs EVS1");
    assert!(matches!(out, Outcome::Started(_)), "{}", out.message());
    settle(&mut sim);
    assert!(sim.log().iter().any(|e| e.text.contains("has been upgraded successfully")));
    let w = sim.world();
    assert_eq!(w.server(w.server_named("EVS1").unwrap()).version.build_number(), "6.5.7226.6");
}

#[test]
fn time_passes_only_when_asked() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 1);
    apply(&mut sim, "NODE1: logon CORP\\exadmin");
    apply(&mut sim, "NODE1: backup files");
    assert_eq!(sim.now(), SimTime::ZERO);
    let done = sim.next_event().unwrap();
    sim.advance_to(SimTime(done.secs() - 1));
    assert!(sim.world().backups.is_empty());
    sim.advance_to(done);
    assert_eq!(sim.world().backups.len(), 1);
    // Going back is refused, and changes nothing.
    let a = clusterdrill::sim::Action::new("NODE1", clusterdrill::sim::Verb::ReadLog);
    assert!(sim.apply(SimTime(0), &a).is_err());
    assert_eq!(sim.steps(), 2);
}

#[test]
fn unknown_names_are_errors_not_steps() {
    let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 1);
    for line in ["NODE9: reboot", "NODE1: logon CORP\\nobody", "NODE1: bring-online EVS9", "NODE1: bring-online EVS1/directory", "NODE1: backup exchange EVS7"] {
        let Ok(script::Line::Action(a)) = script::parse_line(line) else { panic!() };
        let err = sim.apply(SimTime(0), &a).unwrap_err();
        assert!(err.message().contains("no"), "{line}: {err}");
    }
    assert_eq!(sim.steps(), 0);
    let _ = Goal::None;
}

#[test]
fn the_consoles_offer_only_what_their_software_has() {
    use clusterdrill::sim::views::console_tools;
    // Windows NT 4.0 and Exchange 5.5: no System State, no Exchange Full Administrator.
    let r = run("e55-move-users", 1, "NODE1: logon CONTOSO\\exadmin\nNODE1: backup system-state\nNODE1: delegate-full-admin CONTOSO\\exadmin \"First Administrative Group\"\n");
    let w = r.sim.world();
    let node1 = w.machine_named("NODE1").unwrap();
    let tools = console_tools(w, r.sim.scenario(), node1);
    assert_eq!((tools.system_state_backup, tools.delegate_full_admin, tools.migration_setup), (false, false, true));
    assert!(r.steps[1].outcome.is_refused() && r.steps[1].outcome.message().contains("no System State"), "{}", r.steps[1].outcome.message());
    assert!(r.steps[2].outcome.is_refused() && r.steps[2].outcome.message().contains("no administrative groups"), "{}", r.steps[2].outcome.message());
    // Windows 2003 and Exchange 2003: both.
    let r = run("e2003-sp1-active-passive", 1, "");
    let w = r.sim.world();
    let tools = console_tools(w, r.sim.scenario(), w.machine_named("NODE1").unwrap());
    assert!(tools.system_state_backup && tools.delegate_full_admin && !tools.migration_setup);
    assert!(!clusterdrill::sim::views::has_exchange_admin(w, r.sim.scenario()));
}

#[test]
fn the_simulated_tools_say_what_happened_never_what_to_do() {
    // Everything the consoles, the event logs and the refusals said across every correct
    // procedure and every finding case: none of it coaches (that is for hints and the debrief).
    let coaching = ["first.", "first,", "first:", "wait for", "bring it online", "restore it", "run it again", "move it to", "recovery may", "try again", "should", "instead", "one evs at a time", "is part of the procedure", "then restore", "must be stopped", "controls them", "applies its"];
    let mut said = 0;
    let mut sessions: Vec<(String, String)> = clusterdrill::sim::scenario::builtins().iter().map(|s| (s.id.clone(), correct_script(&s.id))).collect();
    sessions.extend(cases().into_iter().map(|c| (c.scenario, c.bad)));
    for (id, script) in sessions {
        let r = run(&id, 1, &script);
        let texts = r.sim.log().iter().map(|e| e.text.clone()).chain(r.sim.notices().iter().map(|n| n.text.clone())).chain(r.steps.iter().map(|s| s.outcome.message().to_string()));
        for text in texts {
            let lower = text.to_lowercase();
            assert!(!coaching.iter().any(|c| lower.contains(c)), "{id}: \"{text}\" coaches");
            said += 1;
        }
    }
    assert!(said > 1000, "only {said} texts checked");
    // And what the engine can say that no session above reached: every string literal in the
    // files that refuse, report and log, read from their source.
    let mut literals = 0;
    for file in ["verbs.rs", "ops.rs", "monitor.rs", "faults.rs", "engine.rs"] {
        let source = std::fs::read_to_string(format!("{}/src/sim/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for text in string_literals(&source) {
            let lower = text.to_lowercase();
            assert!(!coaching.iter().any(|c| lower.contains(c)), "src/sim/{file}: \"{text}\" coaches");
            literals += 1;
        }
    }
    assert!(literals > 200, "only {literals} literals read");
}

/// The string literals of Rust source, outside comments (a char literal `'"'` is not one).
fn string_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                // A char literal ('"', '\'') is skipped; a lifetime has no closing quote near.
                let ahead: String = chars.clone().take(3).collect();
                if ahead.starts_with("\"'") {
                    chars.nth(1);
                } else if ahead.starts_with("\\") {
                    chars.nth(2);
                }
            }
            '"' => {
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(e) = chars.next() {
                                text.push(e);
                            }
                        }
                        '"' => break,
                        c => text.push(c),
                    }
                }
                out.push(text);
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_cluster_service_names_resources_as_cluster_administrator_does() {
    // An upgraded EVS sent back to a node not yet upgraded: its System Attendant fails there.
    let r = run("e2003-sp1-active-passive", 1, &case("upgraded-evs-on-old-node").bad);
    let w = r.sim.world();
    let g = w.group_named("EVS1").unwrap();
    let sa = clusterdrill::sim::world::ResourceId { group: g, index: w.group(g).find(ResKind::SystemAttendant).unwrap() };
    let shown = w.resource_name(sa);
    assert_eq!(shown, "Exchange System Attendant - EVS1");
    let event = format!("Cluster resource '{shown}' in resource group 'EVS1' failed.");
    assert!(r.sim.log().iter().any(|e| e.source == "ClusSvc" && e.text == event), "no `{event}` in the System log");
    assert!(r.sim.notices().iter().any(|n| n.text.starts_with(&format!("EVS1: {shown} failed on NODE1."))));
}

#[test]
fn a_console_that_is_down_runs_nothing_cluster_administrator_included() {
    let r = run("e2003-sp1-active-passive", 1, "NODE2: logon CORP\\exadmin\nNODE2: reboot\n");
    let w = r.sim.world();
    let (node1, node2) = (w.machine_named("NODE1").unwrap(), w.machine_named("NODE2").unwrap());
    assert_eq!(clusterdrill::sim::views::console_down(w, node2).as_deref(), Some("NODE2 is restarting."));
    assert_eq!(clusterdrill::sim::views::console_down(w, node1), None);
    let back = run("e2003-sp1-active-passive", 1, "NODE2: logon CORP\\exadmin\nNODE2: reboot\nwait\n");
    assert_eq!(clusterdrill::sim::views::console_down(back.sim.world(), node2), None);
}

#[test]
fn exchange_55_setup_refuses_the_cluster_group_without_saying_which_group_to_pick() {
    let r = run("e55-move-users", 1, "NODE1: logon CONTOSO\\exadmin\nNODE1: install-mscs EXCLUS CONTOSO\\svc-exchange\nwait\nNODE1: exchange-setup install Contoso HQ CONTOSO\\svc-exchange \"Cluster Group\"\n");
    let last = r.steps.last().unwrap();
    assert!(last.outcome.is_refused());
    assert_eq!(last.outcome.message(), "Exchange Server cannot be installed in the Cluster Group.");
}

#[test]
fn a_clean_install_of_windows_starts_with_empty_event_logs() {
    let script = correct_script("e55-disaster-recovery");
    // Up to the first clean install of a node, and that install finished.
    let upto: String = script.lines().take_while(|l| !l.contains("install-windows")).map(|l| format!("{l}\n")).collect();
    let line = script.lines().find(|l| l.contains("install-windows")).unwrap();
    let before = run("e55-disaster-recovery", 1, &upto);
    let node = before.sim.world().machine_named(line.split(':').next().unwrap().trim()).unwrap();
    assert!(before.sim.log().iter().any(|e| e.machine == node), "the node logged something before");
    let after = run("e55-disaster-recovery", 1, &format!("{upto}{line}\nwait\n"));
    let kept: Vec<_> = after.sim.log().iter().filter(|e| e.machine == node).collect();
    assert_eq!(kept.first().map(|e| e.text.as_str()), Some("The Event log service was started."), "{kept:#?}");
    // Nothing from before the installation finished.
    assert!(kept.iter().all(|e| e.at >= kept[0].at && e.at > before.sim.now()), "{kept:#?}");
}
