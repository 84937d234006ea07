//! Exams: `make` keeps the seeds whose par is near the median; an exam's session gives no help,
//! keeps its mode, applies its pass mark, counts real time against its limit (a warning five
//! minutes before, extensions as the definition allows, the end when the time is up), and a
//! reload resumes the attempt (same seed, same clocks), never a fresh one.

mod common;

use clusterdrill::sim::exam::{Exam, MakeOptions, make};
use clusterdrill::sim::solver::PROOF;
use clusterdrill::sim::transcript::Mode;
use clusterdrill::trainer::{Keep, Msg, Trainer};
use common::*;


fn exam(time_limit: Option<u32>, extension: Option<(u32, u32)>) -> Exam {
    let options = MakeOptions { title: "SP1, certification".into(), seeds: 1..=40, band_percent: 10, time_limit, extension, pass_mark: 80 };
    make(&scenario("e2003-sp1-active-passive"), &options, PROOF).unwrap()
}

#[test]
fn make_keeps_the_seeds_near_the_median_par_and_the_definition_reads_back() {
    let e = exam(Some(3600), Some((900, 2)));
    assert!(e.seeds.len() >= 5 && e.seeds.len() < 40, "{} of 40 seeds kept", e.seeds.len());
    let mut downtimes: Vec<u32> = e.seeds.iter().map(|(_, p)| p.downtime).collect();
    downtimes.sort();
    let (lo, hi) = (downtimes[0], downtimes[downtimes.len() - 1]);
    assert!(u64::from(hi - lo) * 100 <= u64::from(hi) * 21, "the band is narrow: {lo}..{hi}");
    assert_eq!(Exam::parse(&e.to_text()).unwrap(), e);
    // Refused at the line, with what is wrong.
    let text = e.to_text();
    for (from, to, want) in [
        ("pass-mark 80", "pass-mark 120", "line"),
        ("time-limit 1h", "time-limit soon", "not a duration"),
        ("extension 15m x2", "extension 15m x20", "1 to 10 times"),
        ("clusterdrill-exam 1", "clusterdrill-exam 2", "not a Cluster Drill exam"),
    ] {
        let bad = text.replacen(from, to, 1);
        assert_ne!(bad, text, "{from}");
        let err = Exam::parse(&bad).unwrap_err().to_string();
        assert!(err.contains(want), "{to}: {err}");
    }
    let first_seed = text.lines().find(|l| l.starts_with("seed ")).unwrap();
    let err = Exam::parse(&text.replacen(first_seed, &format!("{first_seed}\n{first_seed}"), 1)).unwrap_err().to_string();
    assert!(err.contains("listed twice"), "{err}");
}

#[test]
fn an_exam_gives_no_help_keeps_its_mode_and_applies_its_pass_mark() {
    let e = exam(None, None);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 3));
    let s = t.session().expect("an exam session");
    assert_eq!(s.sim().seed(), e.seed_for(3));
    assert_eq!(s.meta().mode, Mode::Exam);
    for msg in [Msg::Hint, Msg::ShowDebrief, Msg::Restart] {
        t.update(Msg::Notice(None));
        t.update(msg);
        assert!(t.notice().unwrap().0.starts_with("Not in an exam"), "{:?}", t.notice());
    }
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    t.update(Msg::UndoTo(0));
    let s = t.session().unwrap();
    assert_eq!((s.steps().len(), s.undos(), s.meta().hints, s.debrief().is_none()), (1, 0, 0, true));
    let Keep::Session(kept) = t.keep() else { panic!("an exam is kept from its first step") };
    assert!(kept.to_text().contains("\nmode exam\n"));
    // The correct procedure passes the scenario; the exam's pass mark of 80 still applies to it.
    for line in correct_script("e2003-sp1-active-passive").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).skip(1) {
        if line == "wait" {
            t.update(Msg::WaitIdle);
        } else {
            t.update(Msg::Act(action(line)));
        }
    }
    t.update(Msg::End);
    let r = t.session().unwrap().debrief().unwrap();
    assert_eq!((r.passed, r.par), (r.score >= 80 && r.completed, None), "no par in an exam: {}", r.to_text());
}

#[test]
fn the_time_limit_warns_extends_and_ends_the_exam_and_a_reload_resumes_the_attempt() {
    let e = exam(Some(600), Some((300, 1)));
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 11));
    assert_eq!(t.notice().unwrap().0, "Exam: no hints, no undo, no debrief until you end it. You have 10m.");
    t.update(Msg::Notice(None));
    t.update(Msg::Tick(1_000));
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    // The countdown moves with real time, the simulated clock stopped: each new second is
    // something to draw, the same second is not.
    assert!(t.update(Msg::Tick(2_200)), "10:00 left, then 9:58");
    assert!(!t.update(Msg::Tick(2_600)), "still 9:58");
    // 4 minutes 59 in: not yet; 5 minutes 1 in: five minutes left, said once.
    t.update(Msg::Tick(1_000 + 299_000));
    assert_eq!(t.notice(), None);
    t.update(Msg::Tick(1_000 + 301_000));
    assert!(t.notice().unwrap().0.starts_with("Five minutes left in this exam. You may take more time"), "{:?}", t.notice());
    t.update(Msg::Notice(None));
    t.update(Msg::Tick(1_000 + 302_000));
    assert_eq!(t.notice(), None, "warned once");
    // A reload (the front end gives no real time here: what was kept counts); the attempt goes on.
    let Keep::Session(kept) = t.keep() else { panic!() };
    assert!(kept.to_text().contains("\ntime-used 5m2s\n"), "{}", kept.to_text());
    let mut reloaded = Trainer::new(99, Some(kept.clone()), Vec::new(), None);
    reloaded.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 12345));
    let s = reloaded.session().expect("resumed, never a fresh attempt");
    assert_eq!((s.sim().seed(), s.steps().len(), s.sim().now()), (kept.seed, 1, kept.end));
    assert_eq!(s.exam_run().unwrap().used_secs(), 302);
    reloaded.update(Msg::Tick(500_000));
    reloaded.update(Msg::ExtendTime);
    assert_eq!(reloaded.notice(), Some(("5m added to the time limit (0 more may be taken).", true)));
    // 10 minutes and the 5 of the extension, less the 5m2s used before the reload.
    assert_eq!(reloaded.session().unwrap().exam_run().unwrap().remaining_ms(), Some(598_000));
    reloaded.update(Msg::ExtendTime);
    assert_eq!(reloaded.notice().unwrap().0, "No more time can be added to this exam.");
    // The time runs out: the exam ends, graded as it stands.
    reloaded.update(Msg::Tick(500_000 + 597_999));
    assert!(!reloaded.session().unwrap().ended());
    // (A tab the browser let sleep for an hour past the end: the time used stops at the limit.)
    reloaded.update(Msg::Tick(500_000 + 598_000 + 3_600_000));
    let s = reloaded.session().unwrap();
    assert!(s.ended() && !s.debrief().unwrap().passed);
    assert!(reloaded.notice().unwrap().0.starts_with("Time is up"));
    let code = s.transcript().claimed_code.clone();
    // Ended, the exam stays kept, its time used the limit with the extension (15m), so that a
    // reload before the transcript was downloaded shows the result again.
    let Keep::Session(ended) = reloaded.keep() else { panic!("an ended exam is kept") };
    assert!(ended.finished && ended.to_text().contains("\ntime-used 15m\n"), "{}", ended.to_text());
    let mut again = Trainer::new(7, Some(ended.clone()), Vec::new(), None);
    again.update(Msg::ResumeExam(e.to_text()));
    let s = again.session().expect("the ended exam, as it ended");
    assert!(s.ended() && s.exam_run().is_some());
    assert_eq!(s.transcript().claimed_code, code);
    assert!(again.notice().unwrap().0.starts_with("The exam as it ended"), "{:?}", again.notice());
    // Regraded against the exam, nothing to flag: the time used is within the limit.
    let flags = clusterdrill::sim::roster::check(&scenario("e2003-sp1-active-passive"), ended, None, clusterdrill::sim::roster::HandedIn::ThisExam(&e)).unwrap().flags;
    assert!(flags.iter().all(|f| !f.contains("real time")), "{flags:?}");
}

#[test]
fn an_exam_on_another_file_of_its_scenario_is_refused() {
    let mut e = exam(None, None);
    e.scenario_digest ^= 1;
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 1));
    assert!(t.session().is_none());
    assert!(t.notice().unwrap().0.contains("made on another file of `e2003-sp1-active-passive` version 1"), "{:?}", t.notice());
}

#[test]
fn an_exam_on_an_instructors_scenario_carries_its_file_and_runs_where_it_was_never_loaded() {
    let text = clusterdrill::sim::scenario::FILES.iter().find(|(n, _)| *n == "e2003-sp1-active-passive.toml").unwrap().1;
    let file = text.replacen("id = \"e2003-sp1-active-passive\"", "id = \"acme-sp1\"", 1);
    assert_ne!(file, text);
    let custom = std::rc::Rc::new(clusterdrill::sim::scenario::parse_scenario("acme.toml", &file).unwrap());
    let options = MakeOptions { title: "ACME SP1".into(), seeds: 1..=10, band_percent: 10, time_limit: None, extension: None, pass_mark: 70 };
    let mut e = make(&custom, &options, PROOF).unwrap();
    e.scenario_file = Some(file.clone());
    let written = e.to_text();
    assert_eq!(Exam::parse(&written).unwrap(), e, "reads back with its file");
    // A trainer that never loaded the file runs the exam on it.
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("acme.exam".into(), written.clone(), 2));
    let s = t.session().unwrap_or_else(|| panic!("{:?}", t.notice()));
    assert_eq!((s.sim().scenario().id.as_str(), s.sim().scenario().digest), ("acme-sp1", custom.digest));
    // The file it carries edited after the exam was made: refused, not run on the new content.
    let edited = written.replacen("budget", "# edited\nbudget", 1);
    assert_ne!(edited, written);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("acme.exam".into(), edited, 2));
    assert!(t.session().is_none());
    assert!(t.notice().unwrap().0.contains("made on another file"), "{:?}", t.notice());
}

#[test]
fn an_exam_in_progress_cannot_be_left_for_the_picker_where_its_variant_could_be_practised() {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), exam(None, None).to_text(), 3));
    t.update(Msg::BackToPicker);
    assert_eq!(t.screen(), clusterdrill::trainer::Screen::Session);
    assert!(t.notice().unwrap().0.starts_with("The exam goes on until you end it"), "{:?}", t.notice());
    t.update(Msg::End);
    // Ended, it is not tried again on its seed (which would be practice on it, with hints).
    let seed = t.session().unwrap().sim().seed();
    t.update(Msg::Restart);
    assert!(t.notice().unwrap().0.starts_with("An exam is one attempt"), "{:?}", t.notice());
    let s = t.session().unwrap();
    assert!(s.ended() && s.exam_run().is_some() && s.sim().seed() == seed);
    t.update(Msg::BackToPicker);
    assert_eq!(t.screen(), clusterdrill::trainer::Screen::Picker, "once ended, the scenarios are there");
    assert_ne!(t.seed(), seed, "the picker does not offer the exam's seed");
}

#[test]
fn a_learner_who_hands_in_two_attempts_is_shown_on_the_roster() {
    let e = exam(None, None);
    // Two attempts by Ada (two draws: two seeds), one by Bob; Ada's first handed in twice.
    let attempt = |who: &str, draw: u64| {
        let mut t = Trainer::new(1, None, Vec::new(), None);
        t.update(Msg::SetLearner(who.into()));
        t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), draw));
        t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
        t.update(Msg::End);
        t.session().unwrap().transcript().to_text()
    };
    // A save made during Ada's first attempt is that attempt too.
    let mut during = Trainer::new(1, None, Vec::new(), None);
    during.update(Msg::SetLearner("Ada".into()));
    during.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 0));
    during.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(save) = during.keep() else { panic!("an exam is kept from its first step") };
    let mut roster = Trainer::new(1, None, Vec::new(), None);
    roster.update(Msg::AddToRoster("ada-1-save".into(), save.to_text()));
    for (file, text) in [("ada-1", attempt("Ada", 0)), ("ada-1-again", attempt("Ada", 0)), ("bob", attempt("Bob", 0)), ("ada-2", attempt("Ada", 1))] {
        roster.update(Msg::AddToRoster(file.into(), text));
    }
    let rows = clusterdrill::sim::roster::rows(roster.roster());
    let flags: Vec<&str> = rows.iter().map(|r| r.last().unwrap().as_str()).collect();
    let ada = "one of 2 exam attempts by Ada on e2003-sp1-active-passive";
    assert_eq!(flags.iter().map(|f| f.contains(ada)).collect::<Vec<_>>(), [true, true, true, false, true], "{flags:?}");
    assert_ne!(e.seed_for(0), e.seed_for(1), "two draws, two seeds");
}

#[test]
fn an_exam_transcript_opened_from_a_file_is_only_reviewed_never_a_new_attempt_with_help() {
    let e = exam(None, None);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 3));
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(in_progress) = t.keep() else { panic!() };
    t.update(Msg::End);
    let ended = t.session().unwrap().transcript();

    // In progress: it goes on only under its exam, not opened as a file.
    let mut other = Trainer::new(1, None, Vec::new(), None);
    other.update(Msg::LoadTranscript("exam.transcript".into(), in_progress.to_text()));
    assert!(other.session().is_none());
    assert!(other.notice().unwrap().0.contains("exam in progress"), "{:?}", other.notice());
    // Ended: its final debrief, and no second attempt on its seed.
    other.update(Msg::LoadTranscript("exam.transcript".into(), ended.to_text()));
    assert!(other.session().is_some_and(|s| s.ended() && s.meta().mode == Mode::Exam));
    other.update(Msg::Restart);
    assert!(other.notice().unwrap().0.starts_with("An exam is one attempt"), "{:?}", other.notice());
    assert!(other.session().unwrap().ended());
    // Presented and taken over, it goes on as practice, without the exam's pass mark or time.
    other.update(Msg::Present("exam.transcript".into(), ended.to_text()));
    other.update(Msg::PresentAt(1));
    other.update(Msg::WaitIdle);
    let live = other.session().unwrap();
    assert!(!live.ended());
    assert_eq!((live.meta().mode, live.meta().pass_mark, live.meta().time_used), (Mode::Practice, None, None));
}

#[test]
fn an_exams_time_is_real_time_since_it_started_however_often_the_page_was_closed() {
    let e = exam(Some(600), Some((300, 1)));
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::WallClock("2026-12-02T10:00:00Z".into()));
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 11));
    t.update(Msg::Tick(1_000));
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    t.update(Msg::Tick(61_000));
    // An extension is kept at once, not with the next few seconds of the clock.
    let before = t.keep_marker();
    t.update(Msg::ExtendTime);
    assert_ne!(t.keep_marker(), before);
    let Keep::Session(kept) = t.keep() else { panic!() };
    assert!(kept.to_text().contains("\ntime-used 1m\n") && kept.to_text().contains("\nextensions 1\n"), "{}", kept.to_text());
    // The tab was closed for six minutes: they count.
    let resume = |now: &str| {
        let mut r = Trainer::new(99, Some(kept.clone()), Vec::new(), None);
        r.update(Msg::WallClock(now.into()));
        r.update(Msg::ResumeExam(e.to_text()));
        r.session().expect("resumed").exam_run().unwrap().used_secs()
    };
    assert_eq!(resume("2026-12-02T10:07:00Z"), 7 * 60);
    // A clock set back never gives time back: what was kept is the least.
    assert_eq!(resume("2026-12-02T09:00:00Z"), 60);
    assert_eq!(resume("2026-12-03T10:00:00Z"), 24 * 3600, "a day later: out of time at the first tick");
}

#[test]
fn a_saved_exam_whose_exam_file_is_damaged_or_gone_is_set_aside_with_it() {
    use clusterdrill::trainer::{Kept, check_stored};
    let e = exam(None, None);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 11));
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(kept) = t.keep() else { panic!() };
    let session = kept.to_text();
    let ok = check_stored(Some(&session), Some(&e.to_text()), &[]);
    assert!(ok.saved.is_some() && ok.set_aside.is_empty(), "{:?}", ok.set_aside);
    let gone = check_stored(Some(&session), None, &[]);
    assert!(gone.saved.is_none());
    assert_eq!(gone.set_aside.iter().map(|a| a.kept.clone()).collect::<Vec<_>>(), vec![Kept::Session]);
    assert!(gone.set_aside[0].why.contains("exam file is not kept"), "{}", gone.set_aside[0].why);
    let damaged = e.to_text().replacen("\nseed ", "\nseed x", 1);
    let bad = check_stored(Some(&session), Some(&damaged), &[]);
    assert!(bad.saved.is_none());
    assert_eq!(bad.set_aside.iter().map(|a| a.kept.clone()).collect::<Vec<_>>(), vec![Kept::Exam, Kept::Session]);
    assert!(bad.set_aside[0].why.contains("exam file cannot be read") && bad.set_aside[0].text == damaged, "{:?}", bad.set_aside[0]);
    // An exam file made on another file of the scenario: the same rule as when it is started.
    let mut other = e.clone();
    other.scenario_digest ^= 1;
    let other = check_stored(Some(&session), Some(&other.to_text()), &[]);
    assert!(other.saved.is_none() && other.set_aside[0].why.contains("made on another file"), "{:?}", other.set_aside);
}

#[test]
fn the_browsers_roster_holds_transcripts_to_an_exam_and_reads_them_as_an_lms_keeps_them() {
    use clusterdrill::trainer::lms::{Standard, suspend_data};
    let e = exam(None, None);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::StartExam("sp1.exam".into(), e.to_text(), 11));
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    t.update(Msg::End);
    let handed_in = t.session().unwrap().transcript();
    // On a seed the exam does not list, and with a pass mark of its own.
    let outside = (1..200).find(|s| !e.seeds.iter().any(|(k, _)| k == s)).unwrap();
    let other_seed = clusterdrill::sim::transcript::play(&scenario("e2003-sp1-active-passive"), outside, "NODE1: logon CORP\\exadmin\n").unwrap().1;
    let other_seed = other_seed.with_meta(clusterdrill::sim::transcript::Meta { mode: Mode::Exam, made_by: clusterdrill::sim::transcript::MadeBy::Learner, pass_mark: Some(10), ..Default::default() });
    let mut roster = Trainer::new(1, None, Vec::new(), None);
    roster.update(Msg::AddToRoster("packed.txt".into(), suspend_data(&handed_in, Standard::Scorm12).unwrap()));
    roster.update(Msg::AddToRoster("other.transcript".into(), other_seed.to_text()));
    let flags = |r: &Trainer, i: usize| r.roster()[i].1.as_ref().map(|c| c.flags.join("; ")).unwrap_or_else(|e| format!("ERR {e}"));
    assert!(!flags(&roster, 0).starts_with("ERR"), "the packed form is read: {}", flags(&roster, 0));
    assert!(!flags(&roster, 1).contains("seed"), "{}", flags(&roster, 1));
    // Held to the exam: the seed and the pass mark are flagged, as grade --scenario EXAM does.
    roster.update(Msg::RosterExam("sp1.exam".into(), e.to_text()));
    assert_eq!(roster.roster_exam().map(|(n, _)| n), Some("sp1.exam"));
    assert!(flags(&roster, 1).contains(&format!("seed {outside}")) && flags(&roster, 1).contains("pass mark"), "{}", flags(&roster, 1));
    assert!(!flags(&roster, 0).contains("seed"), "{}", flags(&roster, 0));
    roster.update(Msg::ForgetRosterExam);
    assert!(!flags(&roster, 1).contains("seed"), "{}", flags(&roster, 1));
}
