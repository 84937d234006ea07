//! The presenter view and undo, natively: every position of every reel shows the state that
//! step had when played forward, whichever way it is reached; playing stops at captions; the
//! solver marks the point of no return; taking over keeps the steps so far; undo is counted
//! and written down.

mod common;

use clusterdrill::sim::reel::{self, Mark};
use clusterdrill::sim::transcript::{Transcript, grade};
use clusterdrill::sim::SimTime;
use clusterdrill::trainer::{Judgement, Keep, Msg, Presenter, Screen, Trainer};
use common::*;


fn presenter(name: &str) -> Presenter {
    let r = reel::builtin(name).unwrap();
    Presenter::new(&scenario(&r.transcript.scenario), r).unwrap()
}

#[test]
fn every_position_of_every_reel_shows_the_state_it_had_played_forward() {
    let mut checked = 0;
    for (name, r) in reel::builtins() {
        let s = scenario(&r.transcript.scenario);
        let mut forward = Presenter::new(&s, r.clone()).unwrap();
        let mut prints = vec![forward.view().sim().fingerprint()];
        for n in 1..=forward.end() {
            forward.go_to(n).unwrap();
            assert_eq!(forward.at(), n);
            prints.push(forward.view().sim().fingerprint());
        }
        // The end: the clock where the recording stopped, its debrief final, its findings shown.
        let end = forward.view();
        assert_eq!(end.sim().now(), r.transcript.end, "{name}");
        assert_eq!(end.ended(), r.transcript.finished, "{name}");
        // Backwards, and by jumps, each position gives the same state.
        let mut jumping = Presenter::new(&s, r.clone()).unwrap();
        let order: Vec<usize> = (0..=jumping.end()).rev().chain((0..=jumping.end()).step_by(3)).collect();
        for n in order {
            jumping.go_to(n).unwrap();
            assert_eq!(jumping.view().sim().fingerprint(), prints[n], "{name}: position {n}");
            assert_eq!(jumping.view().steps(), &forward.recording().steps()[..n.min(forward.recording().steps().len())]);
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} positions");
}

#[test]
fn stepping_is_clamped_to_the_timeline() {
    let mut p = presenter("sa-only-online");
    p.step_by(-1).unwrap();
    assert_eq!(p.at(), 0);
    p.go_to(usize::MAX).unwrap();
    assert_eq!(p.at(), p.end());
    p.step_by(1).unwrap();
    assert_eq!(p.at(), p.end());
}

#[test]
fn playing_stops_at_each_captioned_step_and_at_the_end() {
    let mut p = presenter("parallel-evs-upgrade");
    p.set_interval(700);
    p.set_playing(true);
    let mut stops = Vec::new();
    let mut now = 0;
    while p.at() < p.end() {
        if !p.playing() {
            stops.push(p.at());
            p.set_playing(true);
        }
        now += 100;
        p.tick(now).unwrap();
    }
    assert!(!p.playing(), "stopped at the end");
    let captioned: Vec<usize> = p.reel().captions.iter().filter_map(|c| if let Mark::After(n) = c.at { Some(n) } else { None }).filter(|n| *n > 0).collect();
    assert_eq!(stops, captioned, "it rests at every caption after the start, and nowhere else");
    // A step every 700 ms: 21 steps and the end are 22 intervals, plus the first tick.
    assert!(now >= 22 * 700 && now <= 23 * 700 + 100 * 22, "{now} ms");
}

#[test]
fn the_point_of_no_return_of_the_parallel_upgrade_is_the_second_upgrade() {
    let mut p = presenter("parallel-evs-upgrade");
    while p.judge_next() {}
    assert!(p.judged_all());
    let second = p.recording().steps().iter().rposition(|s| s.action.to_string() == "NODE2: upgrade-evs EVS2").unwrap() + 1;
    assert_eq!(p.point_of_no_return(), Some(second), "the step after which the run cannot pass");
    match p.judgement(second - 1) {
        Some(Judgement::CanPass(par)) => assert!(par.steps > 0 && par.downtime > 0),
        other => panic!("before the second upgrade: {other:?}"),
    }
    // A correct run never reaches one.
    let mut right = presenter("right-way-e2003-sp1-active-passive");
    while right.judge_next() {}
    assert_eq!(right.point_of_no_return(), None);
    assert!(matches!(right.judgement(0), Some(Judgement::CanPass(_))));
}

#[test]
fn the_judgement_of_the_step_shown_comes_first() {
    let mut p = presenter("parallel-evs-upgrade");
    p.go_to(21).unwrap();
    assert!(p.judge_next());
    assert_eq!(p.judgement(21), Some(Judgement::CannotPass));
    assert_eq!(p.judgement(0), None);
}

#[test]
fn taking_over_before_the_second_upgrade_goes_on_live_to_a_pass() {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::PresentReel("parallel-evs-upgrade".into()));
    assert_eq!(t.screen(), Screen::Presenter);
    let second = t.presenter().unwrap().recording().steps().iter().rposition(|s| s.action.to_string() == "NODE2: upgrade-evs EVS2").unwrap();
    t.update(Msg::PresentAt(second));
    assert_eq!(t.session().unwrap().steps().len(), second);
    // Acting takes over: the steps so far are kept, the rest of the reel is gone.
    t.update(Msg::WaitIdle);
    assert_eq!(t.screen(), Screen::Session);
    assert!(t.presenter().is_none());
    assert!(t.notice().unwrap().0.starts_with("Live from step 20 of “Two EVSs upgraded at once"), "{:?}", t.notice());
    // Not "from the scenario list": a recording from a file or a link is not there.
    assert!(t.notice().unwrap().0.contains("the recording is closed (open it again to present it)"), "{:?}", t.notice());
    t.update(Msg::Notice(None));
    for line in [
        "NODE2: upgrade-evs EVS2",
        "wait",
        "NODE2: bring-online EVS1",
        "NODE2: bring-online EVS2",
        "wait",
        "NODE2: read-log",
        "NODE1: install hotfix-831464",
        "wait",
        "NODE1: reboot",
        "wait",
        "NODE1: logon CORP\\exadmin",
        "NODE1: install exchange-2003-sp1",
        "wait",
        "NODE1: move-group EVS1 NODE1",
        "wait",
        "NODE1: read-log",
        "NODE1: backup files",
        "NODE2: backup files",
        "wait",
        "NODE1: backup system-state",
        "NODE2: backup system-state",
        "wait",
        "NODE1: backup exchange EVS1",
        "NODE2: backup exchange EVS2",
        "wait",
    ] {
        if line == "wait" {
            t.update(Msg::WaitIdle);
        } else {
            t.update(Msg::Act(action(line)));
            assert_eq!(t.notice(), None, "{line}");
        }
    }
    t.update(Msg::End);
    let report = t.session().unwrap().debrief().unwrap().clone();
    assert!(report.passed && report.findings.is_empty(), "{}", report.to_text());
    // The live session is the one kept in the browser, with the reel's steps before it.
    let Keep::Clear = t.keep() else { panic!("an ended session clears what was kept") };
}

#[test]
fn undo_goes_back_counts_and_is_written_down() {
    let mut t = Trainer::new(3, None, Vec::new(), None);
    t.update(Msg::Start);
    for line in ["NODE1: logon CORP\\exadmin", "NODE2: logon CORP\\exadmin", "NODE2: reboot"] {
        t.update(Msg::Act(action(line)));
    }
    let before_reboot = {
        let mut s = clusterdrill::trainer::Session::new(scenario("e2003-sp1-active-passive"), 3);
        s.act(action("NODE1: logon CORP\\exadmin")).unwrap();
        s.act(action("NODE2: logon CORP\\exadmin")).unwrap();
        s.sim().fingerprint()
    };
    t.update(Msg::UndoTo(2));
    let s = t.session().unwrap();
    assert_eq!((s.steps().len(), s.undos(), s.sim().fingerprint()), (2, 1, before_reboot));
    // Nothing later to undo: said, and nothing changes.
    t.update(Msg::UndoTo(2));
    assert!(t.notice().is_some());
    assert_eq!(t.session().unwrap().undos(), 1);
    let Keep::Session(kept) = t.keep() else { panic!("the undone session is the one kept") };
    assert_eq!(kept.meta.undos, 1);
    assert!(kept.to_text().contains("\nundos 1\n"));
    let back = Transcript::parse(&kept.to_text()).unwrap();
    assert_eq!(back, kept);
    let report = grade(&scenario("e2003-sp1-active-passive"), &back, None).unwrap();
    assert_eq!(report.undos, 1);
    assert!(report.to_text().contains("after 2 steps, with 1 undo."), "{}", report.to_text());
    t.update(Msg::ShowDebrief);
    assert_eq!(t.session().unwrap().debrief().unwrap().undos, 1);
}

#[test]
fn a_transcript_or_reel_file_opens_in_the_presenter_view_and_a_bad_one_says_why() {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    let golden = std::fs::read_to_string(format!("{}/tests/golden/e55-move-users.transcript", env!("CARGO_MANIFEST_DIR"))).unwrap();
    t.update(Msg::Present("move.transcript".into(), golden));
    let p = t.presenter().expect("a transcript is presented");
    assert_eq!(p.reel().title, "move.transcript");
    assert!(p.reel().captions.is_empty());
    t.update(Msg::BackToPicker);
    let reel = reel::builtin("sa-only-online").unwrap().to_text();
    t.update(Msg::Present("sa.reel".into(), reel.replacen("shows ", "shows bogus ", 1)));
    assert_eq!(t.screen(), Screen::Picker);
    let (notice, good) = t.notice().unwrap();
    assert!(notice.starts_with("sa.reel is not a readable reel or transcript: line 3: `bogus` is not a finding") && !good, "{notice}");
    t.update(Msg::Present("sa.reel".into(), reel));
    assert_eq!(t.screen(), Screen::Presenter);
    assert_eq!(t.session().unwrap().sim().now(), SimTime::ZERO);
}

#[test]
fn a_link_round_trips_every_reel_exactly_and_stays_short() {
    use clusterdrill::sim::link::{Shared, decode, encode};
    let mut longest = 0;
    for (name, r) in reel::builtins() {
        let shared = Shared { recording: r.to_text(), scenario: None, at: Some(r.transcript.actions.len()) };
        let link = encode(&shared);
        longest = longest.max(link.len());
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_#=@".contains(&b)), "{name}: URL-safe");
        let back = decode(&link).unwrap();
        assert_eq!(back, shared, "{name}");
        assert_eq!(reel::Reel::parse(&back.recording).unwrap(), r, "{name}");
    }
    assert!(longest < 2000, "the longest reel's link has {longest} characters");
    // With a scenario file carried whole.
    let shared = Shared { recording: reel::builtin("sa-only-online").unwrap().to_text(), scenario: Some("id = \"x\"\n".into()), at: None };
    assert_eq!(decode(&encode(&shared)).unwrap(), shared);
}

#[test]
fn a_damaged_link_is_refused_with_a_clear_error() {
    use clusterdrill::sim::link::{Shared, decode, encode};
    let good = encode(&Shared { recording: reel::builtin("parallel-evs-upgrade").unwrap().to_text(), scenario: None, at: None });
    for len in [good.len() / 2, good.len() / 2 + 1, good.len() - 1, good.len() - 7] {
        let cut = &good[..len];
        assert!(decode(cut).unwrap_err().contains("cut short"), "{len}: {:?}", decode(cut));
    }
    let mut flipped = good.clone().into_bytes();
    let i = flipped.len() / 3;
    flipped[i] = if flipped[i] == b'A' { b'B' } else { b'A' };
    let e = decode(std::str::from_utf8(&flipped).unwrap()).map(|s| s.recording.len());
    // A changed character either breaks the packing or changes the text (which the reader
    // then refuses or shows as it is): never a panic.
    if let Err(e) = e {
        assert!(e.contains("damaged") || e.contains("cut short") || e.contains("not a Cluster Drill link"), "{e}");
    }
    assert!(decode("#share=").unwrap_err().contains("holds nothing"));
    assert!(decode("#share=***").unwrap_err().contains("damaged"));
    let huge = "A".repeat(clusterdrill::sim::limits::LINK_CHARS + 1);
    assert!(decode(&huge).unwrap_err().contains("longer than"));
    // A bomb: far more than a transcript and a scenario, packed small.
    let bomb = encode(&Shared { recording: "x".repeat(4 << 20), scenario: None, at: None });
    assert!(bomb.len() < 10_000);
    assert!(decode(&bomb).unwrap_err().contains("more than a transcript"));
}

#[test]
fn a_shared_link_opens_in_the_presenter_view_and_a_bad_one_changes_nothing() {
    use clusterdrill::sim::link::{Shared, encode};
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(kept) = t.keep() else { panic!() };
    let reel_text = reel::builtin("sa-only-online").unwrap().to_text();
    for (fragment, want) in [
        ("#share=AAAA".to_string(), "This shared link cannot be opened: the link is"),
        (encode(&Shared { recording: reel_text.replace("scenario e2003-sp1-active-passive", "scenario gone"), scenario: None, at: None }), "scenario `gone`, which this trainer does not have"),
        (encode(&Shared { recording: reel_text.replace("scenario-version 1", "scenario-version 9"), scenario: None, at: None }), "version 9"),
    ] {
        t.update(Msg::PresentLink(fragment));
        let (notice, good) = t.notice().expect("a notice");
        assert!(notice.contains(want) && !good, "{notice}");
        assert!(notice.starts_with("This shared link cannot be opened: ") && notice.matches("cannot be").count() == 1, "said once: {notice}");
        assert_eq!(t.screen(), Screen::Session, "the session stays on screen");
        assert_eq!(t.keep(), Keep::Session(kept.clone()), "and kept");
    }
    // A link that opens at a step: the room starts where the sender was.
    let at_step = encode(&Shared { recording: reel_text.clone(), scenario: None, at: Some(10) });
    assert!(at_step.ends_with("@10"));
    t.update(Msg::PresentLink(at_step));
    assert_eq!(t.presenter().unwrap().at(), 10);
    t.update(Msg::PresentLink(encode(&Shared { recording: reel_text.clone(), scenario: None, at: None }) + "@x"));
    assert!(t.notice().unwrap().0.contains("`@x` at the end of the link is not a step number"), "{:?}", t.notice());
    t.update(Msg::PresentLink(encode(&Shared { recording: reel_text, scenario: None, at: None })));
    assert_eq!(t.screen(), Screen::Presenter);
    assert_eq!(t.presenter().unwrap().reel().title, "After the upgrade, only the System Attendant brought back online");
    t.update(Msg::BackToPicker);
    assert_eq!(t.saved(), Some(&kept), "the session left for the link is offered to resume");
    // An instructor's scenario travels in the link, and is used for this recording only.
    let toml = std::fs::read_to_string(format!("{}/scenarios/e2003-sp1-active-passive.toml", env!("CARGO_MANIFEST_DIR"))).unwrap().replacen("id = \"e2003-sp1-active-passive\"", "id = \"night\"", 1);
    let recording = reel::builtin("sa-only-online").unwrap().to_text().replace("scenario e2003-sp1-active-passive", "scenario night");
    t.update(Msg::PresentLink(encode(&Shared { recording, scenario: Some(toml), at: None })));
    assert_eq!(t.screen(), Screen::Presenter, "{:?}", t.notice());
    assert_eq!(t.session().unwrap().sim().scenario().id, "night");
    assert!(t.scenarios().iter().all(|s| s.id != "night"), "not added to the browser's scenarios");
}

mod faults {
    use super::*;
    use clusterdrill::sim::Sim;
    use clusterdrill::sim::transcript::replay;

    fn ap_at_start() -> Sim {
        let mut sim = Sim::new(scenario("e2003-sp1-active-passive"), 4);
        for line in ["NODE1: logon CORP\\exadmin", "NODE2: logon CORP\\exadmin"] {
            sim.apply(SimTime::ZERO, &action(line)).unwrap();
        }
        sim
    }

    #[test]
    fn every_fault_on_offer_is_one_the_state_allows() {
        let mut offered = std::collections::BTreeSet::new();
        for name in ["parallel-evs-upgrade", "right-way-e55-disaster-recovery", "right-way-e2000-to-e2003"] {
            let mut p = presenter(name);
            for n in 0..=p.end() {
                p.go_to(n).unwrap();
                for choice in clusterdrill::sim::views::faults(p.view().sim().world()) {
                    let mut sim = p.view().sim().clone();
                    let o = sim.apply(sim.now(), &choice.action).unwrap_or_else(|e| panic!("{name} at {n}: {}: {e}", choice.action));
                    assert!(!o.is_refused(), "{name} at {n}: {} offered but refused: {}", choice.action, o.message());
                    // None is made at the fault (what is judged at the end follows the state).
                    let ids = |s: &clusterdrill::sim::Sim| s.report(s.now(), None).findings.iter().filter(|f| !f.judged_at_end).map(|f| f.id).collect::<Vec<_>>();
                    assert_eq!(ids(&sim), ids(p.view().sim()), "{name} at {n}: {}", choice.action);
                    offered.insert(choice.action.verb.form().syntax);
                }
            }
        }
        assert_eq!(offered.len(), 5, "every kind of fault was offered somewhere: {offered:?}");
    }

    #[test]
    fn a_power_cut_fails_the_groups_over_and_is_not_the_learners_mistake() {
        // The learner restarting NODE1 while it runs EVS1 is a mistake...
        let mut learner = ap_at_start();
        learner.apply(SimTime::ZERO, &action("NODE1: reboot")).unwrap();
        assert!(finding_ids(&learner.report(learner.now(), None)).contains(&"upgrade-node-hosting-online"));
        // ...the instructor cutting its power is not: the groups fail over all the same.
        let mut sim = ap_at_start();
        let outcome = sim.apply(SimTime::ZERO, &action("NODE1: fault power-loss")).unwrap();
        assert_eq!(outcome.message(), "NODE1 lost power.");
        // Nothing is taken offline in order on a machine without power: its users are cut off
        // at once, until the failover brings EVS1 up on NODE2.
        assert_eq!(sim.world().users_down(), 400, "users down the moment the power goes");
        sim.run_until_idle(SimTime(3600));
        assert_eq!(sim.world().users_down(), 0);
        let w = sim.world();
        let evs1 = w.group_ids().find(|g| w.group(*g).name == "EVS1").unwrap();
        assert_eq!(w.machine(w.group(evs1).owner).slot, "NODE2", "EVS1 failed over");
        let report = sim.report(sim.now(), None);
        assert_eq!(finding_ids(&report), Vec::<&str>::new());
        assert_eq!(report.steps, 2, "the fault is not one of the learner's steps");
        assert_eq!((report.faults.len(), report.faults[0].step, report.faults[0].what.as_str()), (1, 3, "NODE1: fault power-loss"));
        assert!(report.to_text().contains("Injected by the instructor (1), not counted as steps or mistakes:\n  0:00:00 (step 3) NODE1: fault power-loss\n"));
        // The surviving node's System log says what a real one said; the console is off.
        assert!(sim.log().iter().any(|e| e.source == "ClusSvc" && e.text.starts_with("Cluster node NODE1 was removed from the active server cluster membership")));
        assert!(sim.apply(sim.now(), &action("NODE1: fault restart")).unwrap().is_refused(), "a machine that is off cannot crash");
    }

    #[test]
    fn a_hung_upgrade_session_is_ended_in_task_manager_as_the_real_one() {
        let mut t = Trainer::new(1, None, Vec::new(), None);
        t.update(Msg::PresentReel("right-way-e2003-sp1-active-passive".into()));
        let first = t.presenter().unwrap().recording().steps().iter().position(|s| s.action.to_string().contains("upgrade-evs")).unwrap() + 1;
        t.update(Msg::PresentAt(first));
        // Injecting takes over from the step shown: the fault is the next step of a live session.
        t.update(Msg::Act(action("NODE2: fault hang-setup")));
        assert_eq!(t.screen(), Screen::Session);
        let s = t.session().unwrap();
        assert_eq!(s.steps().len(), first + 1);
        assert_eq!(s.steps()[first].outcome.message(), "The Upgrade Exchange Virtual Server session on NODE2 hangs.");
        assert!(s.sim().world().machines.iter().any(|m| m.slot == "NODE2" && m.cluadmin_hung));
        t.update(Msg::Act(action("NODE2: bring-online EVS1")));
        assert_eq!(t.session().unwrap().steps().last().unwrap().outcome.message(), "Cluster Administrator is not responding.");
        t.update(Msg::Act(action("NODE2: end-task")));
        let s = t.session().unwrap();
        assert!(!s.steps().last().unwrap().outcome.is_refused(), "{}", s.steps().last().unwrap().outcome.message());
        // Written down and read back: the same session, the fault marked as the instructor's.
        let text = s.transcript().to_text();
        assert!(text.contains(" NODE2: fault hang-setup\n"), "{text}");
        let t2 = Transcript::parse(&text).unwrap();
        let again = replay(&scenario("e2003-sp1-active-passive"), &t2, false).unwrap();
        assert_eq!(again.fingerprint(), s.sim().fingerprint());
        assert_eq!(again.report(again.now(), None).faults.len(), 1);
        // No session running: refused, and said why.
        let mut fresh = ap_at_start();
        let o = fresh.apply(SimTime::ZERO, &action("NODE2: fault hang-setup")).unwrap();
        assert_eq!(o.message(), "No Upgrade Exchange Virtual Server session is running on NODE2.");
    }

    #[test]
    fn a_slow_recovery_keeps_the_store_recovering_half_an_hour_longer() {
        let golden = Transcript::parse(&std::fs::read_to_string(format!("{}/tests/golden/e55-disaster-recovery.transcript", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap();
        let s = scenario("e55-disaster-recovery");
        let mut sim = Sim::new(s.clone(), golden.seed);
        let recovering = |sim: &Sim| sim.world().ops.iter().find(|o| matches!(o.kind, clusterdrill::sim::world::OpKind::IsRecovery { .. })).map(|o| (o.machine, o.due));
        let mut found = None;
        for (at, a) in &golden.actions {
            sim.apply(*at, a).unwrap();
            if let Some(r) = recovering(&sim) {
                found = Some(r);
                break;
            }
        }
        let (machine, due) = found.expect("the store recovers at some step of the walk-through");
        let slot = sim.world().machine(machine).slot.clone();
        let o = sim.apply(sim.now(), &action(&format!("{slot}: fault slow-recovery"))).unwrap();
        assert_eq!(o.message(), format!("The store recovering on {slot} will take 30 minutes longer."));
        assert_eq!(recovering(&sim).unwrap().1, due.plus(1800));
    }
}

#[test]
fn undo_of_the_last_step_goes_back_to_just_before_it_keeping_the_time_waited() {
    let mut t = Trainer::new(3, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    t.update(Msg::Act(action("NODE2: install hotfix-831464")));
    t.update(Msg::WaitIdle);
    let waited = t.session().unwrap().sim().now();
    let before = t.session().unwrap().sim().fingerprint();
    // A refused step after the wait, undone: the clock stays where the wait left it.
    t.update(Msg::Act(action("NODE2: install exchange-2003-sp1")));
    assert!(t.session().unwrap().steps().last().unwrap().outcome.is_refused(), "SP1 waits for the restart");
    // (The timeline's "back to here" on step 2 goes to just after it, before the wait.)
    let mut timeline = t.session().unwrap().clone();
    timeline.undo_to(2).unwrap();
    assert_eq!(timeline.sim().now(), t.session().unwrap().steps()[1].at);
    t.update(Msg::Undo);
    let s = t.session().unwrap();
    assert_eq!((s.steps().len(), s.sim().now(), s.sim().fingerprint()), (2, waited, before));
    // And the transcript kept says so: its replay is the same moment.
    let Keep::Session(kept) = t.keep() else { panic!() };
    assert_eq!(kept.end, waited);
    assert_eq!(clusterdrill::sim::transcript::replay(&scenario("e2003-sp1-active-passive"), &kept, false).unwrap().fingerprint(), before);
}

#[test]
fn the_findings_so_far_follow_the_captions_what_is_judged_at_the_end_as_if_it_ended_there() {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::PresentReel("sa-only-online".into()));
    let sa_only = clusterdrill::sim::findings::FindingId::SaOnlyOnline.title();
    let shown = |t: &Trainer| t.presenter().unwrap().findings().iter().map(|f| (f.title, f.if_it_ended_here)).collect::<Vec<_>>();
    // The step whose caption names it.
    let named = (0..=t.presenter().unwrap().end())
        .find(|n| {
            t.presenter().unwrap().reel().caption(t.presenter().unwrap().mark(*n)).is_some_and(|c| {
                c.parts.iter().any(|p| matches!(p, clusterdrill::sim::reel::Part::Finding(clusterdrill::sim::findings::FindingId::SaOnlyOnline)))
            })
        })
        .expect("a caption names the finding");
    // Before the System Attendant is brought online alone: not among them.
    t.update(Msg::PresentAt(named - 1));
    assert!(!shown(&t).iter().any(|(title, _)| *title == sa_only), "{:?}", shown(&t));
    // At that step: there, as it would count if it ended here.
    t.update(Msg::PresentAt(named));
    assert!(t.presenter().unwrap().caption().is_some());
    assert!(shown(&t).contains(&(sa_only, true)), "{:?}", shown(&t));
    // At the end, judged.
    let end = t.presenter().unwrap().end();
    t.update(Msg::PresentAt(end));
    assert!(shown(&t).contains(&(sa_only, false)), "{:?}", shown(&t));
}

#[test]
fn taking_over_goes_on_live_as_practice_and_the_transcript_says_whose_steps_came_first() {
    use clusterdrill::sim::transcript::{MadeBy, Mode};
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::PresentReel("sa-only-online".into()));
    t.update(Msg::PresentAt(3));
    t.update(Msg::TakeOver);
    assert_eq!((t.screen(), t.session().unwrap().steps().len()), (Screen::Session, 3));
    t.update(Msg::Act(action("NODE1: read-log")));
    let Keep::Session(kept) = t.keep() else { panic!("kept once it acts") };
    assert_eq!((kept.meta.made_by, kept.meta.mode, kept.actions.len()), (MadeBy::Continued, Mode::Practice, 4));
    // From the start, every step is the learner's.
    t.update(Msg::PresentReel("sa-only-online".into()));
    t.update(Msg::TakeOver);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(kept) = t.keep() else { panic!() };
    assert_eq!(kept.meta.made_by, MadeBy::Learner);
}
