//! Transcripts: a session written down as scenario, version, seed and timed actions. Replaying
//! one reproduces the session exactly; a score written in it is never trusted, only recomputed.
//! A session that was ended says so (`end`); one saved while it was still going on is
//! `unfinished` at the time its clock stood, and opens as a session to continue.
//!
//! ```text
//! clusterdrill-transcript 1
//! scenario e2003-sp1-active-passive
//! scenario-version 1
//! seed 7
//! 0:00:00 NODE2: logon CORP\exadmin
//! 0:00:00 NODE2: install hotfix-831464
//! 0:04:12 NODE2: reboot
//! undos 1                   (when the learner went back to an earlier step)
//! end 1:02:03
//! claimed-score 100
//! ```

use std::fmt::Write as _;
use std::rc::Rc;

use super::action::Action;
use super::engine::{Outcome, Sim};
use super::limits::{self, shown};
use super::scenario::Scenario;
use super::script::{Line, parse_line};
use super::time::SimTime;

pub const MAGIC: &str = "clusterdrill-transcript 1";

/// Longest a bare `wait` may run, so that a cluster ping-ponging a group cannot stall a script.
pub const WAIT_LIMIT: u32 = limits::WAIT_SECS;

#[derive(Clone, Debug)]
pub struct Transcript {
    pub scenario: String,
    pub scenario_version: u32,
    pub seed: u64,
    pub actions: Vec<(SimTime, Action)>,
    /// When the session ended, or where its clock stood when it was saved unfinished.
    pub end: SimTime,
    /// The learner ended the session (`end`), rather than saving it to go on (`unfinished`).
    pub finished: bool,
    /// A score the file claims. Shown beside the recomputed one, never used.
    pub claimed_score: Option<u32>,
    /// How many times the learner went back to an earlier step (undo) on the way to these
    /// actions: the undone steps are gone, the count is kept for the report.
    pub undos: u32,
    /// Where the scenario, version and each action stand in the text, for replay errors.
    lines: SourceLines,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SourceLines {
    scenario: usize,
    version: usize,
    actions: Vec<usize>,
}

/// What is wrong with a transcript, and on which line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for TranscriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 { f.write_str(&self.message) } else { write!(f, "line {}: {}", self.line, self.message) }
    }
}

impl std::error::Error for TranscriptError {}

/// Two transcripts are the same session whatever comments or blank lines their files had.
impl PartialEq for Transcript {
    fn eq(&self, o: &Self) -> bool {
        (&self.scenario, self.scenario_version, self.seed, &self.actions, self.end, self.finished, self.claimed_score, self.undos)
            == (&o.scenario, o.scenario_version, o.seed, &o.actions, o.end, o.finished, o.claimed_score, o.undos)
    }
}

impl Eq for Transcript {}

impl Transcript {
    /// A transcript of a session of `scenario` with `seed`, ended at `end`.
    pub fn new(scenario: &Scenario, seed: u64, actions: Vec<(SimTime, Action)>, end: SimTime) -> Transcript {
        // The lines `to_text` writes them on.
        let lines = SourceLines { scenario: 2, version: 3, actions: (5..5 + actions.len()).collect() };
        Transcript {
            scenario: scenario.id.clone(),
            scenario_version: scenario.version,
            seed,
            actions,
            end,
            finished: true,
            claimed_score: None,
            undos: 0,
            lines,
        }
    }

    /// The same session, saved to be continued: its clock stood at `end`.
    pub fn unfinished(self) -> Transcript {
        Transcript { finished: false, ..self }
    }

    /// The line of the text that action `i` came from.
    fn action_line(&self, i: usize) -> usize {
        self.lines.actions.get(i).copied().unwrap_or(0)
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{MAGIC}");
        let _ = writeln!(out, "scenario {}", self.scenario);
        let _ = writeln!(out, "scenario-version {}", self.scenario_version);
        let _ = writeln!(out, "seed {}", self.seed);
        for (t, a) in &self.actions {
            let _ = writeln!(out, "{t} {a}");
        }
        if self.undos > 0 {
            let _ = writeln!(out, "undos {}", self.undos);
        }
        let _ = writeln!(out, "{} {}", if self.finished { "end" } else { "unfinished" }, self.end);
        if let Some(score) = self.claimed_score {
            let _ = writeln!(out, "claimed-score {score}");
        }
        out
    }

    pub fn parse(text: &str) -> Result<Transcript, TranscriptError> {
        let err = |line: usize, message: String| TranscriptError { line, message };
        let lines = super::script::bounded_lines(text, "the transcript", limits::TRANSCRIPT_BYTES).map_err(|e| err(e.line, e.message))?;
        let mut lines = lines.map(|(n, l)| (n, l.trim())).filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
        match lines.next() {
            Some((_, MAGIC)) => {}
            Some((n, other)) => {
                return Err(err(n, format!("expected `{MAGIC}`, found `{}`: this is not a Cluster Drill transcript", shown(other))));
            }
            None => return Err(err(0, "the transcript is empty".into())),
        }
        let mut header = |key: &str| -> Result<(usize, String), TranscriptError> {
            match lines.next() {
                Some((n, l)) => match l.strip_prefix(key).and_then(|rest| rest.strip_prefix(' ')) {
                    Some(v) => Ok((n, v.trim().to_string())),
                    None => Err(err(n, format!("expected `{key} ...`, found `{}`", shown(l)))),
                },
                None => Err(err(0, format!("the transcript ends before its `{key}` line"))),
            }
        };
        let (scenario_line, scenario) = header("scenario")?;
        let (version_line, version) = header("scenario-version")?;
        let scenario_version = version.parse().map_err(|_| err(version_line, format!("`{}` is not a version number", shown(&version))))?;
        let (n, seed) = header("seed")?;
        let seed = seed.parse().map_err(|_| err(n, format!("`{}` is not a seed: a whole number from 0 to 2^64-1", shown(&seed))))?;
        let mut actions = Vec::new();
        let mut action_lines = Vec::new();
        let mut end = None;
        let mut claimed_score = None;
        let mut undos = None;
        let mut last = SimTime::ZERO;
        for (n, l) in lines {
            let close = l.strip_prefix("end ").map(|rest| (true, rest)).or_else(|| l.strip_prefix("unfinished ").map(|rest| (false, rest)));
            if let Some((finished, rest)) = close {
                if end.is_some() {
                    return Err(err(n, "a second `end` or `unfinished` line: a session ends once".into()));
                }
                let t: SimTime = rest.parse().map_err(|e| err(n, e))?;
                if t < last {
                    return Err(err(n, format!("the session ends at {t}, before its last action at {last}")));
                }
                end = Some((t, finished));
                continue;
            }
            if let Some(rest) = l.strip_prefix("claimed-score ") {
                if claimed_score.is_some() {
                    return Err(err(n, "a second `claimed-score` line".into()));
                }
                let score = rest.trim().parse().ok().filter(|s| *s <= 100);
                claimed_score = Some(score.ok_or_else(|| err(n, format!("`{}` is not a score: a whole number from 0 to 100", shown(rest.trim()))))?);
                continue;
            }
            if end.is_some() {
                return Err(err(n, "actions after the `end` (or `unfinished`) line".into()));
            }
            if let Some(rest) = l.strip_prefix("undos ") {
                if undos.is_some() {
                    return Err(err(n, "a second `undos` line".into()));
                }
                let count = rest.trim().parse().ok().filter(|u| *u as usize <= limits::ACTIONS);
                undos = Some(count.ok_or_else(|| err(n, format!("`{}` is not a count of undos: a whole number from 0 to {}", shown(rest.trim()), limits::ACTIONS)))?);
                continue;
            }
            // `H:MM:SS` or `Nd HH:MM:SS`, then the action.
            let (time_text, action_text) = split_time(l).ok_or_else(|| err(n, format!("`{}` should start with a time such as 0:05:00", shown(l))))?;
            let t: SimTime = time_text.parse().map_err(|e| err(n, e))?;
            if t < last {
                return Err(err(n, format!("time goes backwards: {t} after {last}")));
            }
            last = t;
            match parse_line(action_text).map_err(|e| err(n, e))? {
                Line::Action(_) if actions.len() == limits::ACTIONS => {
                    return Err(err(n, format!("a transcript may hold at most {} actions", limits::ACTIONS)));
                }
                Line::Action(a) => {
                    actions.push((t, a));
                    action_lines.push(n);
                }
                _ => {
                    return Err(err(n, "a transcript line needs an action after its time".into()));
                }
            }
        }
        let (end, finished) =
            end.ok_or_else(|| err(0, "the transcript has no `end` (or `unfinished`) line: it may have been cut short".into()))?;
        let lines = SourceLines { scenario: scenario_line, version: version_line, actions: action_lines };
        Ok(Transcript { scenario, scenario_version, seed, actions, end, finished, claimed_score, undos: undos.unwrap_or(0), lines })
    }
}

fn split_time(line: &str) -> Option<(&str, &str)> {
    let first = line.split_whitespace().next()?;
    let len = if first.ends_with('d') {
        let second = line[first.len()..].split_whitespace().next()?;
        let start = line.find(second)?;
        start + second.len()
    } else {
        first.len()
    };
    Some((&line[..len], line[len..].trim_start()))
}

/// One step of a played script, as the learner saw it.
#[derive(Clone, Debug)]
pub struct Step {
    pub line: usize,
    pub at: SimTime,
    pub action: Action,
    pub outcome: Outcome,
}

/// Replays a transcript against its scenario. Fails if the transcript is for another
/// scenario or version, or if an action cannot be applied.
pub fn replay(scenario: &Rc<Scenario>, t: &Transcript, quiet: bool) -> Result<Sim, TranscriptError> {
    replay_steps(scenario, t, quiet).map(|(sim, _)| sim)
}

/// Replays a transcript and also returns what each action met with, for a timeline.
pub fn replay_steps(scenario: &Rc<Scenario>, t: &Transcript, quiet: bool) -> Result<(Sim, Vec<Outcome>), TranscriptError> {
    if t.scenario != scenario.id {
        return Err(TranscriptError { line: t.lines.scenario, message: format!("the transcript is for scenario `{}`, not `{}`", t.scenario, scenario.id) });
    }
    if t.scenario_version != scenario.version {
        return Err(TranscriptError {
            line: t.lines.version,
            message: format!("the transcript is for version {} of `{}`, but this is version {}", t.scenario_version, scenario.id, scenario.version),
        });
    }
    let mut sim = if quiet { Sim::new_quiet(scenario.clone(), t.seed) } else { Sim::new(scenario.clone(), t.seed) };
    let mut outcomes = Vec::with_capacity(t.actions.len());
    for (i, (at, action)) in t.actions.iter().enumerate() {
        outcomes.push(sim.apply(*at, action).map_err(|e| TranscriptError { line: t.action_line(i), message: e.0 })?);
    }
    sim.advance_to(t.end);
    Ok((sim, outcomes))
}

/// A transcript's session graded where it ends: replayed (the claimed score is never used),
/// with the undos it records.
pub fn grade(scenario: &Rc<Scenario>, t: &Transcript, par: Option<super::grading::Par>) -> Result<super::grading::Report, TranscriptError> {
    let sim = replay(scenario, t, true)?;
    let mut report = sim.report(t.end, par);
    report.undos = t.undos;
    Ok(report)
}

/// Runs a script of actions and waits; returns the session, its transcript and every step.
pub fn play(scenario: &Rc<Scenario>, seed: u64, script: &str) -> Result<(Sim, Transcript, Vec<Step>), TranscriptError> {
    let lines = super::script::parse_script(script).map_err(|e| TranscriptError { line: e.line, message: e.message })?;
    let mut sim = Sim::new(scenario.clone(), seed);
    let mut steps = Vec::new();
    let mut actions = Vec::new();
    for (n, line) in lines {
        match line {
            Line::Blank => {}
            Line::Wait(None) => {
                let limit = sim.now().plus(WAIT_LIMIT);
                sim.run_until_idle(limit);
            }
            Line::Wait(Some(d)) => {
                if u64::from(sim.now().secs()) + u64::from(d) > u64::from(SimTime::END.secs()) {
                    return Err(TranscriptError { line: n, message: format!("the wait would run the clock past its end ({})", SimTime::END) });
                }
                sim.advance_to(sim.now().plus(d));
            }
            Line::Action(action) => {
                let at = sim.now();
                let outcome = sim.apply(at, &action).map_err(|e| TranscriptError { line: n, message: e.0 })?;
                actions.push((at, action.clone()));
                steps.push(Step { line: n, at, action, outcome });
            }
        }
    }
    let transcript = Transcript::new(scenario, seed, actions, sim.now());
    Ok((sim, transcript, steps))
}

/// A played session as text: each step and what it met with, what the consoles were told, and
/// the event logs (`clusterdrill play --verbose`, and the golden sessions' readable diffs).
pub fn session_text(sim: &Sim, steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        let mark = if step.outcome.is_refused() { "refused" } else { "ok" };
        let _ = writeln!(out, "{:>10}  {}\n            {mark}: {}", step.at.to_string(), step.action, step.outcome.message());
    }
    out.push_str("\nOn the consoles (Setup finishing, Cluster Administrator's errors):\n");
    for n in sim.notices() {
        let _ = writeln!(out, "{:>10}  {:<6} {}", n.at.to_string(), sim.world().machine(n.machine).slot, n.text);
    }
    out.push_str("\nEvent logs:\n");
    for e in sim.log() {
        let machine = &sim.world().machine(e.machine).slot;
        let _ = writeln!(out, "{:>10}  {machine:<6} {:<11} {:<15} {}", e.at.to_string(), e.level.label(), e.source, e.text);
    }
    out
}
