//! Results anyone can check: a transcript regraded, with what it claims compared against its
//! replay (score, result code), how it was made, and a class roster of many (`clusterdrill
//! grade --csv`, and the instructor's roster in the browser).

use std::rc::Rc;

use super::grading::Report;
use super::scenario::Scenario;
use super::transcript::{MadeBy, Mode, Transcript, TranscriptError, grade, result_code};

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

/// Regrades a transcript on its scenario (`par`: the scenario's par for its seed, if known).
/// `exam`: the transcripts are handed in for an exam, so practice ones are flagged.
pub fn check(scenario: &Rc<Scenario>, t: Transcript, par: Option<super::grading::Par>, exam: bool) -> Result<Checked, TranscriptError> {
    let report = grade(scenario, &t, par)?;
    let code = result_code(&t, &report);
    let mut flags = Vec::new();
    if let Some(claimed) = t.claimed_score.filter(|c| *c != report.score) {
        flags.push(format!("claims a score of {claimed}, but its replay scores {}", report.score));
    }
    if let Some(claimed) = t.claimed_code.as_ref().filter(|c| **c != code) {
        flags.push(format!("claims the result code {claimed}, but its replay gives {code}"));
    }
    match t.meta.made_by {
        MadeBy::Solver => flags.push("made by the solver's plan (clusterdrill solve), not by a learner".into()),
        MadeBy::Script => flags.push("made by a script (clusterdrill play), not by a learner in the trainer".into()),
        MadeBy::Unknown => flags.push("does not say how it was made (made before transcripts kept it)".into()),
        MadeBy::Learner => {}
    }
    if exam && t.meta.mode != Mode::Exam {
        flags.push("made in practice mode, not in the exam".into());
    }
    if t.scenario_digest.is_none() {
        flags.push("carries no scenario digest: whether the scenario file changed since cannot be told".into());
    }
    if !t.finished {
        flags.push(format!("was saved unfinished at {}: graded as it stands", t.end));
    }
    Ok(Checked { transcript: t, report, code, flags })
}

/// The roster's columns.
pub const COLUMNS: &[&str] = &[
    "file", "learner", "started", "scenario", "version", "seed", "mode", "made_by", "score", "passed", "findings", "worst_downtime_s",
    "total_downtime_s", "steps", "hints", "undos", "result_code", "flags",
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
