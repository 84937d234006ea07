//! Results anyone can check: a transcript regraded, with what it claims compared against its
//! replay (score, result code), how it was made, and a class roster of many (`clusterdrill
//! grade --csv`, and the instructor's roster in the browser).

use std::rc::Rc;

use super::exam::Exam;
use super::grading::Report;
use super::counted;
use super::time::format_duration;
use super::scenario::Scenario;
use super::transcript::{MadeBy, Mode, Transcript, TranscriptError, earlier_result_code, grade, result_code};

/// A transcript regraded: its report, the result code of its replay, and what does not hold.
#[derive(Clone, Debug)]
pub struct Checked {
    pub transcript: Transcript,
    pub report: Report,
    /// The result code its replay gives (what the learner was shown, if nothing was changed).
    pub code: String,
    /// What an instructor should know: a claim that is not the replay's, a transcript made by a
    /// script or the solver, one made in practice for an exam. Empty: nothing to flag.
    pub flags: Vec<String>,
}

/// What the transcripts were handed in for, which says what else is checked.
#[derive(Clone, Copy, Debug)]
pub enum HandedIn<'a> {
    /// Anything: practice is as good as an exam.
    Freely,
    /// An exam: one made in practice is flagged.
    AnyExam,
    /// This exam: its pass mark, seeds, time limit and extensions are checked too.
    ThisExam(&'a Exam),
}

/// Regrades a transcript on its scenario (`par`: the scenario's par for its seed, if known).
pub fn check(scenario: &Rc<Scenario>, t: Transcript, par: Option<super::grading::Par>, handed_in: HandedIn) -> Result<Checked, TranscriptError> {
    let mut report = grade(scenario, &t, par)?;
    // The code of the session as it was judged when made (what the learner was shown).
    let code = result_code(&t, &report);
    let earlier_code = earlier_result_code(&t, &report);
    let mut flags = Vec::new();
    if let HandedIn::ThisExam(exam) = handed_in {
        // The verdict stays the one the learner was given, by the pass mark the transcript
        // records (an LMS's mastery score may rightly differ from the file's; a difference is
        // flagged, with the verdict by the exam's); one that records none is judged by the exam's.
        if t.meta.pass_mark.is_none() {
            report.judge_with_pass_mark(exam.pass_mark);
        }
        flags.extend(against_exam(&t, exam, &report));
    }
    if let Some(claimed) = t.claimed_score.filter(|c| *c != report.score) {
        flags.push(format!("claims a score of {claimed}, but its replay scores {}", report.score));
    }
    match t.claimed_code.as_ref().filter(|c| **c != code) {
        None => {}
        Some(claimed) if *claimed == earlier_code => {
            flags.push(format!("carries the earlier kind of result code ({claimed}), which does not cover an exam's time used, extensions or pass mark"));
        }
        Some(claimed) => flags.push(format!("claims the result code {claimed}, but its replay gives {code}")),
    }
    match t.meta.made_by {
        MadeBy::Solver => flags.push("made by the solver's plan (clusterdrill solve), not by a learner".into()),
        MadeBy::Script => flags.push("made by a script (clusterdrill play), not by a learner in the trainer".into()),
        MadeBy::Unknown => flags.push("does not say how it was made (made before transcripts kept it)".into()),
        MadeBy::Continued => flags.push("a learner went on from steps that were not their own (a plan's, a script's or a recording's)".into()),
        MadeBy::Learner => {}
    }
    if !matches!(handed_in, HandedIn::Freely) && t.meta.mode != Mode::Exam {
        flags.push("made in practice mode, not in the exam".into());
    }
    if t.meta.mode == Mode::Exam && (t.meta.hints > 0 || t.meta.undos > 0) {
        flags.push(format!("is an exam's, yet records {} and {}, which an exam does not give", counted(t.meta.hints, "hint", "hints"), counted(t.meta.undos, "undo", "undos")));
    }
    if t.finished && t.meta.made_by == MadeBy::Learner && (t.claimed_score.is_none() || t.claimed_code.is_none()) {
        flags.push("ends without the score and result code the trainer writes at the end".into());
    }
    if t.scenario_digest.is_none() {
        flags.push("carries no scenario digest: whether the scenario file changed since cannot be told".into());
    }
    if !t.finished {
        flags.push(format!("was saved unfinished at {}: graded as it stands", t.end));
    }
    Ok(Checked { transcript: t, report, code, flags })
}

/// What an exam's transcript does not hold to of the exam's rules (its pass mark, seeds, time
/// limit and extensions).
fn against_exam(t: &Transcript, exam: &Exam, report: &Report) -> Vec<String> {
    let mut flags = Vec::new();
    match t.meta.pass_mark {
        None => flags.push(format!("records no pass mark: judged by the exam's, {}", exam.pass_mark)),
        Some(m) if m != exam.pass_mark => {
            let verdict = if report.passes_with(exam.pass_mark) { "it passes" } else { "it fails" };
            flags.push(format!("records a pass mark of {m}, where the exam's is {} (by the exam's, {verdict})", exam.pass_mark));
        }
        Some(_) => {}
    }
    if !exam.seeds.iter().any(|(seed, _)| *seed == t.seed) {
        flags.push(format!("is on seed {}, which is not one of the exam's", t.seed));
    }
    let (each, most) = exam.extension.unwrap_or((0, 0));
    if t.meta.extensions > most {
        flags.push(format!("took {} extensions of the time limit, where the exam allows {most}", t.meta.extensions));
    }
    if let Some(limit) = exam.time_limit {
        let allowed = u64::from(limit) + u64::from(each) * u64::from(t.meta.extensions.min(most));
        match t.meta.time_used {
            None => flags.push("does not say how much time was used, though the exam has a time limit".into()),
            Some(used) if u64::from(used) > allowed => flags.push(format!(
                "used {} of real time, where the exam allowed {}",
                format_duration(used),
                format_duration(u32::try_from(allowed).unwrap_or(u32::MAX))
            )),
            Some(_) => {}
        }
    }
    flags
}

/// The roster's columns.
pub const COLUMNS: &[&str] = &[
    "file", "learner", "started", "scenario", "version", "seed", "mode", "made_by", "score", "passed", "findings", "worst_downtime_s",
    "total_downtime_s", "steps", "hints", "undos", "time_used_s", "result_code", "flags",
];

/// One row of the roster for a transcript file: checked, or why it could not be.
pub fn row(file: &str, checked: &Result<Checked, String>) -> Vec<String> {
    match checked {
        Ok(c) => {
            let (t, r) = (&c.transcript, &c.report);
            vec![
                file.to_string(),
                t.meta.learner.clone().unwrap_or_default(),
                t.meta.started.clone().unwrap_or_default(),
                t.scenario.clone(),
                t.scenario_version.to_string(),
                t.seed.to_string(),
                t.meta.mode.word().to_string(),
                t.meta.made_by.word().to_string(),
                r.score.to_string(),
                if r.passed { "yes" } else { "no" }.to_string(),
                r.findings.iter().map(|f| f.id).collect::<Vec<_>>().join(" "),
                r.worst_downtime.to_string(),
                r.total_downtime.to_string(),
                r.steps.to_string(),
                r.hints.to_string(),
                r.undos.to_string(),
                t.meta.time_used.map(|s| s.to_string()).unwrap_or_default(),
                c.code.clone(),
                c.flags.join("; "),
            ]
        }
        Err(why) => {
            let mut cells = vec![String::new(); COLUMNS.len()];
            cells[0] = file.to_string();
            cells[COLUMNS.len() - 1] = format!("cannot be regraded: {why}");
            cells
        }
    }
}

/// The roster's rows, one per transcript file, in order; an exam transcript of a learner who
/// handed in more than one attempt on the same scenario says so (each attempt is a fresh seed:
/// the instructor decides which counts).
pub fn rows(items: &[(String, Result<Checked, String>)]) -> Vec<Vec<String>> {
    let attempt = |c: &Checked| {
        let learner = c.transcript.meta.learner.clone().filter(|_| c.transcript.meta.mode == Mode::Exam)?;
        Some((learner, c.transcript.scenario.clone()))
    };
    // An attempt is its seed and start: a save made during it, its final transcript, or the
    // same file twice are one attempt.
    let mut attempts: std::collections::BTreeMap<(String, String), std::collections::BTreeSet<(u64, Option<&str>)>> = Default::default();
    for c in items.iter().filter_map(|(_, c)| c.as_ref().ok()) {
        if let Some(key) = attempt(c) {
            attempts.entry(key).or_default().insert((c.transcript.seed, c.transcript.meta.started.as_deref()));
        }
    }
    items
        .iter()
        .map(|(file, checked)| {
            let mut checked = checked.clone();
            if let Ok(c) = &mut checked
                && let Some((learner, scenario)) = attempt(c)
                && let Some(n) = attempts.get(&(learner.clone(), scenario.clone())).map(|a| a.len()).filter(|n| *n > 1)
            {
                c.flags.push(format!("one of {n} exam attempts by {learner} on {scenario}"));
            }
            row(file, &checked)
        })
        .collect()
}

/// Rows as CSV (RFC 4180: a cell with a comma, a quote or a line break is quoted).
pub fn csv(rows: &[Vec<String>]) -> String {
    let cell = |c: &str| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.to_string() };
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}
