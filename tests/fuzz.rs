//! The fuzz target: the built-in scenarios, their correct scripts and those scripts'
//! transcripts, the reels and the links that carry them, what an LMS launch hands in (an exam
//! definition carrying a scenario file, suspend data), mutated at random (bytes, lines, values, sizes), fed to the readers and the
//! engine. Whatever comes in: no panic; a refusal names a line, or says why it cannot (a
//! transcript with no `end` line); an accepted input is handled within fixed bounds (a state's
//! size, the solver's budget); an accepted transcript grades again identically.
//!
//! `make test` runs a few hundred cases; `CLUSTERDRILL_FUZZ_CASES=20000 cargo test --release
//! --test fuzz` runs more (the README gives the figures).

mod common;

use std::rc::Rc;

use clusterdrill::sim::limits;
use clusterdrill::sim::scenario::{FILES, parse_scenario};
use clusterdrill::sim::solver::{Budget, INTERACTIVE, SolveError, solve_within};
use clusterdrill::sim::transcript::{Transcript, play, replay};
use clusterdrill::sim::{Sim, Verb};
use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn cases() -> u32 {
    std::env::var("CLUSTERDRILL_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

/// A fixed stream of cases: a failure found once is found again on the next run.
fn runner() -> TestRunner {
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// What a mutation may put in: the characters and tokens readers trip on.
const PIECES: &[&str] = &[
    "\"", "'", "[", "]", "[[", "]]", "{", "}", "=", ".", ",", "#", "\\", "\n", "\r\n", "\r", "\t", " ", ":", "/", "\0", "\u{1}",
    "\u{200b}", "\u{feff}", "é", "😀", "-1", "0", "99999999999999999999", "1e400", "4294967296", "\"\"\"", "'''", "wait", "end",
    "unfinished", "NODE1:", "EVS1", "EVS1/sa", "2003-sp1", "30d", "366d", "0:00:00", "365d 00:00:01",
];

/// Applies one mutation, chosen and placed by `r`.
fn mutate(text: &str, r: u64) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = |k: u64| if lines.is_empty() { 0 } else { (k % lines.len() as u64) as usize };
    // A position on a character boundary.
    let at = |k: u64| {
        let n = text.len().max(1);
        let mut i = (k % n as u64) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let piece = PIECES[((r >> 8) % PIECES.len() as u64) as usize];
    let (k1, k2) = (r >> 16, r >> 40);
    match r % 9 {
        0 => format!("{}{piece}{}", &text[..at(k1)], &text[at(k1)..]),
        1 => {
            // Replace a character.
            let i = at(k1);
            let next = text[i..].chars().next().map_or(0, char::len_utf8);
            format!("{}{piece}{}", &text[..i], &text[i + next..])
        }
        2 => text[..at(k1)].to_string(),
        3 => lines.iter().enumerate().filter(|(i, _)| *i != line(k1)).map(|(_, l)| *l).collect(),
        4 => {
            // A line repeated: sizes and counts past the limits.
            let times = [2, 10, 70, 300, 3000][(k2 % 5) as usize];
            lines.iter().enumerate().map(|(i, l)| if i == line(k1) { l.repeat(times) } else { l.to_string() }).collect()
        }
        5 if !lines.is_empty() => {
            let (a, b) = (line(k1), line(k2));
            let mut v = lines.clone();
            v.swap(a, b);
            v.concat()
        }
        6 => {
            // A value replaced by something long, odd or invisible: a quoted one, or a word (a
            // console, a verb's argument, a header's value).
            let value = match k2 % 4 {
                0 => "x".repeat(1 + (k2 >> 3) as usize % 5000),
                1 => format!("HQ\u{200b}{piece}"),
                2 => piece.repeat(1 + (k2 >> 3) as usize % 50),
                _ => String::new(),
            };
            let quoted = (k2 >> 20) % 2 == 0;
            let (start, len) = if quoted {
                let Some(start) = text[at(k1)..].find('"').map(|i| i + at(k1) + 1) else { return text.to_string() };
                let Some(len) = text[start..].find('"') else { return text.to_string() };
                (start, len)
            } else {
                let Some(start) = text[at(k1)..].find(|c: char| c.is_alphanumeric()).map(|i| i + at(k1)) else { return text.to_string() };
                let len = text[start..].find(|c: char| c.is_whitespace() || c == ':').unwrap_or(text.len() - start);
                (start, len)
            };
            format!("{}{value}{}", &text[..start], &text[start + len..])
        }
        7 => {
            // A deep key or nesting.
            let depth = 1 + (k2 % 200) as usize;
            let deep = if k2 % 2 == 0 { vec!["a"; depth].join(".") + " = 1\n" } else { format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)) };
            format!("{}{deep}{}", &text[..at(k1)], &text[at(k1)..])
        }
        _ => {
            // A number changed.
            let Some(i) = text[at(k1)..].find(|c: char| c.is_ascii_digit()).map(|i| i + at(k1)) else { return text.to_string() };
            let n = [0u64, 1, 59, 60, 255, 256, 65_536, u32::MAX as u64 + 1, u64::MAX][(k2 % 9) as usize];
            format!("{}{n}{}", &text[..i], &text[i + 1..])
        }
    }
}

/// Both outcomes must occur, or the target proves little: inputs refused, and inputs accepted
/// and taken all the way.
fn both_seen(what: &str, refused: &Cell<u32>, accepted: &Cell<u32>) {
    eprintln!("{what}: {} refused, {} accepted", refused.get(), accepted.get());
    assert!(refused.get() > 0 && accepted.get() > cases() / 20, "{what}: {} refused, {} accepted", refused.get(), accepted.get());
}

fn mutations(text: &str, rs: &[u64]) -> String {
    rs.iter().fold(text.to_string(), |t, r| mutate(&t, *r))
}

/// What an error says is short and shows what was read: no invisible character is passed on
/// as it came (a message quotes a value shortened and escaped, `limits::shown`).
fn readable(message: &str) -> bool {
    // A value quoted is 40 characters at most, each written out as up to 9 if invisible; a list
    // of the names or verbs there are adds a few hundred.
    message.chars().count() < 1200 && !message.chars().any(|c| c != '\n' && limits::is_invisible(c))
}

/// A line number that points into the text (or just past its end), as an editor counts (a
/// lone CR ends a line too, as Notepad's files and the readers have it).
fn names_a_line(line: usize, text: &str) -> bool {
    line >= 1 && line <= clusterdrill::sim::script::text_lines(text).count() + 1
}

/// The largest state a scenario within the limits can start with (estimated bytes): what the
/// solver's memory budget divides.
const MAX_START_WEIGHT: u64 = 256 * 1024;

#[test]
fn mutated_scenarios_are_refused_at_a_line_or_handled_within_bounds() {
    let strategy = (0..FILES.len(), prop::collection::vec(any::<u64>(), 1..3), any::<u64>());
    let (refused, accepted) = (Cell::new(0), Cell::new(0));
    runner()
        .run(&strategy, |(which, rs, seed)| {
            let (name, original) = FILES[which];
            // Most cases under an id of their own, so they are read as an instructor's file.
            let base = if seed % 8 == 0 { original.to_string() } else { original.replacen("id = \"", "id = \"fuzz-", 1) };
            let text = mutations(&base, &rs);
            match parse_scenario(name, &text) {
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(names_a_line(e.line, &text), "{e}");
                    prop_assert!(readable(&e.message), "{e}");
                }
                Ok(s) => {
                    accepted.set(accepted.get() + 1);
                    let s = Rc::new(s);
                    let sim = Sim::new(s.clone(), seed);
                    prop_assert!(sim.weight() <= MAX_START_WEIGHT, "{}", sim.weight());
                    // The solver stays within its budget, whatever it finds.
                    let small = Budget { expansions: 150, ..INTERACTIVE };
                    match solve_within(&s, seed, small) {
                        Ok(plan) => prop_assert!(plan.peak_bytes <= small.kept_bytes + 64 * MAX_START_WEIGHT),
                        Err(SolveError::TooHard { expanded, .. } | SolveError::NoPlan { expanded }) => prop_assert!(expanded <= small.expansions + 1),
                    }
                    // A few steps of every verb form, and a wait, keep the invariants.
                    let mut sim = sim;
                    let mut n = seed;
                    for form in 0..Verb::FORMS.len() {
                        let console = sim.world().machines[form % sim.world().machines.len()].slot.clone();
                        let verb = Verb::example(form, &sim, &mut |k| {
                            n = n.wrapping_mul(6364136223846793005).wrapping_add(1);
                            (n >> 33) as usize % k.max(1)
                        });
                        let _ = sim.apply(sim.now(), &clusterdrill::sim::Action::new(console, verb));
                    }
                    sim.run_until_idle(sim.now().plus(limits::WAIT_SECS));
                    prop_assert!(sim.check_invariants().is_ok(), "{:?}", sim.check_invariants());
                }
            }
            Ok(())
        })
        .unwrap();
    both_seen("scenarios", &refused, &accepted);
}

#[test]
fn mutated_scripts_are_refused_at_a_line_or_graded_the_same_from_their_transcript() {
    let ids: Vec<&str> = FILES.iter().map(|(n, _)| n.trim_end_matches(".toml")).collect();
    let strategy = (0..ids.len(), prop::collection::vec(any::<u64>(), 1..5), any::<u64>());
    let (refused, accepted) = (Cell::new(0), Cell::new(0));
    runner()
        .run(&strategy, |(which, rs, seed)| {
            let scenario = common::scenario(ids[which]);
            let script = mutations(&common::correct_script(ids[which]), &rs);
            match play(&scenario, seed, &script) {
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(names_a_line(e.line, &script), "{e}");
                    prop_assert!(readable(&e.message), "{e}");
                }
                Ok((sim, transcript, _)) => {
                    accepted.set(accepted.get() + 1);
                    let text = transcript.to_text();
                    prop_assert!(text.len() <= limits::SCRIPT_BYTES, "{}", text.len());
                    let again = replay(&scenario, &Transcript::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?, true)
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(again.report(again.now(), None), sim.report(sim.now(), None));
                }
            }
            Ok(())
        })
        .unwrap();
    both_seen("scripts", &refused, &accepted);
}

#[test]
fn tampered_transcripts_are_refused_at_a_line_or_regrade_identically() {
    let ids: Vec<&str> = FILES.iter().map(|(n, _)| n.trim_end_matches(".toml")).collect();
    let transcripts: Vec<String> = ids
        .iter()
        .map(|id| play(&common::scenario(id), 1, &common::correct_script(id)).unwrap().1.to_text())
        .collect();
    let strategy = (0..ids.len(), prop::collection::vec(any::<u64>(), 1..5));
    let (refused, accepted) = (Cell::new(0), Cell::new(0));
    runner()
        .run(&strategy, |(which, rs)| {
            let text = mutations(&transcripts[which], &rs);
            let t = match Transcript::parse(&text) {
                // Line 0: a transcript with no end line, or none at all, says so.
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(names_a_line(e.line, &text) || (e.line == 0 && !e.message.is_empty()), "{e}");
                    prop_assert!(readable(&e.message), "{e}");
                    return Ok(());
                }
                Ok(t) => t,
            };
            let Some(scenario) = clusterdrill::sim::scenario::builtin(&t.scenario) else { return Ok(()) };
            match replay(&scenario, &t, true) {
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(names_a_line(e.line, &text), "{e}");
                    prop_assert!(readable(&e.message), "{e}");
                }
                Ok(sim) => {
                    accepted.set(accepted.get() + 1);
                    // Written again and read back, it is the same session and the same grade.
                    let read = Transcript::parse(&t.to_text()).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(&read, &t);
                    let again = replay(&scenario, &read, true).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(again.report(again.now(), None), sim.report(sim.now(), None));
                }
            }
            Ok(())
        })
        .unwrap();
    both_seen("transcripts", &refused, &accepted);
}

#[test]
fn tampered_reels_and_links_are_refused_or_shown_in_the_presenter_view() {
    use clusterdrill::sim::link::{Shared, decode, encode};
    use clusterdrill::sim::reel::{self, Reel};
    use clusterdrill::trainer::Presenter;
    let reels: Vec<String> = reel::FILES.iter().map(|(_, t)| t.to_string()).collect();
    let strategy = (0..reels.len(), prop::collection::vec(any::<u64>(), 1..5), any::<u64>(), any::<bool>());
    let (refused, accepted) = (Cell::new(0), Cell::new(0));
    runner()
        .run(&strategy, |(which, rs, cut, in_link)| {
            // The reel itself mutated, or the link that carries it mangled (characters changed,
            // cut short).
            let text = if in_link {
                let link = encode(&Shared { recording: reels[which].clone(), scenario: None, at: None });
                let mangled = mutations(&link, &rs[..1]);
                let keep = (cut as usize % (mangled.len() + 1)).max(mangled.len() / 2);
                let mangled: String = mangled.chars().take(keep).collect();
                match decode(&mangled) {
                    Err(e) => {
                        refused.set(refused.get() + 1);
                        prop_assert!(!e.is_empty() && readable(&e), "{e}");
                        return Ok(());
                    }
                    Ok(s) => s.recording,
                }
            } else {
                mutations(&reels[which], &rs)
            };
            let r = match Reel::parse(&text) {
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(names_a_line(e.line, &text) || (e.line == 0 && !e.message.is_empty()), "{e}");
                    prop_assert!(readable(&e.message), "{e}");
                    return Ok(());
                }
                Ok(r) => r,
            };
            prop_assert_eq!(&Reel::parse(&r.to_text()).map_err(|e| TestCaseError::fail(e.to_string()))?, &r);
            let Some(scenario) = clusterdrill::sim::scenario::builtin(&r.transcript.scenario) else { return Ok(()) };
            match Presenter::new(&scenario, r) {
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(!e.is_empty() && readable(&e), "{e}");
                }
                Ok(mut p) => {
                    accepted.set(accepted.get() + 1);
                    let end = p.end();
                    for n in [end, 0, end / 2] {
                        p.go_to(n).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    both_seen("reels and links", &refused, &accepted);
}

#[test]
fn tampered_lms_launches_start_an_exam_or_say_why_and_record_nothing() {
    use clusterdrill::sim::exam::{MakeOptions, make};
    use clusterdrill::trainer::lms::{Launch, LaunchMode, Record, Standard, suspend_data};
    use clusterdrill::trainer::{Msg, Trainer};
    // An exam on an instructor's copy of a scenario (so the definition carries its file), and
    // an attempt in progress packed as an LMS keeps it.
    let text = FILES.iter().find(|(n, _)| *n == "e2003-sp1-active-passive.toml").unwrap().1;
    let file = text.replacen("id = \"e2003-sp1-active-passive\"", "id = \"acme-sp1\"", 1);
    let custom = Rc::new(parse_scenario("acme.toml", &file).unwrap());
    let options = MakeOptions { title: "ACME".into(), seeds: 1..=5, band_percent: 50, time_limit: None, extension: None, pass_mark: 70 };
    let mut exam = make(&custom, &options, clusterdrill::sim::solver::PROOF).unwrap();
    exam.scenario_file = Some(file);
    let exam = exam.to_text();
    let mut first = Trainer::new(1, None, Vec::new(), None);
    let launch = |exam: Option<String>, resume: Option<String>, mastery: Option<String>| Launch {
        standard: Standard::Scorm12,
        mode: LaunchMode::Normal,
        learner_id: "s1".into(),
        learner_name: "A".into(),
        exam,
        resume,
        mastery_score: mastery,
        problem: None,
        draw: 3,
        live: true,
    };
    first.update(Msg::Launch(launch(Some(exam.clone()), None, None)));
    first.update(Msg::Act(common::action("NODE1: logon CORP\\exadmin")));
    let Record::Progress(Some(kept)) = first.lms_record() else { panic!("{:?}", first.notice()) };
    let transcript = first.session().unwrap().transcript();
    let strategy = (0..3u8, prop::collection::vec(any::<u64>(), 1..4));
    let (refused, accepted) = (Cell::new(0), Cell::new(0));
    runner()
        .run(&strategy, |(what, rs)| {
            let (exam_in, resume, mastery) = match what {
                0 => (mutations(&exam, &rs), None, None),
                // Suspend data mangled as text, or a transcript tampered with and packed again.
                1 => (exam.clone(), Some(mutations(&kept, &rs)), None),
                _ => (exam.clone(), suspend_data(&Transcript::parse(&mutations(&transcript.to_text(), &rs)).unwrap_or_else(|_| transcript.clone()), Standard::Scorm12), Some(mutations("0.75", &rs[..1]))),
            };
            let mut t = Trainer::new(1, None, Vec::new(), None);
            t.update(Msg::Launch(launch(Some(exam_in), resume, mastery)));
            match t.session() {
                Some(s) => {
                    accepted.set(accepted.get() + 1);
                    prop_assert_eq!(s.meta().mode, clusterdrill::sim::transcript::Mode::Exam);
                    prop_assert!(matches!(t.lms_record(), Record::Progress(Some(_))));
                }
                None => {
                    refused.set(refused.get() + 1);
                    let notice = t.notice().map(|(n, _)| n.to_string()).unwrap_or_default();
                    prop_assert!(notice.starts_with("The SCORM 1.2 launch cannot record a result: "), "{notice}");
                    prop_assert!(readable(&notice), "{notice}");
                    prop_assert_eq!(t.lms_record(), Record::Nothing);
                }
            }
            Ok(())
        })
        .unwrap();
    both_seen("LMS launches", &refused, &accepted);
}
