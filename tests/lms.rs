//! Launched by an LMS: a Normal launch is an attempt at the exam it names, with the LMS's
//! learner and mastery score; what goes back is the attempt's progress (packed within SCORM's
//! 4,096 characters) and, at the end, a result the replay agrees with; a sitting after the first
//! resumes the attempt; Browse, Review and a broken launch are practice, recording nothing.

mod common;

use clusterdrill::sim::exam::{Exam, MakeOptions, make};
use clusterdrill::sim::roster;
use clusterdrill::sim::solver::PROOF;
use clusterdrill::sim::transcript::{Mode, Transcript};
use clusterdrill::trainer::lms::{Launch, LaunchMode, Record, Standard, resume_from, suspend_data};
use clusterdrill::trainer::{Msg, Trainer};
use common::*;

const ID: &str = "e2003-sp1-active-passive";

fn exam() -> Exam {
    let options = MakeOptions { title: "SP1, certification".into(), seeds: 1..=20, band_percent: 10, time_limit: None, extension: None, pass_mark: 70 };
    make(&scenario(ID), &options, PROOF).unwrap()
}

fn launch(standard: Standard) -> Launch {
    Launch {
        standard,
        mode: LaunchMode::Normal,
        learner_id: "s-1042".into(),
        learner_name: "Byron, Ada".into(),
        exam: Some(exam().to_text()),
        resume: None,
        mastery_score: None,
        problem: None,
        draw: 7,
        live: true,
    }
}

fn launched(l: Launch) -> Trainer {
    let mut t = Trainer::new(1, None, Vec::new(), None);
    t.update(Msg::Launch(l));
    t
}

/// The action and `wait` lines of the hand-written correct procedure.
fn procedure() -> Vec<String> {
    correct_script(ID).lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}

/// Plays script lines in the trainer, as a learner clicking through them.
fn play(t: &mut Trainer, lines: &[String]) {
    for line in lines {
        if line == "wait" {
            t.update(Msg::WaitIdle);
        } else {
            t.update(Msg::Act(action(line)));
        }
    }
}

/// Plays the correct procedure after its first `skip` lines.
fn play_rest(t: &mut Trainer, skip: usize) {
    play(t, &procedure()[skip..]);
}

#[test]
fn a_normal_launch_is_an_exam_attempt_by_the_lms_learner_and_its_result_regrades_the_same() {
    let mut t = launched(launch(Standard::Scorm12));
    let s = t.session().expect("an attempt begins at once");
    assert_eq!((s.meta().mode, s.sim().seed()), (Mode::Exam, exam().seed_for(7)));
    assert_eq!(s.meta().learner.as_deref(), Some("Byron, Ada (s-1042)"));
    t.update(Msg::SetLearner("Someone Else".into()));
    assert_eq!(t.session().unwrap().meta().learner.as_deref(), Some("Byron, Ada (s-1042)"));
    assert!(t.notice().unwrap().0.contains("the LMS gave"), "{:?}", t.notice());
    play_rest(&mut t, 0);
    let Record::Progress(Some(data)) = t.lms_record() else { panic!("progress while the attempt goes on: {:?}", t.lms_record()) };
    assert!(data.len() <= 4096);
    assert_eq!(resume_from(&data, Standard::Scorm12).unwrap(), t.session().unwrap().transcript());
    t.update(Msg::End);
    let Record::Done(outcome) = t.lms_record() else { panic!("a result at the end") };
    let report = t.session().unwrap().final_report().unwrap().clone();
    assert!(outcome.passed && outcome.score_agrees && outcome.score == report.score, "{outcome:?}");
    // The evidence regrades to the same verdict and code, and holds to the exam's rules.
    let checked = roster::check(&scenario(ID), Transcript::parse(&outcome.transcript).unwrap(), None, roster::HandedIn::ThisExam(&exam())).unwrap();
    assert_eq!((checked.report.score, checked.report.passed, checked.code.clone()), (outcome.score, outcome.passed, outcome.result_code.clone()));
    assert!(checked.flags.is_empty(), "{:?}", checked.flags);
}

#[test]
fn a_later_sitting_resumes_the_attempt_from_what_the_lms_kept_never_a_fresh_one() {
    let mut first = launched(launch(Standard::Cmi5));
    first.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
    first.update(Msg::Act(action("NODE2: logon CORP\\exadmin")));
    let Record::Progress(Some(data)) = first.lms_record() else { panic!() };
    let mut again = launch(Standard::Cmi5);
    again.resume = Some(data);
    again.draw = 12_345;
    let mut second = launched(again);
    let s = second.session().expect("resumed");
    assert_eq!((s.sim().seed(), s.steps().len()), (first.session().unwrap().sim().seed(), 2));
    play_rest(&mut second, 2);
    second.update(Msg::End);
    assert!(matches!(second.lms_record(), Record::Done(o) if o.passed));
    // Suspend data that is damaged is not an attempt to resume, and no fresh one starts either.
    let mut damaged = launch(Standard::Scorm12);
    damaged.resume = Some("not-what-was-kept".into());
    let t = launched(damaged);
    assert!(t.session().is_none());
    assert!(t.notice().unwrap().0.starts_with("The SCORM 1.2 launch cannot record a result: the LMS's suspend data"), "{:?}", t.notice());
    assert_eq!(t.lms_record(), Record::Nothing);
}

#[test]
fn the_lms_mastery_score_is_the_pass_mark_and_a_score_that_contradicts_the_verdict_is_not_sent() {
    // The procedure without the last backup: 88 (a minor finding), a pass at the scenario's 70,
    // a fail at the LMS's 0.9.
    let mut strict = launch(Standard::Cmi5);
    strict.mastery_score = Some("0.9".into());
    let mut t = launched(strict);
    let lines = procedure();
    play(&mut t, &lines[..lines.len() - 2]);
    t.update(Msg::End);
    let Record::Done(o) = t.lms_record() else { panic!() };
    assert_eq!((o.pass_mark, o.score, o.passed, o.score_agrees), (90, 88, false, true), "{o:?}");
    // The evidence carries the pass mark, so a regrade gives the LMS's verdict and code.
    assert!(o.transcript.contains("\npass-mark 90\n"), "{}", o.transcript);
    let checked = roster::check(&scenario(ID), Transcript::parse(&o.transcript).unwrap(), None, roster::HandedIn::AnyExam).unwrap();
    assert_eq!((checked.report.passed, checked.code.as_str()), (false, o.result_code.as_str()), "{:?}", checked.flags);
    assert!(checked.flags.is_empty(), "{:?}", checked.flags);
    // Against the exam file, the LMS's mastery score (90), not the file's pass mark (70), stays
    // this attempt's: the verdict is the one the LMS was sent, and the difference is flagged.
    let checked = roster::check(&scenario(ID), Transcript::parse(&o.transcript).unwrap(), None, roster::HandedIn::ThisExam(&exam())).unwrap();
    assert!(!checked.report.passed);
    assert_eq!(checked.flags, vec!["records a pass mark of 90, where the exam's is 70 (by the exam's, it passes)".to_string()]);

    // A run that fails with a score at or over the pass mark (it ends with objectives unmet):
    // sent with the verdict, the score would say "passed", so it goes only in the transcript.
    let mut lenient = launch(Standard::Scorm12);
    lenient.mastery_score = Some("40".into());
    let mut t = launched(lenient);
    play(&mut t, &procedure()[..30]);
    t.update(Msg::End);
    let Record::Done(o) = t.lms_record() else { panic!() };
    assert!(!o.passed && o.score >= 40 && o.pass_mark == 40 && !o.score_agrees, "{o:?}");
}

#[test]
fn browse_review_and_broken_launches_are_practice_that_records_nothing() {
    for (change, want) in [
        (Box::new(|l: &mut Launch| l.mode = LaunchMode::Browse) as Box<dyn Fn(&mut Launch)>, "opened this in Browse mode: practice"),
        (Box::new(|l: &mut Launch| l.mode = LaunchMode::Review), "opened this in Review mode: practice"),
        (Box::new(|l: &mut Launch| l.exam = None), "cannot record a result: the LMS gave no exam definition. This is practice"),
        (Box::new(|l: &mut Launch| l.exam = Some("clusterdrill-exam 9\n".into())), "its exam definition is not readable: line 1"),
        (Box::new(|l: &mut Launch| l.mastery_score = Some("lots".into())), "`lots` is not a mastery score"),
        (Box::new(|l: &mut Launch| l.problem = Some("no LMS API object was found".into())), "cannot record a result: no LMS API object was found"),
    ] {
        let mut l = launch(Standard::Cmi5);
        change(&mut l);
        let mut t = launched(l);
        assert!(t.session().is_none(), "{want}");
        assert!(t.notice().unwrap().0.contains(want), "{want}: {:?}", t.notice());
        // Practice goes on as ever, and nothing is recorded.
        t.update(Msg::Start);
        t.update(Msg::Act(action("NODE1: logon CORP\\exadmin")));
        assert_eq!(t.session().unwrap().meta().mode, Mode::Practice);
        assert_eq!(t.lms_record(), Record::Nothing, "{want}");
    }
}

#[test]
fn every_golden_session_fits_scorm_suspend_data_and_unpacks_to_itself() {
    let dir = format!("{}/tests/golden", env!("CARGO_MANIFEST_DIR"));
    let mut largest = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "transcript") {
            let t = Transcript::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let data = suspend_data(&t, Standard::Scorm12).unwrap_or_else(|| panic!("{}: over 4,096 characters packed", path.display()));
            largest = largest.max(data.len());
            assert_eq!(resume_from(&data, Standard::Scorm12).unwrap(), t, "{}", path.display());
        }
    }
    assert!(largest > 0);
    eprintln!("largest packed golden session: {largest} characters");
}
