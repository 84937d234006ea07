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
//! scenario-digest 3f0c55e0d1a2b4c6   (the scenario file's: replay refuses another file)
//! learner Ada Byron                  (optional, as the learner gave it)
//! started 2026-12-02T09:30:00Z       (optional: real time, from the front end)
//! mode practice                      (or exam)
//! made-by learner                    (or script, solver)
//! 0:00:00 NODE2: logon CORP\exadmin
//! 0:00:00 NODE2: install hotfix-831464
//! 0:04:12 NODE2: reboot
//! hints 2                            (when hints were asked for)
//! undos 1                            (when the learner went back to an earlier step)
//! time-used 47m12s                   (an exam: the real time used, and `extensions N`)
//! end 1:02:03
//! claimed-score 100
//! result-code 7KQ2M-XW4RA
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

/// How a session was run: for practice, or as an exam (no help of any kind).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    #[default]
    Practice,
    Exam,
}

/// Who took the actions: a learner in the trainer, a script (`clusterdrill play`), the solver's
/// plan (`clusterdrill solve --transcript`); a learner going on from steps that were not
/// theirs, a plan's, a script's or a recording's taken over (`continued`); unknown for
/// transcripts from before this was kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MadeBy {
    #[default]
    Unknown,
    Learner,
    Script,
    Solver,
    Continued,
}

impl Mode {
    pub fn word(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
        }
    }
}

impl MadeBy {
    pub fn word(self) -> &'static str {
        match self {
            MadeBy::Unknown => "unknown",
            MadeBy::Learner => "learner",
            MadeBy::Script => "script",
            MadeBy::Solver => "solver",
            MadeBy::Continued => "continued",
        }
    }
}

/// What a transcript says of how it was made, besides the actions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Meta {
    /// The learner's name, as given.
    pub learner: Option<String>,
    /// When the session started, in real time (UTC, `2026-12-02T09:30:00Z`), as the front end
    /// that ran it said: the core reads no clock.
    pub started: Option<String>,
    pub mode: Mode,
    pub made_by: MadeBy,
    /// Hints asked for.
    pub hints: u32,
    /// Times the learner went back to an earlier step (undo): the undone steps are gone, the
    /// count is kept for the report.
    pub undos: u32,
    /// An exam's real time used so far, in seconds, and the extensions taken.
    pub time_used: Option<u32>,
    pub extensions: u32,
    /// An exam's pass mark (when not the scenario's): a regrade judges the pass by it.
    pub pass_mark: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Transcript {
    pub scenario: String,
    pub scenario_version: u32,
    /// The digest of the scenario file the session was made on (`Scenario::digest`): replay
    /// refuses a file that differs. Absent in transcripts from before it was kept.
    pub scenario_digest: Option<u64>,
    pub seed: u64,
    pub meta: Meta,
    pub actions: Vec<(SimTime, Action)>,
    /// When the session ended, or where its clock stood when it was saved unfinished.
    pub end: SimTime,
    /// The learner ended the session (`end`), rather than saving it to go on (`unfinished`).
    pub finished: bool,
    /// A score the file claims. Shown beside the recomputed one, never used.
    pub claimed_score: Option<u32>,
    /// A result code the file claims (`result_code`). Checked against the replay, never used.
    pub claimed_code: Option<String>,
    /// Where the scenario, version, digest and each action stand in the text, for replay errors
    /// (`None`: made here, written as `to_text` writes it).
    lines: Option<SourceLines>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SourceLines {
    scenario: usize,
    version: usize,
    digest: usize,
    actions: Vec<usize>,
}

/// What is wrong with a transcript, and on which line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptError {
    pub line: usize,
    pub message: String,
}

impl TranscriptError {
    /// The only way to make one: what it says passes through `limits::said`.
    pub fn new(line: usize, message: impl AsRef<str>) -> Self {
        TranscriptError { line, message: crate::sim::limits::said(message.as_ref()) }
    }
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
        (&self.scenario, self.scenario_version, self.scenario_digest, self.seed, &self.meta, &self.actions)
            == (&o.scenario, o.scenario_version, o.scenario_digest, o.seed, &o.meta, &o.actions)
            && (self.end, self.finished, self.claimed_score, &self.claimed_code) == (o.end, o.finished, o.claimed_score, &o.claimed_code)
    }
}

impl Eq for Transcript {}

/// The header lines after `seed`, and the lines before `end`, that a transcript may have; each
/// at most once.
const HEADER_KEYS: &[&str] = &["scenario-digest", "learner", "started", "mode", "pass-mark", "made-by"];
const TRAILER_KEYS: &[&str] = &["hints", "undos", "time-used", "extensions"];
const CLOSING_KEYS: &[&str] = &["claimed-score", "result-code"];

impl Transcript {
    /// A transcript of a session of `scenario` with `seed`, ended at `end`.
    pub fn new(scenario: &Scenario, seed: u64, actions: Vec<(SimTime, Action)>, end: SimTime) -> Transcript {
        Transcript {
            scenario: scenario.id.clone(),
            scenario_version: scenario.version,
            scenario_digest: Some(scenario.digest),
            seed,
            meta: Meta::default(),
            actions,
            end,
            finished: true,
            claimed_score: None,
            claimed_code: None,
            lines: None,
        }
    }

    /// The same session, saved to be continued: its clock stood at `end`.
    pub fn unfinished(self) -> Transcript {
        Transcript { finished: false, ..self }
    }

    /// The same, saying how it was made.
    pub fn with_meta(self, meta: Meta) -> Transcript {
        Transcript { meta, lines: None, ..self }
    }

    fn header(&self) -> Vec<String> {
        let mut out = vec![MAGIC.to_string(), format!("scenario {}", self.scenario), format!("scenario-version {}", self.scenario_version)];
        out.push(format!("seed {}", self.seed));
        if let Some(d) = self.scenario_digest {
            out.push(format!("scenario-digest {d:016x}"));
        }
        if let Some(l) = &self.meta.learner {
            out.push(format!("learner {l}"));
        }
        if let Some(s) = &self.meta.started {
            out.push(format!("started {s}"));
        }
        out.push(format!("mode {}", self.meta.mode.word()));
        if let Some(m) = self.meta.pass_mark {
            out.push(format!("pass-mark {m}"));
        }
        if self.meta.made_by != MadeBy::Unknown {
            out.push(format!("made-by {}", self.meta.made_by.word()));
        }
        out
    }

    /// The line of the text that action `i` came from.
    fn action_line(&self, i: usize) -> usize {
        match &self.lines {
            Some(l) => l.actions.get(i).copied().unwrap_or(0),
            None => self.header().len() + 1 + i,
        }
    }

    fn header_line(&self, key: &str) -> usize {
        match (&self.lines, key) {
            (Some(l), "scenario") => l.scenario,
            (Some(l), "scenario-version") => l.version,
            (Some(l), _) => l.digest,
            (None, _) => self.header().iter().position(|h| h.split(' ').next() == Some(key)).map_or(0, |i| i + 1),
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for h in self.header() {
            let _ = writeln!(out, "{h}");
        }
        for (t, a) in &self.actions {
            let _ = writeln!(out, "{t} {a}");
        }
        if self.meta.hints > 0 {
            let _ = writeln!(out, "hints {}", self.meta.hints);
        }
        if self.meta.undos > 0 {
            let _ = writeln!(out, "undos {}", self.meta.undos);
        }
        if let Some(secs) = self.meta.time_used {
            let _ = writeln!(out, "time-used {}", super::time::format_duration(secs));
        }
        if self.meta.extensions > 0 {
            let _ = writeln!(out, "extensions {}", self.meta.extensions);
        }
        let _ = writeln!(out, "{} {}", if self.finished { "end" } else { "unfinished" }, self.end);
        if let Some(score) = self.claimed_score {
            let _ = writeln!(out, "claimed-score {score}");
        }
        if let Some(code) = &self.claimed_code {
            let _ = writeln!(out, "result-code {code}");
        }
        out
    }

    pub fn parse(text: &str) -> Result<Transcript, TranscriptError> {
        let err = |line: usize, message: String| TranscriptError::new(line, message);
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
        limits::check_id(&scenario).map_err(|e| err(scenario_line, e))?;
        let (version_line, version) = header("scenario-version")?;
        let scenario_version = version.parse().map_err(|_| err(version_line, format!("`{}` is not a version number", shown(&version))))?;
        let (n, seed) = header("seed")?;
        let seed = seed.parse().map_err(|_| err(n, format!("`{}` is not a seed: a whole number from 0 to 2^64-1", shown(&seed))))?;
        let mut t = Transcript {
            scenario,
            scenario_version,
            scenario_digest: None,
            seed,
            meta: Meta::default(),
            actions: Vec::new(),
            end: SimTime::ZERO,
            finished: true,
            claimed_score: None,
            claimed_code: None,
            lines: None,
        };
        let mut action_lines = Vec::new();
        let mut digest_line = 0;
        let mut seen: Vec<&str> = Vec::new();
        let mut end = None;
        let mut last = SimTime::ZERO;
        for (n, l) in lines {
            let (key, rest) = l.split_once(' ').map_or((l, ""), |(k, r)| (k, r.trim()));
            let keyed = [HEADER_KEYS, TRAILER_KEYS, CLOSING_KEYS].iter().flat_map(|k| k.iter()).find(|k| **k == key).copied();
            if let Some(key) = keyed {
                if seen.contains(&key) {
                    return Err(err(n, format!("a second `{key}` line")));
                }
                seen.push(key);
                let misplaced = (HEADER_KEYS.contains(&key) && !t.actions.is_empty())
                    || (!CLOSING_KEYS.contains(&key) && end.is_some())
                    || (CLOSING_KEYS.contains(&key) && end.is_none());
                if misplaced {
                    let place = if HEADER_KEYS.contains(&key) {
                        "after `seed`, before the first action"
                    } else if TRAILER_KEYS.contains(&key) {
                        "before the `end` line"
                    } else {
                        "after the `end` line"
                    };
                    return Err(err(n, format!("`{key}` belongs {place}")));
                }
                read_keyed(&mut t, key, rest).map_err(|m| err(n, m))?;
                if key == "scenario-digest" {
                    digest_line = n;
                }
                continue;
            }
            let close = match key {
                "end" => Some(true),
                "unfinished" => Some(false),
                _ => None,
            };
            if let Some(finished) = close {
                if end.is_some() {
                    return Err(err(n, "a second `end` or `unfinished` line: a session ends once".into()));
                }
                let at: SimTime = rest.parse().map_err(|e| err(n, e))?;
                if at < last {
                    return Err(err(n, format!("the session ends at {at}, before its last action at {last}")));
                }
                end = Some((at, finished));
                continue;
            }
            if end.is_some() {
                return Err(err(n, "actions after the `end` (or `unfinished`) line".into()));
            }
            // `H:MM:SS` or `Nd HH:MM:SS`, then the action.
            let (time_text, action_text) = split_time(l).ok_or_else(|| err(n, format!("`{}` should start with a time such as 0:05:00", shown(l))))?;
            let at: SimTime = time_text.parse().map_err(|e| err(n, e))?;
            if at < last {
                return Err(err(n, format!("time goes backwards: {at} after {last}")));
            }
            last = at;
            match parse_line(action_text).map_err(|e| err(n, e))? {
                Line::Action(_) if t.actions.len() == limits::ACTIONS => {
                    return Err(err(n, format!("a transcript may hold at most {} actions", limits::ACTIONS)));
                }
                Line::Action(a) => {
                    t.actions.push((at, a));
                    action_lines.push(n);
                }
                _ => {
                    return Err(err(n, "a transcript line needs an action after its time".into()));
                }
            }
        }
        let (end, finished) =
            end.ok_or_else(|| err(0, "the transcript has no `end` (or `unfinished`) line: it may have been cut short".into()))?;
        t.end = end;
        t.finished = finished;
        t.lines = Some(SourceLines { scenario: scenario_line, version: version_line, digest: digest_line, actions: action_lines });
        Ok(t)
    }
}

/// Reads the value of one keyed line into the transcript, or says what is wrong with it.
fn read_keyed(t: &mut Transcript, key: &str, value: &str) -> Result<(), String> {
    let count = |what: &str| -> Result<u32, String> {
        value.parse().ok().filter(|u: &u32| *u as usize <= limits::ACTIONS).ok_or_else(|| {
            format!("`{}` is not a count of {what}: a whole number from 0 to {}", shown(value), limits::ACTIONS)
        })
    };
    match key {
        "scenario-digest" => {
            let ok = value.len() == 16 && value.bytes().all(|b| b.is_ascii_hexdigit());
            t.scenario_digest = Some(ok.then(|| u64::from_str_radix(value, 16).ok()).flatten().ok_or_else(|| format!("`{}` is not a scenario digest: 16 hexadecimal digits", shown(value)))?);
        }
        "learner" => {
            if value.is_empty() || value.chars().count() > limits::NAME_CHARS || value.chars().any(char::is_control) {
                return Err(format!("`{}` is not a learner's name: 1 to {} characters, on one line", shown(value), limits::NAME_CHARS));
            }
            t.meta.learner = Some(value.to_string());
        }
        "started" => {
            if !is_utc_time(value) {
                return Err(format!("`{}` is not a start time: UTC, as 2026-12-02T09:30:00Z", shown(value)));
            }
            t.meta.started = Some(value.to_string());
        }
        "mode" => {
            t.meta.mode = match value {
                "practice" => Mode::Practice,
                "exam" => Mode::Exam,
                _ => return Err(format!("`{}` is not a mode: practice or exam", shown(value))),
            }
        }
        "pass-mark" => {
            t.meta.pass_mark = Some(value.parse().ok().filter(|m| *m <= 100).ok_or_else(|| format!("`{}` is not a pass mark: 0 to 100", shown(value)))?);
        }
        "made-by" => {
            t.meta.made_by = match value {
                "learner" => MadeBy::Learner,
                "script" => MadeBy::Script,
                "solver" => MadeBy::Solver,
                "continued" => MadeBy::Continued,
                _ => return Err(format!("`{}` is not who made the transcript: learner, script, solver or continued", shown(value))),
            }
        }
        "hints" => t.meta.hints = count("hints")?,
        "undos" => t.meta.undos = count("undos")?,
        "extensions" => t.meta.extensions = count("extensions")?,
        "time-used" => {
            let secs = super::time::parse_duration(value)?;
            if secs > limits::END_OF_TIME {
                return Err(format!("`{}` is more time than a session may take", shown(value)));
            }
            t.meta.time_used = Some(secs);
        }
        "claimed-score" => {
            let score = value.parse().ok().filter(|s| *s <= 100);
            t.claimed_score = Some(score.ok_or_else(|| format!("`{}` is not a score: a whole number from 0 to 100", shown(value)))?);
        }
        "result-code" => {
            if !is_result_code(value) {
                return Err(format!("`{}` is not a result code: two groups of five letters and digits, as 7KQ2M-XW4RA", shown(value)));
            }
            t.claimed_code = Some(value.to_string());
        }
        _ => unreachable!("a key of HEADER_KEYS, TRAILER_KEYS or CLOSING_KEYS"),
    }
    Ok(())
}

/// Seconds from one UTC time (`is_utc_time`) to a later one; `None` if either is not one, or
/// the second is earlier. Integer calendar arithmetic (days from the civil date), as everywhere
/// in the core.
pub fn utc_seconds_between(from: &str, to: &str) -> Option<u64> {
    fn secs(s: &str) -> Option<i64> {
        if !is_utc_time(s) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
        let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(days * 86_400 + n(11..13)? * 3600 + n(14..16)? * 60 + n(17..19)?)
    }
    u64::try_from(secs(to)? - secs(from)?).ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ`, with plausible fields: what a transcript's `started` line holds.
pub fn is_utc_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok()).unwrap_or(99);
    b.len() == 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'Z'
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) < 61
}

/// The alphabet of result codes: Crockford's base 32 (no I, L, O, U: nothing to misread).
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn is_result_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[5] == b'-' && b.iter().enumerate().all(|(i, c)| i == 5 || CODE_ALPHABET.contains(c))
}

/// The short code a learner is shown at the end, derived from the session as graded: the
/// scenario file (its digest), the seed, who, how (help used, an exam's time used, extensions
/// and pass mark), each action, the end, and the score and verdict its replay gives. Anyone
/// can recompute it from the transcript (`clusterdrill grade`), so it is a check, not a seal:
/// a transcript whose claimed code or score is not its replay's is flagged, and a code the LMS
/// or the instructor wrote down at the time is what proves a transcript is the one the
/// learner handed in.
pub fn result_code(t: &Transcript, report: &super::grading::Report) -> String {
    code_of(code_hash(t, report, true))
}

/// The code trainers wrote before it covered an exam's time used, extensions and pass mark
/// (2026-12-02): such a transcript is told apart, not taken for a tampered one.
pub fn earlier_result_code(t: &Transcript, report: &super::grading::Report) -> String {
    code_of(code_hash(t, report, false))
}

fn code_hash(t: &Transcript, report: &super::grading::Report, covers_exam: bool) -> u64 {
    let actions: Vec<String> = t.actions.iter().map(|(at, a)| format!("{at} {a}")).collect();
    let what = (&t.scenario, t.scenario_version, t.scenario_digest, t.seed);
    let who = (&t.meta.learner, &t.meta.started, t.meta.mode.word(), t.meta.made_by.word(), t.meta.hints, t.meta.undos);
    let exam = (t.meta.time_used, t.meta.extensions, t.meta.pass_mark);
    let graded = (&actions, t.end.secs(), t.finished, report.score, report.passed);
    if covers_exam { super::fingerprint::stable_hash(&(what, who, exam, graded)) } else { super::fingerprint::stable_hash(&(what, who, graded)) }
}

fn code_of(h: u64) -> String {
    let mut out = String::with_capacity(11);
    for i in 0..10 {
        if i == 5 {
            out.push('-');
        }
        out.push(CODE_ALPHABET[((h >> (i * 5)) & 31) as usize] as char);
    }
    out
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
        return Err(TranscriptError::new(t.header_line("scenario"), format!("the transcript is for scenario `{}`, not `{}`", t.scenario, scenario.id)));
    }
    if t.scenario_version != scenario.version {
        return Err(TranscriptError::new(
            t.header_line("scenario-version"),
            format!("the transcript is for version {} of `{}`, but this is version {}", t.scenario_version, scenario.id, scenario.version),
        ));
    }
    if let Some(d) = t.scenario_digest.filter(|d| *d != scenario.digest) {
        return Err(TranscriptError::new(
            t.header_line("scenario-digest"),
            format!(
                "the transcript was made on another file of `{}` version {} (its digest {d:016x}, this file's {:016x}): the file changed without a new version, so it is not regraded against it",
                scenario.id, scenario.version, scenario.digest
            ),
        ));
    }
    let mut sim = if quiet { Sim::new_quiet(scenario.clone(), t.seed) } else { Sim::new(scenario.clone(), t.seed) };
    let mut outcomes = Vec::with_capacity(t.actions.len());
    for (i, (at, action)) in t.actions.iter().enumerate() {
        outcomes.push(sim.apply(*at, action).map_err(|e| TranscriptError::new(t.action_line(i), e.into_message()))?);
    }
    sim.advance_to(t.end);
    Ok((sim, outcomes))
}

/// A transcript's session graded where it ends: replayed (the claimed score is never used),
/// with the undos it records.
pub fn grade(scenario: &Rc<Scenario>, t: &Transcript, par: Option<super::grading::Par>) -> Result<super::grading::Report, TranscriptError> {
    let sim = replay(scenario, t, true)?;
    let mut report = sim.report(t.end, par);
    report.undos = t.meta.undos;
    report.hints = t.meta.hints;
    if let Some(mark) = t.meta.pass_mark {
        report.judge_with_pass_mark(mark);
    }
    Ok(report)
}

/// Runs a script of actions and waits; returns the session, its transcript and every step.
pub fn play(scenario: &Rc<Scenario>, seed: u64, script: &str) -> Result<(Sim, Transcript, Vec<Step>), TranscriptError> {
    let lines = super::script::parse_script(script).map_err(|e| TranscriptError::new(e.line, e.message))?;
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
                    return Err(TranscriptError::new(n, format!("the wait would run the clock past its end ({})", SimTime::END)));
                }
                sim.advance_to(sim.now().plus(d));
            }
            Line::Action(action) => {
                let at = sim.now();
                let outcome = sim.apply(at, &action).map_err(|e| TranscriptError::new(n, e.into_message()))?;
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
