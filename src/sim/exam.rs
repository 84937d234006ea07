//! Exams: a small definition an instructor hands a class. The scenario (by id, version and the
//! digest of its file), the seeds a learner may be given, each with its par, worked out by the
//! solver so that every variant is about as hard (`make`), an optional time limit in real
//! minutes and the extension a learner may take (WCAG 2.2.1), and the pass mark.
//!
//! ```text
//! clusterdrill-exam 1
//! title SP1 on the two-EVS cluster: certification
//! scenario e2003-sp1-active-active
//! scenario-version 1
//! scenario-digest 399e37b1a30c4cc7
//! seed 3 steps 37 downtime 10m27s
//! seed 7 steps 37 downtime 10m31s
//! time-limit 90m
//! extension 30m x2
//! pass-mark 70
//! ```
//!
//! An exam on an instructor's scenario carries its file, after a `--- scenario` line, so that
//! the definition alone is all a class (or an LMS package) needs.

use std::rc::Rc;

use super::grading::{PASS_MARK, Par, Report};
use super::limits::{self, shown};
use super::scenario::Scenario;
use super::solver::{Budget, solve_within};
use super::time::{Secs, format_duration, parse_duration};

pub const MAGIC: &str = "clusterdrill-exam 1";
/// The line between the definition and the scenario file it carries.
const SCENARIO_FILE: &str = "\n--- scenario\n";

/// Most seeds an exam may list.
pub const SEEDS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exam {
    pub title: String,
    pub scenario: String,
    pub scenario_version: u32,
    pub scenario_digest: u64,
    /// The seeds a learner may be given, with their pars (one: the same exercise for all).
    pub seeds: Vec<(u64, Par)>,
    /// Real seconds the learner has, if limited.
    pub time_limit: Option<Secs>,
    /// How much a learner may add to the time limit, and how many times.
    pub extension: Option<(Secs, u32)>,
    pub pass_mark: u32,
    /// The scenario's file, when the scenario is not a built-in one.
    pub scenario_file: Option<String>,
}

/// What is wrong with an exam definition, and on which line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExamError {
    pub line: usize,
    pub message: String,
}

impl ExamError {
    /// The only way to make one: what it says passes through `limits::said`.
    pub fn new(line: usize, message: impl AsRef<str>) -> Self {
        ExamError { line, message: crate::sim::limits::said(message.as_ref()) }
    }
}

impl std::fmt::Display for ExamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 { f.write_str(&self.message) } else { write!(f, "line {}: {}", self.line, self.message) }
    }
}

/// A time limit or an extension, as an exam may give it (`clusterdrill exam make` takes it the
/// same way).
pub fn duration(v: &str) -> Result<Secs, String> {
    let d = parse_duration(v)?;
    if d == 0 || d > limits::WAIT_SECS {
        return Err(format!("`{}`: a time from a second to {} days", shown(v), limits::WAIT_SECS / 86_400));
    }
    Ok(d)
}

impl Exam {
    /// The seed for the learner whose draw is `draw` (any number the front end drew).
    pub fn seed_for(&self, draw: u64) -> u64 {
        self.seeds[(draw % self.seeds.len() as u64) as usize].0
    }

    /// Whether a report passes this exam: as the trainer passes any session (every objective,
    /// no critical finding, downtime within the budget), with this exam's pass mark.
    pub fn passes(&self, r: &Report) -> bool {
        r.passes_with(self.pass_mark)
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{MAGIC}\ntitle {}\nscenario {}\nscenario-version {}\nscenario-digest {:016x}\n",
            self.title, self.scenario, self.scenario_version, self.scenario_digest
        );
        for (seed, par) in &self.seeds {
            out.push_str(&format!("seed {seed} steps {} downtime {}\n", par.steps, format_duration(par.downtime)));
        }
        if let Some(t) = self.time_limit {
            out.push_str(&format!("time-limit {}\n", format_duration(t)));
        }
        if let Some((t, n)) = self.extension {
            out.push_str(&format!("extension {} x{n}\n", format_duration(t)));
        }
        out.push_str(&format!("pass-mark {}\n", self.pass_mark));
        if let Some(file) = &self.scenario_file {
            out.push_str(&SCENARIO_FILE[1..]);
            out.push_str(file);
        }
        out
    }

    pub fn parse(text: &str) -> Result<Exam, ExamError> {
        let err = |line: usize, message: String| ExamError::new(line, message);
        let (text, scenario_file) = match text.split_once(SCENARIO_FILE) {
            Some((definition, file)) if file.len() > limits::SCENARIO_BYTES => {
                return Err(err(definition.lines().count() + 1, format!("the scenario file it carries is over {} KiB", limits::SCENARIO_BYTES / 1024)));
            }
            Some((definition, file)) => (definition, Some(file.to_string())),
            None => (text, None),
        };
        let lines = super::script::bounded_lines(text, "the exam", limits::TRANSCRIPT_BYTES).map_err(|e| err(e.line, e.message))?;
        let mut lines = lines.map(|(n, l)| (n, l.trim())).filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
        match lines.next() {
            Some((_, MAGIC)) => {}
            Some((n, other)) => return Err(err(n, format!("expected `{MAGIC}`, found `{}`: this is not a Cluster Drill exam", shown(other)))),
            None => return Err(err(0, "the exam is empty".into())),
        }
        let (mut title, mut scenario, mut version, mut digest) = (None, None, None, None);
        let (mut time_limit, mut extension, mut pass_mark) = (None, None, None);
        let mut seeds: Vec<(u64, Par)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (n, l) in lines {
            let (key, rest) = l.split_once(' ').map_or((l, ""), |(k, r)| (k, r.trim()));
            let key = match key {
                "title" | "scenario" | "scenario-version" | "scenario-digest" | "time-limit" | "extension" | "pass-mark" | "seed" => key,
                other => return Err(err(n, format!("`{}` is not a line of an exam: title, scenario, scenario-version, scenario-digest, seed, time-limit, extension, pass-mark", shown(other)))),
            };
            if key != "seed" {
                if seen.contains(&key) {
                    return Err(err(n, format!("a second `{key}` line")));
                }
                seen.push(key);
            }
            let duration = |v: &str| duration(v).map_err(|e| err(n, e));
            match key {
                "title" if rest.is_empty() || rest.chars().count() > limits::TITLE_CHARS => {
                    return Err(err(n, format!("a title has 1 to {} characters", limits::TITLE_CHARS)));
                }
                "title" => title = Some(rest.to_string()),
                "scenario" => {
                    limits::check_id(rest).map_err(|e| err(n, e))?;
                    scenario = Some(rest.to_string())
                }
                "scenario-version" => version = Some(rest.parse().map_err(|_| err(n, format!("`{}` is not a version number", shown(rest))))?),
                "scenario-digest" => {
                    let ok = rest.len() == 16 && rest.bytes().all(|b| b.is_ascii_hexdigit());
                    digest = Some(ok.then(|| u64::from_str_radix(rest, 16).ok()).flatten().ok_or_else(|| err(n, format!("`{}` is not a scenario digest: 16 hexadecimal digits", shown(rest))))?);
                }
                "time-limit" => time_limit = Some(duration(rest)?),
                "extension" => {
                    let (d, times) = rest.split_once(" x").ok_or_else(|| err(n, "an extension is a time and how many times, such as `30m x2`".into()))?;
                    let times: u32 = times.trim().parse().ok().filter(|t| (1..=10).contains(t)).ok_or_else(|| err(n, "an extension may be taken 1 to 10 times".into()))?;
                    extension = Some((duration(d.trim())?, times));
                }
                "pass-mark" => pass_mark = Some(rest.parse().ok().filter(|m| *m <= 100).ok_or_else(|| err(n, format!("`{}` is not a pass mark: 0 to 100", shown(rest))))?),
                _ => {
                    if seeds.len() == SEEDS {
                        return Err(err(n, format!("an exam lists at most {SEEDS} seeds")));
                    }
                    let words: Vec<&str> = rest.split_whitespace().collect();
                    let [seed, "steps", steps, "downtime", down] = words.as_slice() else {
                        return Err(err(n, "a seed line is `seed N steps S downtime D`, as `clusterdrill exam make` writes it".into()));
                    };
                    let seed: u64 = seed.parse().map_err(|_| err(n, format!("`{}` is not a seed", shown(seed))))?;
                    if seeds.iter().any(|(s, _)| *s == seed) {
                        return Err(err(n, format!("seed {seed} is listed twice")));
                    }
                    let steps = steps.parse().map_err(|_| err(n, format!("`{}` is not a number of steps", shown(steps))))?;
                    let downtime = parse_duration(down).map_err(|e| err(n, e))?;
                    seeds.push((seed, Par { steps, downtime }));
                }
            }
        }
        fn need<T>(v: Option<T>, key: &str) -> Result<T, ExamError> {
            v.ok_or_else(|| ExamError::new(0, format!("the exam has no `{key}` line")))
        }
        if seeds.is_empty() {
            return Err(err(0, "the exam lists no seed".into()));
        }
        Ok(Exam {
            title: need(title, "title")?,
            scenario: need(scenario, "scenario")?,
            scenario_version: need(version, "scenario-version")?,
            scenario_digest: need(digest, "scenario-digest")?,
            seeds,
            time_limit,
            extension: extension.filter(|_| time_limit.is_some()),
            pass_mark: pass_mark.unwrap_or(PASS_MARK),
            scenario_file,
        })
    }

    /// The scenario file the exam carries, read, and checked to be the one it was made on.
    pub fn carried_scenario(&self) -> Option<Result<Scenario, String>> {
        let file = self.scenario_file.as_deref()?;
        let read = super::scenario::parse_scenario("the scenario the exam carries", file).map_err(|e| e.to_string());
        Some(read.and_then(|s| self.check_scenario(&s).map(|()| s)))
    }

    /// The scenario the exam is on, the one rule wherever an exam is used (started, resumed,
    /// checked at page load, a roster held to it): the file it carries (never under a
    /// built-in's id; `find` may already have the same file), or the scenario `find` has of
    /// its id, checked to be the file the exam was made on. `Ok((scenario, true))`: the
    /// carried file, new to `find`.
    pub fn scenario_with(&self, find: impl Fn(&str) -> Option<Rc<Scenario>>) -> Result<(Rc<Scenario>, bool), String> {
        let Some(carried) = self.carried_scenario() else {
            let scenario = find(&self.scenario).ok_or_else(|| format!("the exam is on scenario `{}`, which is not loaded: load its file first", self.scenario))?;
            self.check_scenario(&scenario)?;
            return Ok((scenario, false));
        };
        let carried = carried?;
        if super::scenario::is_builtin(&carried.id) {
            return Err(format!("the scenario the exam carries has the id of a built-in one, `{}`", carried.id));
        }
        match find(&carried.id).filter(|s| s.digest == carried.digest) {
            Some(loaded) => Ok((loaded, false)),
            None => Ok((Rc::new(carried), true)),
        }
    }

    /// Whether this exam is for that scenario file (id, version and digest).
    pub fn check_scenario(&self, s: &Scenario) -> Result<(), String> {
        if (self.scenario.as_str(), self.scenario_version) != (s.id.as_str(), s.version) {
            return Err(format!("the exam is for `{}` version {}, not `{}` version {}", self.scenario, self.scenario_version, s.id, s.version));
        }
        if self.scenario_digest != s.digest {
            return Err(format!("the exam was made on another file of `{}` version {} (make it again from this one)", s.id, s.version));
        }
        Ok(())
    }
}

/// What `make` was asked for.
#[derive(Clone, Debug)]
pub struct MakeOptions {
    pub title: String,
    /// The seeds to try.
    pub seeds: std::ops::RangeInclusive<u64>,
    /// How far a seed's par may be from the median, in percent, in downtime and in steps.
    pub band_percent: u32,
    pub time_limit: Option<Secs>,
    pub extension: Option<(Secs, u32)>,
    pub pass_mark: u32,
}

/// An exam whose seeds are those of `options.seeds` with a par within the band around the
/// median par (downtime first, then steps), worked out by the solver within `budget`; seeds
/// the solver cannot solve within it are left out. Fails if none is left.
pub fn make(scenario: &Rc<Scenario>, options: &MakeOptions, budget: Budget) -> Result<Exam, String> {
    let mut pars: Vec<(u64, Par)> = options.seeds.clone().filter_map(|seed| solve_within(scenario, seed, budget).ok().map(|p| (seed, p.par()))).collect();
    if pars.is_empty() {
        return Err(format!("the solver passed none of seeds {}..{} within its budget", options.seeds.start(), options.seeds.end()));
    }
    let mut by_par: Vec<Par> = pars.iter().map(|(_, p)| *p).collect();
    by_par.sort_by_key(|p| (p.downtime, p.steps));
    let median = by_par[by_par.len() / 2];
    // Integer arithmetic: within band% of the median, and at least a step or a second.
    let near = |v: u32, m: u32| u64::from(v.abs_diff(m)) * 100 <= u64::from(m) * u64::from(options.band_percent) || v.abs_diff(m) <= 1;
    pars.retain(|(_, p)| near(p.downtime, median.downtime) && near(p.steps, median.steps));
    pars.truncate(SEEDS);
    Ok(Exam {
        title: options.title.clone(),
        scenario: scenario.id.clone(),
        scenario_version: scenario.version,
        scenario_digest: scenario.digest,
        seeds: pars,
        time_limit: options.time_limit,
        extension: options.extension.filter(|_| options.time_limit.is_some()),
        pass_mark: options.pass_mark,
        scenario_file: None,
    })
}
