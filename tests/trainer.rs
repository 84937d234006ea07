//! The trainer's session and state, natively: the clock driven by real milliseconds, auto-pause,
//! Wait, resume, rewind, and what is kept in the browser, with no screen at all.

mod common;

use clusterdrill::sim::rules::HOURGLASS_WATCH;
use clusterdrill::sim::script::{Line, parse_script};
use clusterdrill::sim::transcript::Transcript;
use clusterdrill::sim::SimTime;
use clusterdrill::trainer::{Idle, Keep, Msg, Screen, Session, Tick, Trainer};
use common::*;

const AP: &str = "e2003-sp1-active-passive";


/// Plays a script in a session as the trainer would: each action now, each `wait` with Wait.
fn play_in(session: &mut Session, script: &str) {
    for (_, line) in parse_script(script).unwrap() {
        match line {
            Line::Action(a) => {
                session.act(a).unwrap();
            }
            Line::Wait(None) => session.wait().unwrap(),
            Line::Wait(Some(_)) | Line::Blank => panic!("the trainer has no fixed waits: use `wait`"),
        }
    }
}

fn ap_session(seed: u64) -> Session {
    Session::new(scenario(AP), seed)
}

#[test]
fn ticks_of_uneven_length_add_up_to_the_simulated_time() {
    let mut s = ap_session(1);
    s.set_pause_when_idle(false);
    s.set_speed(300);
    s.set_running(true);
    let mut now = 1_000;
    assert_eq!(s.tick(now), Tick::Still, "the first tick only sets the mark");
    for dt in [16, 250, 1, 1000, 37, 99, 1097, 500, 2] {
        now += dt;
        s.tick(now);
    }
    // 3,002 real ms at 300x: 900.6 simulated seconds, of which 900 have passed.
    assert_eq!(s.sim().now(), SimTime(900));
    now += 2;
    s.tick(now);
    assert_eq!(s.sim().now(), SimTime(901), "the fraction was carried, not lost");
}

#[test]
fn auto_pause_stops_when_idle_but_never_while_users_are_down() {
    // Nothing under way, everyone has mail: the first tick that moves time pauses the clock.
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::SetRunning(true));
    t.update(Msg::Tick(0));
    t.update(Msg::Tick(1_000));
    assert!(!t.session().unwrap().clock().running(), "idle and nobody down: paused");
    // The learner is told why the clock stopped by itself.
    assert!(t.notice().is_some_and(|(n, good)| good && n.contains("auto-pause")), "{:?}", t.notice());

    // EVS1's System Attendant taken offline: its users are down. Once the resources have
    // stopped nothing is under way, yet the clock runs on while they wait.
    let mut s = ap_session(1);
    play_in(&mut s, "NODE1: logon CORP\\exadmin\nNODE1: take-offline EVS1/sa\nwait\n");
    assert!(s.sim().world().users_down() > 0 && !s.sim().is_busy());
    s.set_speed(1800);
    s.set_running(true);
    let before = s.sim().now();
    for k in 0..20 {
        s.tick(k * 100);
    }
    assert!(s.clock().running(), "users are down: the clock keeps running");
    assert_eq!(s.tick(2_100), Tick::Moved);
    assert!(s.sim().now() > before.plus(3000));
}

#[test]
fn wait_on_a_hung_setup_watches_the_hourglass_for_the_fixed_time() {
    let mut s = Session::new(scenario("e2003-sp1-active-active"), 1);
    play_in(&mut s, &format!("{}wait\n", aa_parallel_upgrades()));
    // One upgrade finished, the other hangs: nothing will ever happen, yet it looks under way.
    assert!(!s.sim().is_busy() && !s.sim().world().ops.is_empty());
    let t = s.sim().now();
    s.wait().unwrap();
    assert_eq!(s.sim().now(), t.plus(HOURGLASS_WATCH));
    s.skip_to_next().unwrap();
    assert_eq!(s.sim().now(), t.plus(2 * HOURGLASS_WATCH));
    // With nothing under way at all, Wait says so and time stands still.
    let mut idle = ap_session(1);
    assert_eq!(idle.wait(), Err(Idle::NothingUnderWay));
    assert_eq!(idle.sim().now(), SimTime::ZERO);
}

#[test]
fn a_resumed_transcript_has_the_same_state_steps_and_clock() {
    let mut s = ap_session(4);
    play_in(&mut s, "NODE1: logon CORP\\exadmin\nNODE2: logon CORP\\exadmin\nNODE1: backup files\nNODE2: install exchange-2003-sp1\n");
    // Time runs on past the last step: the backup finishes after it.
    s.wait().unwrap();
    let t = s.transcript();
    assert!(!t.finished);
    let resumed = Session::resume(&scenario(AP), &Transcript::parse(&t.to_text()).unwrap()).unwrap();
    assert_eq!(resumed.sim().fingerprint(), s.sim().fingerprint());
    assert_eq!(resumed.steps(), s.steps());
    assert_eq!(resumed.sim().now(), s.sim().now());
    assert!(!resumed.ended());
}

#[test]
fn a_reload_comes_back_to_the_time_the_learner_had_reached() {
    // The defect: the saved session ended at its last action's time, so a finished backup
    // showed as running again. What the browser keeps follows the clock.
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    t.update(Msg::Act(action("NODE1: backup files")));
    let marker = t.keep_marker();
    t.update(Msg::WaitIdle);
    assert_ne!(t.keep_marker(), marker, "the clock moved without a step: what is kept must follow");
    let reached = t.session().unwrap().sim().now();
    assert!(reached > SimTime::ZERO);
    let Keep::Session(saved) = t.keep() else { panic!("a session with steps is kept") };
    assert_eq!(saved.end, reached);
    let reloaded = Trainer::new(2, Some(Transcript::parse(&saved.to_text()).unwrap()), Vec::new(), None);
    let mut reloaded = reloaded;
    reloaded.update(Msg::Resume);
    let s = reloaded.session().unwrap();
    assert_eq!(s.sim().now(), reached);
    assert_eq!(s.sim().world().backups.len(), 1, "the backup has finished, as it had");
    assert_eq!(s.sim().fingerprint(), t.session().unwrap().sim().fingerprint());
}

#[test]
fn a_transcript_saved_mid_session_opens_as_a_session_to_continue() {
    let mut t = Trainer::new(3, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    // Save (mid-session): no `end` line, and no score claimed.
    let text = t.session().unwrap().transcript().to_text();
    assert!(text.contains("\nunfinished ") && !text.contains("\nend ") && !text.contains("claimed-score"), "{text}");
    let mut other = Trainer::new(9, None, Vec::new(), None);
    other.update(Msg::LoadTranscript("mid.transcript".into(), text));
    let s = other.session().expect("opened");
    assert!(!s.ended() && s.debrief().is_none(), "it goes on");
    assert_eq!(other.screen(), Screen::Session);
    assert!(other.update(Msg::Act(action("NODE2: logon CORP\\exadmin"))));
    assert_eq!(other.session().unwrap().steps().len(), 2);
    // Only End writes the end, with the score its debrief showed; opened, it is final.
    other.update(Msg::End);
    let ended = other.session().unwrap().transcript();
    assert!(ended.finished);
    let score = other.session().unwrap().debrief().unwrap().score;
    assert_eq!(ended.claimed_score, Some(score));
    let mut third = Trainer::new(9, None, Vec::new(), None);
    third.update(Msg::LoadTranscript("end.transcript".into(), ended.to_text()));
    assert!(third.session().unwrap().ended());
    assert!(third.session().unwrap().debrief().is_some());
}

#[test]
fn opening_a_transcript_keeps_the_saved_session_until_it_acts() {
    let mut first = Trainer::new(5, None, Vec::new(), None);
    first.update(Msg::Start);
    first.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(saved) = first.keep() else { panic!() };
    first.update(Msg::End);
    let ended = first.session().unwrap().transcript().to_text();

    // A finished transcript opened to regrade it: the session saved in the browser stays, and
    // is still offered when the learner goes back to the picker.
    let mut t = Trainer::new(6, Some(saved.clone()), Vec::new(), None);
    t.update(Msg::LoadTranscript("done.transcript".into(), ended));
    assert!(t.session().unwrap().ended());
    assert_eq!(t.keep(), Keep::Unchanged);
    t.update(Msg::BackToPicker);
    assert_eq!(t.saved(), Some(&saved));
    // An unfinished one opened to carry on: the saved one stays until it takes a step here.
    let mid = saved.to_text();
    t.update(Msg::LoadTranscript("mid.transcript".into(), mid));
    assert_eq!(t.keep(), Keep::Unchanged);
    t.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    let Keep::Session(now) = t.keep() else { panic!("it acted: it is the kept session") };
    assert_eq!(now.actions.len(), 2);
    // Resumed from the browser, a session is the kept one at once; ended, nothing is kept.
    let mut r = Trainer::new(7, Some(now.clone()), Vec::new(), None);
    r.update(Msg::Resume);
    assert_eq!(r.keep(), Keep::Session(now));
    r.update(Msg::End);
    assert_eq!(r.keep(), Keep::Clear);
}

#[test]
fn a_new_session_keeps_the_saved_one_until_it_acts() {
    let mut first = Trainer::new(5, None, Vec::new(), None);
    first.update(Msg::Start);
    first.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(saved) = first.keep() else { panic!() };

    let mut t = Trainer::new(6, Some(saved.clone()), Vec::new(), None);
    t.update(Msg::Select(1));
    t.update(Msg::Start);
    assert_eq!(t.keep(), Keep::Unchanged, "no step yet: storage keeps the saved session");
    assert_eq!(t.saved(), Some(&saved));
    // Back to the picker without a step: the saved one is still offered.
    t.update(Msg::BackToPicker);
    assert_eq!(t.saved(), Some(&saved));
    // A step: this session replaces it.
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    assert!(t.saved().is_none());
    assert!(matches!(t.keep(), Keep::Session(s) if s.scenario != saved.scenario));
}

#[test]
fn a_name_that_does_not_exist_changes_nothing_and_says_so() {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\nobody")));
    assert_eq!(t.session().unwrap().steps().len(), 0);
    assert!(t.notice().is_some_and(|(n, good)| !good && n.contains("there is no account `CORP\\nobody`")), "{:?}", t.notice());
}

#[test]
fn rewinding_to_every_step_of_every_golden_session_reproduces_that_steps_state() {
    let mut checked = 0;
    for s in clusterdrill::sim::scenario::builtins() {
        // The golden session played live, as a learner does (each action now, Wait between),
        // with the state each step had just after it was taken.
        let golden = Transcript::parse(&std::fs::read_to_string(format!("{}/tests/golden/{}.transcript", env!("CARGO_MANIFEST_DIR"), s.id)).unwrap()).unwrap();
        let mut live = Session::new(s.clone(), golden.seed);
        let mut after = vec![live.sim().fingerprint()];
        for (_, line) in parse_script(&correct_script(&s.id)).unwrap() {
            match line {
                Line::Action(a) => {
                    live.act(a).unwrap();
                    after.push(live.sim().fingerprint());
                }
                Line::Wait(None) => live.wait().unwrap(),
                other => panic!("{}: a correct script has only actions and waits, not {other:?}", s.id),
            }
        }
        assert_eq!(live.transcript().actions, golden.actions, "{}: the live session is the golden one", s.id);
        // Rewound to each step, replayed from the start: the state that step had.
        for (n, want) in after.iter().enumerate() {
            let back = live.rewound(n).unwrap();
            assert_eq!(back.sim().fingerprint(), *want, "{}: step {n}", s.id);
            assert_eq!(back.steps(), &live.steps()[..n]);
            assert!(!back.ended() && !back.clock().running());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} steps rewound");
}

#[test]
fn restart_starts_the_same_scenario_and_seed_afresh() {
    let mut t = Trainer::new(8, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let serial = t.session_serial();
    t.update(Msg::End);
    t.update(Msg::Restart);
    let s = t.session().unwrap();
    assert!(s.steps().is_empty() && !s.ended() && s.sim().now() == SimTime::ZERO);
    assert_eq!(s.sim().seed(), 8);
    assert_eq!(t.session_serial(), serial + 1);
}

#[test]
fn a_kept_session_started_again_is_still_offered_until_the_new_one_acts() {
    let mut t = Trainer::new(8, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(kept) = t.keep() else { panic!() };
    t.update(Msg::Restart);
    assert_eq!(t.keep(), Keep::Unchanged, "the browser keeps the first session");
    assert_eq!(t.saved(), Some(&kept), "and the picker offers it");
    t.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    assert!(t.saved().is_none());
    assert!(matches!(t.keep(), Keep::Session(s) if s.actions.len() == 1));
}

#[test]
fn an_ended_session_keeps_its_final_score_when_the_debrief_closes() {
    let mut t = Trainer::new(8, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    t.update(Msg::End);
    let score = t.session().unwrap().debrief().unwrap().score;
    t.update(Msg::CloseDebrief);
    assert_eq!(t.screen(), Screen::Picker);
    assert!(t.session().unwrap().debrief().is_none());
    assert_eq!(t.session().unwrap().transcript().claimed_score, Some(score));
}

#[test]
fn a_hint_while_something_is_under_way_says_to_wait_first() {
    // The SA's dependents are still stopping, or a backup runs for twenty minutes: acting in
    // the middle of it is not the advice.
    for script in ["NODE1: logon CORP\\exadmin\nNODE1: take-offline EVS1/sa\n", "NODE1: logon CORP\\exadmin\nNODE1: backup files\n"] {
        let mut s = ap_session(2);
        play_in(&mut s, script);
        assert!(s.sim().is_busy());
        s.ask_hint();
        let hint = s.hint().unwrap();
        let step = hint.text.strip_prefix("Hint: wait for what is under way to finish (Wait »), then ").expect("wait first").to_string();
        // Once it has finished, the same advice without the wait.
        s.wait().unwrap();
        let mut capital = step.chars();
        let first = capital.next().unwrap().to_uppercase().collect::<String>();
        assert_eq!(s.hint().unwrap().text, format!("Hint: {first}{}", capital.as_str()));
        assert_eq!(s.hint().unwrap().script, hint.script);
    }
    // Idle, the hint is the next step itself, as an instructor says it, and as a script line.
    let mut s = ap_session(2);
    s.ask_hint();
    let hint = s.hint().unwrap();
    assert_eq!(hint.text, "Hint: On NODE1's console, log on as CORP\\exadmin (Logon, Log on).");
    assert_eq!(hint.script.as_deref(), Some("NODE1: logon CORP\\exadmin"));
}

#[test]
fn saved_data_that_no_longer_loads_is_set_aside_with_why_and_kept_whole() {
    use clusterdrill::trainer::check_stored;
    let id = "e2003-sp1-active-passive";
    let good = common::run(id, 4, "NODE1: logon CORP\\exadmin\nNODE1: read-log\n").transcript.unfinished().to_text();
    let custom = std::fs::read_to_string(format!("{}/scenarios/{id}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap().replace(&format!("id = \"{id}\""), "id = \"mine\"");

    // What is good is used.
    let ok = check_stored(Some(&good), None, &[("mine".into(), custom.clone())]);
    assert!(ok.saved.is_some() && ok.custom.len() == 1 && ok.set_aside.is_empty(), "{:?}", ok.set_aside);

    let damaged = [
        ("corrupted", good.replace("read-log", "read-l\u{0}og"), "line 8"),
        ("truncated", good[..=good.trim_end().rfind('\n').unwrap()].to_string(), "cut short"),
        ("old format", good.replace("clusterdrill-transcript 1", "clusterdrill-transcript 0"), "not a Cluster Drill transcript"),
        ("older scenario version", good.replace("scenario-version 1", "scenario-version 0"), "version 0"),
        ("unknown scenario", good.replace(&format!("scenario {id}"), "scenario gone"), "does not have"),
        ("not text it can use", "\u{feff}{[]}".to_string(), "line 1"),
    ];
    for (what, text, why) in damaged {
        let s = check_stored(Some(&text), None, &[]);
        assert!(s.saved.is_none(), "{what}");
        let [aside] = s.set_aside.as_slice() else { panic!("{what}: {:?}", s.set_aside) };
        assert_eq!(aside.text, text, "{what}: kept whole");
        assert!(aside.why.contains(why), "{what}: {}", aside.why);
        assert_eq!(aside.what, "The saved session");
    }

    // A scenario file that no longer loads is set aside, and so is a session of it; the
    // trainer starts with what is left, and forgets a set-aside item when told.
    let broken = custom.replace("host = \"NODE1\"", "host = \"NODE9\"");
    let session_of_mine = good.replace(&format!("scenario {id}"), "scenario mine");
    let s = check_stored(Some(&session_of_mine), None, &[("mine".into(), broken.clone())]);
    assert_eq!(s.set_aside.len(), 2, "{:?}", s.set_aside);
    assert_eq!(s.set_aside[0].text, broken);
    assert!(s.set_aside[0].why.contains("mine.toml:") && s.set_aside[0].why.contains("NODE9"), "{}", s.set_aside[0].why);
    let mut t = Trainer::from_stored(1, s);
    assert_eq!(t.set_aside().len(), 2);
    assert!(t.saved().is_none());
    t.update(Msg::ForgetSetAside(0));
    assert_eq!(t.set_aside().len(), 1);
    assert!(!t.update(Msg::ForgetSetAside(5)), "nothing to forget there");
    // The picker still works: a session starts.
    t.update(Msg::Start);
    assert!(t.session().is_some());
}

#[test]
fn what_was_said_about_a_session_does_not_follow_the_learner_to_the_picker() {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: take-offline EVS1/sa")));
    t.update(Msg::Notice(Some("about the session".into())));
    t.update(Msg::BackToPicker);
    assert_eq!(t.notice(), None);
}
