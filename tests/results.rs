//! Results anyone can check: a transcript says who made it, when, how and on which scenario
//! file; it carries a result code its replay must give again; a roster flags what does not hold
//! (an edited step, seed, claimed score or mode, a script's or the solver's work, practice for
//! an exam), and a scenario file edited under the same id and version is never used to regrade.

mod common;

use std::rc::Rc;

use clusterdrill::sim::roster::{self, COLUMNS};
use clusterdrill::sim::scenario::parse_scenario;
use clusterdrill::sim::transcript::{MadeBy, Mode, Transcript, replay};
use clusterdrill::trainer::{Keep, Msg, Trainer};
use common::*;


/// The active/passive walk-through, clicked through the trainer by a named learner, ended.
fn ended_session() -> Transcript {
    let mut t = Trainer::new(7, None, Vec::new(), None);
    t.update(Msg::SetLearner("  Ada Byron, CORP  ".into()));
    t.update(Msg::WallClock("2026-12-02T09:30:00Z".into()));
    t.update(Msg::Start);
    for line in correct_script("e2003-sp1-active-passive").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if line == "wait" {
            t.update(Msg::WaitIdle);
        } else {
            t.update(Msg::Act(action(line)));
        }
    }
    t.update(Msg::Hint);
    t.update(Msg::End);
    t.session().unwrap().transcript()
}

#[test]
fn an_ended_session_says_who_when_how_and_its_result_code_checks_out() {
    let t = ended_session();
    let text = t.to_text();
    for line in ["learner Ada Byron, CORP\n", "started 2026-12-02T09:30:00Z\n", "mode practice\n", "made-by learner\n", "hints 1\n", "claimed-score 100\n"] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
    let read = Transcript::parse(&text).unwrap();
    assert_eq!(read, t);
    let c = roster::check(&scenario("e2003-sp1-active-passive"), read, None, roster::HandedIn::Freely).unwrap();
    assert_eq!(c.flags, Vec::<String>::new());
    assert_eq!(Some(&c.code), t.claimed_code.as_ref());
    assert!(c.code.len() == 11 && c.code.as_bytes()[5] == b'-', "{}", c.code);
    assert_eq!((c.report.score, c.report.hints, c.report.undos), (100, 1, 0));
}

#[test]
fn a_tampered_transcript_is_flagged_whatever_was_edited() {
    let good = ended_session().to_text();
    let s = scenario("e2003-sp1-active-passive");
    let flags = |text: &str| roster::check(&s, Transcript::parse(text).unwrap(), None, roster::HandedIn::AnyExam).map(|c| c.flags).unwrap_or_else(|e| vec![e.to_string()]);
    // Made in practice, handed in for an exam: flagged as such, nothing else.
    assert_eq!(flags(&good), vec!["made in practice mode, not in the exam".to_string()]);
    // The mode changed to pass it off as an exam: the result code no longer checks out, and the
    // hint it records is one an exam does not give.
    let f = flags(&good.replace("mode practice", "mode exam"));
    assert!(f.len() == 2 && f[0].starts_with("claims the result code") && f[1].contains("records 1 hint and 0 undos"), "{f:?}");
    // A step edited (a later time), the seed, the claimed score, the learner.
    let step = good.lines().find(|l| l.ends_with(": read-log")).unwrap();
    let later = step.replace(": read-log", ": logoff");
    for (what, text) in [
        ("a step", good.replace(step, &later)),
        ("the seed", good.replace("seed 7\n", "seed 8\n")),
        ("the learner", good.replace("learner Ada Byron, CORP", "learner Grace Hopper")),
    ] {
        let f = flags(&text);
        assert!(f.iter().any(|x| x.starts_with("claims the result code")), "{what}: {f:?}");
    }
    let f = flags(&good.replace("claimed-score 100", "claimed-score 99"));
    assert!(f.iter().any(|x| x == "claims a score of 99, but its replay scores 100"), "{f:?}");
}

#[test]
fn a_scenario_file_edited_under_the_same_id_and_version_is_never_used_to_regrade() {
    let file = std::fs::read_to_string(format!("{}/scenarios/e2003-sp1-active-passive.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let own = file.replacen("id = \"e2003-sp1-active-passive\"", "id = \"night\"", 1);
    let original = Rc::new(parse_scenario("night.toml", &own).unwrap());
    // Line endings and a byte-order mark are not an edit.
    let crlf = Rc::new(parse_scenario("night.toml", &format!("\u{feff}{}", own.replace('\n', "\r\n"))).unwrap());
    assert_eq!(crlf.digest, original.digest);
    let (_, t, _) = clusterdrill::sim::transcript::play(&original, 1, "NODE1: logon CORP\\exadmin\n").unwrap();
    let t = Transcript::parse(&t.to_text()).unwrap();
    assert!(replay(&crlf, &t, true).is_ok());
    // The budget doubled, nothing else: same id, same version, another file.
    let edited = Rc::new(parse_scenario("night.toml", &own.replacen("budget = \"30m\"", "budget = \"60m\"", 1)).unwrap());
    assert_ne!(edited.digest, original.digest, "the edit is in the file");
    let e = replay(&edited, &t, true).unwrap_err();
    assert_eq!(e.line, 5);
    assert!(e.message.contains("made on another file of `night` version 1") && e.message.contains("not regraded"), "{e}");
}

#[test]
fn the_roster_has_a_row_per_transcript_quoted_as_csv_and_says_why_one_cannot_be_regraded() {
    let t = ended_session();
    let c = roster::check(&scenario("e2003-sp1-active-passive"), t, None, roster::HandedIn::Freely);
    let rows = vec![roster::row("ada.transcript", &c.map_err(|e| e.to_string())), roster::row("cut.transcript", &Err("line 9: no `end` line".into()))];
    let csv = roster::csv(&rows);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], COLUMNS.join(","));
    assert!(lines[1].starts_with("ada.transcript,\"Ada Byron, CORP\",2026-12-02T09:30:00Z,e2003-sp1-active-passive,1,7,practice,learner,100,yes,,"), "{}", lines[1]);
    assert!(lines[2].starts_with("cut.transcript,,,") && lines[2].ends_with(",cannot be regraded: line 9: no `end` line"), "{}", lines[2]);
    assert_eq!(lines[3], "");
}

#[test]
fn how_a_transcript_was_made_is_kept_and_what_goes_on_from_one_says_so() {
    let (_, t, _) = clusterdrill::sim::transcript::play(&scenario("e2003-sp1-active-passive"), 1, "NODE1: logon CORP\\exadmin\n").unwrap();
    assert_eq!(t.meta.made_by, MadeBy::Unknown, "play itself does not say; the command marks it a script's");
    let scripted = t.with_meta(clusterdrill::sim::transcript::Meta { made_by: MadeBy::Solver, ..Default::default() }).unfinished();
    let mut trainer = Trainer::new(1, None, Vec::new(), None);
    trainer.update(Msg::LoadTranscript("plan.transcript".into(), scripted.to_text()));
    trainer.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    let Keep::Session(kept) = trainer.keep() else { panic!() };
    assert_eq!((kept.meta.made_by, kept.meta.mode), (MadeBy::Continued, Mode::Practice));
    // Restarted, every step is the learner's again.
    trainer.update(Msg::Restart);
    trainer.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    let Keep::Session(kept) = trainer.keep() else { panic!() };
    assert_eq!(kept.meta.made_by, MadeBy::Learner);
    // One that never said who made it still does not.
    let mut trainer = Trainer::new(1, None, Vec::new(), None);
    trainer.update(Msg::LoadTranscript("old.transcript".into(), scripted.clone().with_meta(Default::default()).to_text()));
    trainer.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    let Keep::Session(kept) = trainer.keep() else { panic!() };
    assert_eq!(kept.meta.made_by, MadeBy::Unknown);
    // Opened and written out again without a step, it is still the solver's.
    let mut trainer = Trainer::new(1, None, Vec::new(), None);
    trainer.update(Msg::LoadTranscript("plan.transcript".into(), scripted.to_text()));
    assert_eq!(trainer.session().unwrap().transcript().meta.made_by, MadeBy::Solver);
    // A name that a transcript cannot hold is refused, and the one before it kept.
    trainer.update(Msg::SetLearner("Ada".into()));
    trainer.update(Msg::SetLearner("x".repeat(65)));
    assert_eq!(trainer.learner(), Some("Ada"));
    assert!(trainer.notice().unwrap().0.contains("at most 64 characters"));
    // A wall clock that is not a UTC time is not used.
    trainer.update(Msg::WallClock("yesterday".into()));
    trainer.update(Msg::Start);
    assert_eq!(trainer.session().unwrap().meta().started, None);
}

#[test]
fn the_browsers_roster_regrades_each_transcript_and_flags_the_tampered_one() {
    let good = ended_session().to_text();
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::AddToRoster("ada.transcript".into(), good.clone()));
    t.update(Msg::AddToRoster("forged.transcript".into(), good.replace("claimed-score 100", "claimed-score 90")));
    t.update(Msg::AddToRoster("junk.transcript".into(), "hello".into()));
    t.update(Msg::AddToRoster("ada.transcript".into(), good));
    let rows = roster::rows(t.roster());
    let flags = |i: usize| rows[i][COLUMNS.len() - 1].clone();
    assert_eq!(rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["forged.transcript", "junk.transcript", "ada.transcript"], "the same file again replaces its row");
    assert!(flags(0).contains("claims a score of 90, but its replay scores 100"), "{}", flags(0));
    assert!(flags(1).starts_with("cannot be regraded: line 1: expected `clusterdrill-transcript 1`"), "{}", flags(1));
    assert_eq!(flags(2), "made in practice mode, not in the exam");
    t.update(Msg::ClearRoster);
    assert!(t.roster().is_empty());
}

#[test]
fn a_scenario_loaded_in_the_browser_is_checked_as_clusterdrill_check_does() {
    let file = std::fs::read_to_string(format!("{}/scenarios/e2003-sp1-active-passive.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let own = file.replacen("id = \"e2003-sp1-active-passive\"", "id = \"night\"", 1);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::LoadScenario("night.toml".into(), own.clone()));
    t.update(Msg::CheckScenario("night".into()));
    let (notice, good) = t.notice().unwrap();
    assert!(good && notice.starts_with("night.toml: loaded") && notice.contains("The solver passes it at seed 1 (par: "), "{notice}");
    // A budget no plan can keep: said, with why, as `check` says it.
    let tight = own.replacen("id = \"night\"", "id = \"tight\"", 1).replacen("budget = \"30m\"", "budget = \"1m\"", 1);
    t.update(Msg::LoadScenario("tight.toml".into(), tight));
    t.update(Msg::CheckScenario("tight".into()));
    let (notice, good) = t.notice().unwrap();
    assert!(!good && notice.contains("It cannot be passed: ") && notice.contains("the downtime budget (1m) is too tight"), "{notice}");
}

#[test]
fn a_transcript_opened_in_the_browser_is_judged_by_the_pass_mark_it_records() {
    // No backups at all: 76 points, a pass at the usual 70, not at an exam's 80.
    let script: String = correct_script("e2003-sp1-active-passive").lines().filter(|l| !l.contains("backup")).map(|l| format!("{l}\n")).collect();
    let (_, t, _) = clusterdrill::sim::transcript::play(&scenario("e2003-sp1-active-passive"), 1, &script).unwrap();
    for (mark, passed) in [(None, true), (Some(80), false), (Some(76), true)] {
        let t = t.clone().with_meta(clusterdrill::sim::transcript::Meta { mode: Mode::Exam, made_by: MadeBy::Learner, pass_mark: mark, ..Default::default() });
        let mut trainer = Trainer::new(1, None, Vec::new(), None);
        trainer.update(Msg::LoadTranscript("exam.transcript".into(), t.to_text()));
        let report = trainer.session().and_then(|s| s.final_report()).expect("an ended transcript opens on its final debrief");
        assert_eq!((report.score, report.passed, report.pass_mark), (76, passed, mark.unwrap_or(70)), "pass mark {mark:?}");
        // The same verdict as `clusterdrill grade` gives.
        assert_eq!(clusterdrill::sim::transcript::grade(&scenario("e2003-sp1-active-passive"), &t, None).unwrap().passed, passed);
    }
}

#[test]
fn a_changed_file_under_the_same_version_does_not_replace_the_one_a_session_was_made_on() {
    let file = std::fs::read_to_string(format!("{}/scenarios/e2003-sp1-active-passive.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let own = file.replacen("id = \"e2003-sp1-active-passive\"", "id = \"night\"", 1);
    let changed = own.replacen("budget", "# changed\nbudget", 1);
    assert_ne!(changed, own);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::LoadScenario("night.toml".into(), own.clone()));
    let digest = t.scenarios().iter().find(|s| s.id == "night").unwrap().digest;
    // A file given to the wrong button says what it is, and which button opens it.
    t.update(Msg::LoadScenario("night.exam".into(), "clusterdrill-exam 1\ntitle x\n".into()));
    assert_eq!(t.notice().unwrap().0, "night.exam is an exam definition, not a scenario file: open it with “Start an exam…”.");
    let transcript = ended_session().to_text();
    t.update(Msg::LoadScenario("ada.transcript".into(), transcript.clone()));
    assert_eq!(t.notice().unwrap().0, "ada.transcript is a transcript, not a scenario file: open it with “Open a transcript…”.");
    t.update(Msg::LoadTranscript("night.exam".into(), "clusterdrill-exam 1\ntitle x\n".into()));
    assert_eq!(t.notice().unwrap().0, "night.exam is an exam definition, not a transcript: open it with “Start an exam…”.");
    t.update(Msg::StartExam("ada.transcript".into(), transcript, 1));
    assert_eq!(t.notice().unwrap().0, "ada.transcript is a transcript, not an exam definition: open it with “Open a transcript…”.");
    // With a session made on it (on screen, or saved in the browser from an earlier visit),
    // another file of the same id is refused, whatever its version, saying how.
    t.update(Msg::Start);
    t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    let Keep::Session(saved) = t.keep() else { panic!() };
    let night = |t: &Trainer| t.scenarios().iter().find(|s| s.id == "night").unwrap().digest;
    for text in [changed.clone(), changed.replacen("version = 1", "version = 2", 1)] {
        t.update(Msg::LoadScenario("night-2.toml".into(), text.clone()));
        assert!(t.notice().unwrap().0.contains("on which a session in this browser was made"), "{:?}", t.notice());
        assert_eq!(night(&t), digest);
        let mut next_visit = Trainer::new(1, Some(saved.clone()), vec![std::rc::Rc::new(parse_scenario("night.toml", &own).unwrap())], None);
        next_visit.update(Msg::LoadScenario("night-2.toml".into(), text));
        assert_eq!(night(&next_visit), digest, "the saved session's file stays");
    }
    // Once no session needs it, the file is replaced.
    t.update(Msg::End);
    t.update(Msg::LoadScenario("night-2.toml".into(), changed.clone()));
    assert_ne!(night(&t), digest, "{:?}", t.notice());
}

#[test]
fn a_front_end_keeps_the_scenario_files_the_trainer_took_and_no_other() {
    let file = std::fs::read_to_string(format!("{}/scenarios/e2003-sp1-active-passive.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let own = file.replacen("id = \"e2003-sp1-active-passive\"", "id = \"night\"", 1);
    let mut t = Trainer::new(1, None, Vec::new(), None);
    assert!(t.loaded().is_none());
    t.update(Msg::LoadScenario("night.toml".into(), own.clone()));
    let (n, id, text) = t.loaded().unwrap();
    assert_eq!((n, id, text), (1, "night", own.as_str()));
    // Unchanged, a built-in copy, broken: nothing new to keep.
    t.update(Msg::LoadScenario("night.toml".into(), own.clone()));
    t.update(Msg::LoadScenario("copy.toml".into(), file.clone()));
    t.update(Msg::LoadScenario("broken.toml".into(), "id = ".into()));
    assert_eq!(t.loaded().unwrap().0, 1);
    // A changed file replacing it is kept.
    t.update(Msg::LoadScenario("night.toml".into(), own.replacen("budget", "# changed\nbudget", 1)));
    assert_eq!(t.loaded().unwrap().0, 2);
}

#[test]
fn a_result_code_of_the_earlier_kind_is_told_apart_from_a_forged_one() {
    use clusterdrill::sim::transcript::{earlier_result_code, grade, result_code};
    let s = scenario("e2003-sp1-active-passive");
    let (_, t, _) = clusterdrill::sim::transcript::play(&s, 1, "NODE1: logon CORP\\exadmin\n").unwrap();
    let mut t = t.with_meta(clusterdrill::sim::transcript::Meta { made_by: MadeBy::Learner, mode: Mode::Exam, time_used: Some(60), ..Default::default() });
    let report = grade(&s, &t, None).unwrap();
    assert_ne!(earlier_result_code(&t, &report), result_code(&t, &report), "the time used is covered now");
    t.claimed_score = Some(report.score);
    t.claimed_code = Some(earlier_result_code(&t, &report));
    let flags = clusterdrill::sim::roster::check(&s, t.clone(), None, clusterdrill::sim::roster::HandedIn::Freely).unwrap().flags;
    assert!(flags.iter().any(|f| f.starts_with("carries the earlier kind of result code")), "{flags:?}");
    assert!(!flags.iter().any(|f| f.starts_with("claims the result code")), "{flags:?}");
    // A code of neither kind is a claim that does not hold.
    t.claimed_code = Some("00000-00000".into());
    let flags = clusterdrill::sim::roster::check(&s, t, None, clusterdrill::sim::roster::HandedIn::Freely).unwrap().flags;
    assert!(flags.iter().any(|f| f.starts_with("claims the result code 00000-00000")), "{flags:?}");
}
