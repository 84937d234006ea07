//! The `clusterdrill` command: the same core as the trainer, for instructors, scripts and CI.
//!
//! Exit status: 0 when the command ran (whatever the grade), 2 for bad input (a malformed
//! scenario, script or transcript, an unknown scenario, bad arguments), 1 when a file cannot be
//! read or written.

use std::io::Read;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use serde::Serialize;

use crate::sim::grading::{Par, Report};
use crate::sim::counted;
use crate::sim::limits;
use crate::sim::link;
use crate::sim::roster;
use crate::sim::reel::{self, Mark, Reel};
use crate::sim::scenario::{Scenario, builtin, builtins, is_builtin, parse_scenario};
use crate::sim::solver::{Cause, INTERACTIVE, SolveError, diagnose, solve, solve_within};
use crate::sim::time::format_duration;
use crate::sim::transcript::{MadeBy, Meta, Transcript, play, replay_steps, session_text};
use crate::sim::Verb;

const USAGE: &str = "\
clusterdrill: rehearse Exchange cluster maintenance, graded step by step

usage:
  clusterdrill scenarios [--json]
  clusterdrill solve SCENARIO [--seed N] [--json] [--transcript FILE]
  clusterdrill play SCENARIO [--seed N] [--json] [--verbose] [--transcript FILE] < SCRIPT
  clusterdrill play REEL [--scenario FILE] [--json] [--verbose]
  clusterdrill grade TRANSCRIPT [--scenario FILE] [--exam] [--json]
  clusterdrill grade --csv TRANSCRIPT... [--scenario FILE] [--exam]
  clusterdrill reels [--json]
  clusterdrill link RECORDING [--scenario FILE] [--base URL]
  clusterdrill exam check EXAM
  clusterdrill exam make SCENARIO [--seeds A..B] [--band PERCENT] [--time-limit 90m]
                         [--extension '30m x2'] [--pass-mark N] [--title TEXT]
  clusterdrill check SCENARIO-FILE [--json]
  clusterdrill verbs [--json]

SCENARIO is a built-in id (see `scenarios`) or the path of a scenario file (.toml). A REEL is
a built-in reel's name (see `reels`) or a .reel file; a RECORDING a reel or a transcript.
`link` prints the address that opens the recording in the trainer's presenter view (--base:
where the trainer is served; --scenario: the file of a scenario that is not built in, carried
in the link).
A script has one action a line (`NODE2: install hotfix-831464`) and `wait` lines; `verbs`
lists the grammar. Exit status: 0 ran, 2 bad input, 1 file error.";

/// A failure to report: the message and the exit status.
struct Fail(u8, String);

fn bad(msg: impl Into<String>) -> Fail {
    Fail(2, msg.into())
}

struct Args {
    /// The options given, for refusing those the command does not take.
    given: Vec<String>,
    positional: Vec<String>,
    seed: u64,
    json: bool,
    verbose: bool,
    transcript: Option<String>,
    scenario: Option<String>,
    base: Option<String>,
    csv: bool,
    exam: bool,
    /// The options of `exam make`, by name.
    more: std::collections::BTreeMap<String, String>,
}

fn parse_args(raw: &[String]) -> Result<Args, Fail> {
    let mut args = Args { given: Vec::new(), positional: Vec::new(), seed: 1, json: false, verbose: false, transcript: None, scenario: None, base: None, csv: false, exam: false, more: Default::default() };
    let mut seen = std::collections::BTreeSet::new();
    let mut it = raw.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| bad(format!("{name} needs a value")));
        // `-v` is `--verbose`: given twice under either name is given twice.
        let option = if a == "-v" { "--verbose" } else { a.as_str() };
        if option.starts_with("--") && !seen.insert(option) {
            return Err(bad(format!("`{a}` is given twice")));
        }
        if a.starts_with('-') {
            args.given.push(option.to_string());
        }
        match a.as_str() {
            "--json" => args.json = true,
            "--csv" => args.csv = true,
            "--exam" => args.exam = true,
            "--verbose" | "-v" => args.verbose = true,
            "--seed" => {
                let v = value("--seed")?;
                args.seed = v.parse().map_err(|_| bad(format!("--seed takes a whole number, not `{v}`")))?;
            }
            "--transcript" => {
                let path = value("--transcript")?;
                // Standard output carries the report: `-` would quietly become a file named `-`.
                if path == "-" {
                    return Err(bad("--transcript takes a file name to write the transcript to (standard output carries the report)"));
                }
                args.transcript = Some(path);
            }
            "--scenario" => args.scenario = Some(value("--scenario")?),
            "--base" => args.base = Some(value("--base")?),
            "--seeds" | "--band" | "--time-limit" | "--extension" | "--pass-mark" | "--title" => {
                let v = value(a)?;
                args.more.insert(a.clone(), v);
            }
            s if s.starts_with("--") => {
                return Err(bad(format!("unknown option `{s}`\n\n{USAGE}")));
            }
            s => args.positional.push(s.to_string()),
        }
    }
    Ok(args)
}

pub fn main() -> ExitCode {
    use std::io::Write;
    let raw: Vec<String> = std::env::args().skip(1).collect();
    // Writes ignore errors: a reader that went away (`| head`) must not turn into a panic.
    match run(&raw) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(Fail(code, msg)) => {
            if raw.iter().any(|a| a == "--json") {
                let _ = std::io::stdout().write_all(json(&ErrorOut { ok: false, exit: code, error: &msg }).as_bytes());
            }
            // The usage text already starts with the program's name.
            let prefix = if msg.starts_with("clusterdrill:") { "" } else { "clusterdrill: " };
            let _ = writeln!(std::io::stderr(), "{prefix}{msg}");
            ExitCode::from(code)
        }
    }
}

/// What `--json` prints on stdout when a command fails (the message goes to stderr as well).
#[derive(Serialize)]
struct ErrorOut<'a> {
    ok: bool,
    exit: u8,
    error: &'a str,
}

fn run(raw: &[String]) -> Result<String, Fail> {
    let Some((command, rest)) = raw.split_first() else {
        return Err(bad(USAGE));
    };
    let args = parse_args(rest)?;
    // What each command takes besides --json: its argument, if any, and its options.
    let (operand, options): (Option<&str>, &[&str]) = match command.as_str() {
        "scenarios" | "verbs" | "reels" | "help" | "--help" | "-h" => (None, &[]),
        "solve" => (Some("SCENARIO"), &["--seed", "--transcript"]),
        "play" if is_reel(rest.first().map_or("", String::as_str)) => (Some("REEL"), &["--verbose", "--scenario"]),
        "play" => (Some("SCENARIO"), &["--seed", "--verbose", "--transcript"]),
        "link" => (Some("RECORDING"), &["--scenario", "--base"]),
        "grade" if rest.iter().any(|a| a == "--csv") => (Some("TRANSCRIPTS"), &["--scenario", "--csv", "--exam"]),
        "grade" => (Some("TRANSCRIPT"), &["--scenario", "--exam"]),
        "check" => (Some("SCENARIO-FILE"), &[]),
        "exam" if rest.first().is_some_and(|a| a == "check") => (Some("check EXAM"), &[]),
        "exam" => (Some("make SCENARIO"), &["--seeds", "--band", "--time-limit", "--extension", "--pass-mark", "--title"]),
        other => return Err(bad(format!("unknown command `{other}`\n\n{USAGE}"))),
    };
    if let Some(o) = args.given.iter().find(|o| *o != "--json" && !options.contains(&o.as_str())) {
        return Err(bad(format!("`{command}` does not take `{o}`\n\n{USAGE}")));
    }
    let target = match (operand, args.positional.as_slice()) {
        (Some("TRANSCRIPTS"), []) => return Err(bad(format!("`grade --csv` takes one or more transcript files\n\n{USAGE}"))),
        (Some("TRANSCRIPTS"), _) => String::new(),
        (Some("make SCENARIO"), [make, x]) if make == "make" => x.clone(),
        (Some("check EXAM"), [_, x]) => x.clone(),
        (None, []) => String::new(),
        (Some(_), [x]) => x.clone(),
        (None, _) => return Err(bad(format!("`{command}` takes no arguments\n\n{USAGE}"))),
        (Some(what), _) => return Err(bad(format!("`{command}` takes one {what}\n\n{USAGE}"))),
    };
    match command.as_str() {
        "scenarios" => Ok(scenarios(args.json)),
        "solve" => solve_cmd(&load(&target)?, args.seed, args.transcript.as_deref(), args.json),
        "play" if operand == Some("REEL") => play_reel_cmd(&target, args.scenario.as_deref(), &args),
        "play" => {
            let scenario = load(&target)?;
            let mut bytes = Vec::new();
            // One byte past the limit is enough to know it is too long: never more is read.
            std::io::stdin().take(limits::SCRIPT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Fail(1, format!("cannot read the script: {e}")))?;
            if bytes.len() > limits::SCRIPT_BYTES {
                return Err(bad(format!("standard input: the script is larger than {} KiB, the most that is read", limits::SCRIPT_BYTES / 1024)));
            }
            play_cmd(&scenario, args.seed, &utf8("standard input", bytes)?, &args)
        }
        "grade" if args.csv => roster_cmd(&args.positional, args.scenario.as_deref(), args.exam),
        "grade" => grade_cmd(&target, args.scenario.as_deref(), args.exam, args.json),
        "check" => check_cmd(&target, args.json),
        "verbs" => Ok(verbs(args.json)),
        "reels" => Ok(reels_cmd(args.json)),
        "exam" if operand == Some("check EXAM") => exam_check_cmd(&target),
        "exam" => exam_make_cmd(&target, &load(&target)?, &args.more),
        "link" => link_cmd(&target, args.scenario.as_deref(), args.base.as_deref()),
        _ if args.json => Ok(json(&UsageOut { usage: USAGE })),
        _ => Ok(format!("{USAGE}\n")),
    }
}

/// Whether `play`'s operand is a reel (a built-in reel's name, or a .reel file) rather than a
/// scenario.
fn is_reel(operand: &str) -> bool {
    operand.ends_with(".reel") || (reel::builtin(operand).is_some() && builtin(operand).is_none())
}

/// A reel by built-in name or file.
fn load_reel(name: &str) -> Result<Reel, Fail> {
    if let Some(r) = reel::builtin(name) {
        return Ok(r);
    }
    let text = read(name, limits::TRANSCRIPT_BYTES)?;
    Reel::parse(&text).map_err(|e| bad(format!("{name}: {e}")))
}

/// A recording's scenario: the file given, or the built-in one it names.
fn recording_scenario(path: &str, id: &str, scenario_file: Option<&str>) -> Result<Rc<Scenario>, Fail> {
    match scenario_file {
        Some(f) => load(f),
        None => builtin(id).ok_or_else(|| bad(format!("{path}: the recording is of scenario `{id}`, which is not built in: give its file with --scenario FILE"))),
    }
}

#[derive(Serialize)]
struct ReelInfo<'a> {
    name: &'a str,
    title: &'a str,
    scenario: &'a str,
    shows: Vec<&'static str>,
    steps: usize,
    captions: usize,
}

fn reels_cmd(as_json: bool) -> String {
    let all = reel::builtins();
    let infos: Vec<ReelInfo> = all
        .iter()
        .map(|(file, r)| ReelInfo {
            name: file.trim_end_matches(".reel"),
            title: &r.title,
            scenario: &r.transcript.scenario,
            shows: r.shows.iter().map(|f| f.slug()).collect(),
            steps: r.transcript.actions.len(),
            captions: r.captions.len(),
        })
        .collect();
    if as_json {
        return json(&infos);
    }
    let mut out = String::new();
    for i in &infos {
        let shows = if i.shows.is_empty() { "a correct run".to_string() } else { i.shows.join(", ") };
        out.push_str(&format!("{}
    {} ({}; {} steps; shows {shows})
", i.name, i.title, i.scenario, i.steps));
    }
    out
}

/// A reel played through: its captions where they stand, each step (with --verbose, what it
/// met with, and the consoles and event logs), then the report.
fn play_reel_cmd(name: &str, scenario_file: Option<&str>, args: &Args) -> Result<String, Fail> {
    let r = load_reel(name)?;
    let scenario = recording_scenario(name, &r.transcript.scenario, scenario_file)?;
    let (sim, outcomes) = replay_steps(&scenario, &r.transcript, false).map_err(|e| bad(format!("{name}: {e}")))?;
    let report = sim.report(r.transcript.end, None);
    if args.json {
        return Ok(json(&report));
    }
    let mut out = format!("{}

", r.title);
    let caption = |out: &mut String, at: Mark| {
        if let Some(c) = r.caption(at) {
            for p in &c.parts {
                out.push_str(&format!("  » {}\n", p.text()));
            }
        }
    };
    caption(&mut out, Mark::After(0));
    for (n, ((at, action), outcome)) in r.transcript.actions.iter().zip(&outcomes).enumerate() {
        out.push_str(&format!("{:>10}  {action}\n", at.to_string()));
        if args.verbose || outcome.is_refused() {
            let mark = if outcome.is_refused() { "refused" } else { "ok" };
            out.push_str(&format!("            {mark}: {}\n", outcome.message()));
        }
        caption(&mut out, Mark::After(n + 1));
    }
    out.push_str(&format!("{:>10}  {}\n", r.transcript.end.to_string(), if r.transcript.finished { "end" } else { "unfinished" }));
    caption(&mut out, Mark::End);
    if args.verbose {
        // The steps are above, with their captions: the consoles and the event logs.
        out.push_str(&session_text(&sim, &[]));
    }
    out.push('\n');
    out.push_str(&report.to_text());
    Ok(out)
}

/// `exam make`: an exam definition on stdout, its seeds those whose par lies within the band
/// around the median par (the solver's, within the proof budget, for each seed tried).
fn exam_make_cmd(path: &str, scenario: &Rc<Scenario>, more: &std::collections::BTreeMap<String, String>) -> Result<String, Fail> {
    use crate::sim::exam::{MakeOptions, duration, make};
    let get = |k: &str| more.get(k).map(String::as_str);
    let seeds = match get("--seeds") {
        None => 1..=100,
        Some(v) => {
            let (a, b) = v.split_once("..").ok_or_else(|| bad(format!("--seeds takes a range such as 1..100, not `{v}`")))?;
            let (a, b): (u64, u64) = (a.parse().map_err(|_| bad(format!("--seeds: `{a}` is not a seed")))?, b.parse().map_err(|_| bad(format!("--seeds: `{b}` is not a seed")))?);
            if a > b || b - a >= crate::sim::exam::SEEDS as u64 {
                return Err(bad(format!("--seeds: a range of 1 to {} seeds, from the lower to the higher", crate::sim::exam::SEEDS)));
            }
            a..=b
        }
    };
    let band_percent = get("--band").map_or(Ok(10), |v| v.parse().ok().filter(|b| *b <= 100).ok_or_else(|| bad(format!("--band takes a percentage from 0 to 100, not `{v}`"))))?;
    let time_limit = get("--time-limit").map(|v| duration(v).map_err(|e| bad(format!("--time-limit: {e}")))).transpose()?;
    let extension = match get("--extension") {
        None => None,
        Some(v) => {
            let (d, n) = v.split_once(" x").ok_or_else(|| bad(format!("--extension takes a time and a count, such as \"30m x2\", not `{v}`")))?;
            let d = duration(d.trim()).map_err(|e| bad(format!("--extension: {e}")))?;
            let n = n.trim().parse().ok().filter(|n| (1..=10).contains(n)).ok_or_else(|| bad("--extension: taken 1 to 10 times"))?;
            Some((d, n))
        }
    };
    if extension.is_some() && time_limit.is_none() {
        return Err(bad("--extension extends a time limit: give --time-limit too"));
    }
    let pass_mark = get("--pass-mark").map_or(Ok(crate::sim::grading::PASS_MARK), |v| v.parse().ok().filter(|m| *m <= 100).ok_or_else(|| bad(format!("--pass-mark takes 0 to 100, not `{v}`"))))?;
    let title = get("--title").map_or_else(|| format!("{}: exam", scenario.title), str::to_string);
    let options = MakeOptions { title, seeds, band_percent, time_limit, extension, pass_mark };
    let mut exam = make(scenario, &options, crate::sim::solver::PROOF).map_err(bad)?;
    // An instructor's scenario travels with the exam.
    if !crate::sim::scenario::is_builtin(&scenario.id) {
        exam.scenario_file = Some(read(path, limits::SCENARIO_BYTES)?);
    }
    // Checked on the way out: what is written reads back as itself, so `exam check` (and the
    // trainer) take whatever `exam make` writes.
    let text = exam.to_text();
    match crate::sim::exam::Exam::parse(&text) {
        Ok(read) if read == exam => Ok(text),
        Ok(_) => Err(bad("the exam written does not read back as itself (a defect: please report it)")),
        Err(e) => Err(bad(format!("the exam would not read back: {e}"))),
    }
}

/// `exam check`: whether an exam definition can be handed out (before it is packaged for an
/// LMS): it reads, and its scenario, carried or built in, is the file it was made on.
fn exam_check_cmd(path: &str) -> Result<String, Fail> {
    use crate::sim::exam::Exam;
    let text = read(path, limits::TRANSCRIPT_BYTES + limits::SCENARIO_BYTES)?;
    let exam = Exam::parse(&text).map_err(|e| bad(format!("{path}: {e}")))?;
    let scenario = scenario_of_exam(path, &exam)?;
    let whence = if exam.scenario_file.is_some() { "carried in the exam" } else { "built in" };
    let limit = exam.time_limit.map_or("no time limit".to_string(), |t| format!("a time limit of {}", crate::sim::time::format_duration(t)));
    Ok(format!(
        "{path}: \"{}\" on {} version {} ({whence}), {} seed{}, {limit}, pass mark {}: ready to hand out\n",
        exam.title,
        scenario.id,
        scenario.version,
        exam.seeds.len(),
        if exam.seeds.len() == 1 { "" } else { "s" },
        exam.pass_mark
    ))
}

/// The scenario an exam is on, checked to be the file it was made on: the one it carries, or a
/// built-in one.
fn scenario_of_exam(path: &str, exam: &crate::sim::exam::Exam) -> Result<Rc<Scenario>, Fail> {
    let scenario = match exam.carried_scenario() {
        Some(carried) => Rc::new(carried.map_err(|e| bad(format!("{path}: {e}")))?),
        None => builtin(&exam.scenario).ok_or_else(|| bad(format!("{path}: the exam is on scenario `{}`, which is not built in and not carried in it", exam.scenario)))?,
    };
    exam.check_scenario(&scenario).map_err(|e| bad(format!("{path}: {e}")))?;
    Ok(scenario)
}

/// The address that opens a recording in the presenter view.
fn link_cmd(path: &str, scenario_file: Option<&str>, base: Option<&str>) -> Result<String, Fail> {
    // A built-in reel by name, as `play` takes it, or a file.
    let text = match reel::builtin(path) {
        Some(r) => r.to_text(),
        None => read(path, limits::TRANSCRIPT_BYTES)?,
    };
    let id = if Reel::is_reel(&text) {
        Reel::parse(&text).map_err(|e| bad(format!("{path}: {e}")))?.transcript.scenario
    } else {
        Transcript::parse(&text).map_err(|e| bad(format!("{path}: {e}")))?.scenario
    };
    // A built-in scenario goes by id and version; another is carried whole.
    let scenario = match scenario_file {
        Some(f) => {
            let (s, exam) = load_with_exam(f)?;
            if s.id != id {
                return Err(bad(format!("{f} is scenario `{}`, but the recording is of `{id}`", s.id)));
            }
            match exam {
                // An exam file: the scenario file it carries (none for a built-in scenario).
                Some(exam) => exam.scenario_file,
                None => (!is_builtin(&s.id)).then(|| read(f, limits::SCENARIO_BYTES)).transpose()?,
            }
        }
        None if is_builtin(&id) => None,
        None => return Err(bad(format!("{path}: the recording is of scenario `{id}`, which is not built in: give its file with --scenario FILE"))),
    };
    if let Some(b) = base.filter(|b| !b.starts_with("http://") && !b.starts_with("https://")) {
        return Err(bad(format!("--base takes the address the trainer is served at, such as http://127.0.0.1:8080/, not `{b}`")));
    }
    let fragment = link::encode(&link::Shared { recording: text, scenario, at: None });
    Ok(format!("{}{fragment}\n", base.unwrap_or("http://127.0.0.1:8080/")))
}

#[derive(Serialize)]
struct UsageOut {
    usage: &'static str,
}

/// Text, or bad input naming the line where it stops being UTF-8.
fn utf8(what: &str, bytes: Vec<u8>) -> Result<String, Fail> {
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
        bad(format!("{what}:{line}: not a text file (not valid UTF-8)"))
    })
}

/// A file's text, if it is within `max` bytes (`sim::limits`); a larger one is bad input, and
/// is not read.
fn read(path: &str, max: usize) -> Result<String, Fail> {
    let file = std::fs::File::open(path).map_err(|e| Fail(1, format!("cannot read {path}: {e}")))?;
    let mut bytes = Vec::new();
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(|e| Fail(1, format!("cannot read {path}: {e}")))?;
    if bytes.len() > max {
        return Err(bad(format!("{path}: the file is larger than {} KiB, the most that is read", max / 1024)));
    }
    utf8(path, bytes)
}

/// A built-in scenario by id, or a scenario file by path (an exam file stands for its scenario).
fn load(name: &str) -> Result<Rc<Scenario>, Fail> {
    load_with_exam(name).map(|(scenario, _)| scenario)
}

/// A built-in scenario by id, or a scenario file by path; or an exam file, which stands for the
/// scenario it carries (or names), with the exam.
fn load_with_exam(name: &str) -> Result<(Rc<Scenario>, Option<crate::sim::exam::Exam>), Fail> {
    if let Some(s) = builtin(name) {
        return Ok((s, None));
    }
    if name.ends_with(".toml") || std::path::Path::new(name).exists() {
        let text = read(name, limits::TRANSCRIPT_BYTES + limits::SCENARIO_BYTES)?;
        // An exam file stands for the scenario it carries (or names).
        if text.starts_with(crate::sim::exam::MAGIC) {
            let exam = crate::sim::exam::Exam::parse(&text).map_err(|e| bad(format!("{name}: {e}")))?;
            return Ok((scenario_of_exam(name, &exam)?, Some(exam)));
        }
        if text.len() > limits::SCENARIO_BYTES {
            return Err(bad(format!("{name}: the file is larger than {} KiB, the most that is read", limits::SCENARIO_BYTES / 1024)));
        }
        return parse_scenario(name, &text).map(|s| (Rc::new(s), None)).map_err(|e| bad(e.to_string()));
    }
    let ids: Vec<String> = builtins().iter().map(|s| s.id.clone()).collect();
    Err(bad(format!("no scenario `{name}`; built-in scenarios: {}", ids.join(", "))))
}

fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("reports serialize");
    s.push('\n');
    s
}

#[derive(Serialize)]
struct ScenarioInfo {
    id: String,
    version: u32,
    title: String,
    kind: &'static str,
    difficulty: u8,
    budget_seconds: u32,
    objectives: Vec<String>,
}

fn info(s: &Scenario) -> ScenarioInfo {
    ScenarioInfo {
        id: s.id.clone(),
        version: s.version,
        title: s.title.clone(),
        kind: s.kind.id(),
        difficulty: s.difficulty,
        budget_seconds: s.budget,
        objectives: s.objectives.iter().map(|o| o.text.clone()).collect(),
    }
}

fn scenarios(as_json: bool) -> String {
    let all = builtins();
    if as_json {
        return json(&all.iter().map(|s| info(s)).collect::<Vec<_>>());
    }
    let mut out = String::new();
    for s in &all {
        out.push_str(&format!(
            "{:<28} {:<16} difficulty {}  budget {:<5} {}\n",
            s.id,
            s.kind.id(),
            s.difficulty,
            format_duration(s.budget),
            s.title
        ));
    }
    out
}

#[derive(Serialize)]
struct SolveOut {
    scenario: String,
    seed: u64,
    steps: u32,
    downtime_seconds: u32,
    ends_at: u32,
    search_states: usize,
    script: String,
}

fn solve_cmd(scenario: &Rc<Scenario>, seed: u64, transcript: Option<&str>, as_json: bool) -> Result<String, Fail> {
    let t0 = Instant::now();
    let plan = solve(scenario, seed).map_err(|e| bad(format!("{}: {}", scenario.id, diagnose(scenario, seed, &e).message)))?;
    if let Some(path) = transcript {
        // The plan played through, marked as the solver's: never taken for a learner's.
        let t = Transcript::new(scenario, seed, plan.actions.clone(), plan.end).with_meta(Meta { made_by: MadeBy::Solver, ..Meta::default() });
        std::fs::write(path, t.to_text()).map_err(|e| Fail(1, format!("cannot write {path}: {e}")))?;
    }
    // The time goes to stderr: what stdout says depends only on the scenario and the seed.
    eprintln!(
        "clusterdrill: solved in {:.1} ms ({} states, {} MiB of states kept at most, {} MiB copied)",
        t0.elapsed().as_secs_f64() * 1000.0,
        plan.expanded,
        plan.peak_bytes.div_ceil(1 << 20),
        plan.work_bytes.div_ceil(1 << 20)
    );
    if as_json {
        return Ok(json(&SolveOut {
            scenario: scenario.id.clone(),
            seed,
            steps: plan.actions.len() as u32,
            downtime_seconds: plan.downtime,
            ends_at: plan.end.secs(),
            search_states: plan.expanded,
            script: plan.script(),
        }));
    }
    Ok(format!(
        "# {} (seed {seed})\n# par: {} steps, {} of downtime; ends at {}\n# found after searching {} states\n{}",
        scenario.title,
        plan.actions.len(),
        format_duration(plan.downtime),
        plan.end,
        plan.expanded,
        plan.script()
    ))
}

fn par_of(scenario: &Rc<Scenario>, seed: u64) -> Option<Par> {
    // A report does not wait long for its par: a scenario too big to search goes without.
    solve_within(scenario, seed, INTERACTIVE).ok().map(|p| p.par())
}

fn play_cmd(scenario: &Rc<Scenario>, seed: u64, script_text: &str, args: &Args) -> Result<String, Fail> {
    let (sim, transcript, steps) = play(scenario, seed, script_text).map_err(|e| bad(format!("script {e}")))?;
    let transcript = transcript.with_meta(Meta { made_by: MadeBy::Script, ..Meta::default() });
    if let Some(path) = &args.transcript {
        std::fs::write(path, transcript.to_text()).map_err(|e| Fail(1, format!("cannot write {path}: {e}")))?;
    }
    let report = sim.report(sim.now(), par_of(scenario, seed));
    if args.json {
        return Ok(json(&report));
    }
    let mut out = String::new();
    if args.verbose {
        out.push_str(&session_text(&sim, &steps));
        out.push('\n');
    } else {
        // What the simulated system refused is part of the lesson: shown even without --verbose.
        let all: Vec<_> = steps.iter().map(|s| (s.at, &s.action, &s.outcome)).collect();
        out.push_str(&refused_text(&all, "--verbose shows every step and the event logs"));
    }
    out.push_str(&report.to_text());
    Ok(out)
}

/// The steps the simulated system refused, each with what it said (part of the lesson, and
/// what an instructor needs to see of a low score); nothing when none was.
fn refused_text(steps: &[(crate::sim::SimTime, &crate::sim::Action, &crate::sim::engine::Outcome)], more: &str) -> String {
    let refused: Vec<_> = steps.iter().filter(|(_, _, o)| o.is_refused()).collect();
    if refused.is_empty() {
        return String::new();
    }
    let mut out = format!("Refused ({} of {} steps; {more}):\n", refused.len(), steps.len());
    for (at, action, outcome) in refused {
        out.push_str(&format!("{:>10}  {}\n            {}\n", at.to_string(), action, outcome.message()));
    }
    out.push('\n');
    out
}

/// A regraded transcript: the recomputed report, and what the transcript claimed (never used).
#[derive(Serialize)]
struct GradeOut<'a> {
    #[serde(flatten)]
    report: &'a Report,
    /// The session was ended, not saved to be continued (then it is graded as it stands).
    finished: bool,
    claimed_score: Option<u32>,
    claim_matches: Option<bool>,
    learner: Option<&'a str>,
    started: Option<&'a str>,
    mode: &'static str,
    made_by: &'static str,
    result_code: &'a str,
    flags: &'a [String],
    /// The steps the simulated system refused, with what it said.
    refused: Vec<RefusedOut>,
}

#[derive(Serialize)]
struct RefusedOut {
    /// Seconds since the start.
    at: u32,
    action: String,
    message: String,
}

/// A transcript file read and regraded (on `scenario_file`, or the built-in scenario it names).
fn checked(path: &str, scenario_file: Option<&str>, exam: bool) -> Result<(roster::Checked, Rc<Scenario>), Fail> {
    let text = read(path, limits::LINK_CHARS.max(limits::TRANSCRIPT_BYTES))?;
    // A transcript as an LMS keeps it (SCORM's suspend data, packed as a link is) reads too.
    let t = crate::trainer::lms::read_handed_in(&text).map_err(|e| bad(format!("{path}: {e}")))?;
    let (scenario, exam_file) = match scenario_file {
        Some(f) => load_with_exam(f)?,
        None => (
            builtin(&t.scenario).ok_or_else(|| {
                bad(format!("{path}: the transcript is of scenario `{}`, which is not built in: give its file with --scenario FILE", t.scenario))
            })?,
            None,
        ),
    };
    let par = par_of(&scenario, t.seed);
    // An exam file given as the scenario: its rules are the ones to hold to.
    let handed_in = match (&exam_file, exam) {
        (Some(e), _) => roster::HandedIn::ThisExam(e),
        (None, true) => roster::HandedIn::AnyExam,
        (None, false) => roster::HandedIn::Freely,
    };
    let checked = roster::check(&scenario, t, par, handed_in).map_err(|e| bad(format!("{path}: {e}")))?;
    Ok((checked, scenario))
}

fn grade_cmd(path: &str, scenario_file: Option<&str>, exam: bool, as_json: bool) -> Result<String, Fail> {
    let (c, scenario) = checked(path, scenario_file, exam)?;
    let (t, report) = (&c.transcript, &c.report);
    // It replayed once already: it does again, for the steps it refused.
    let (_, outcomes) = replay_steps(&scenario, t, true).map_err(|e| bad(format!("{path}: {e}")))?;
    let steps: Vec<_> = t.actions.iter().zip(&outcomes).map(|((at, action), outcome)| (*at, action, outcome)).collect();
    if as_json {
        let claim_matches = t.claimed_score.map(|s| s == report.score);
        let refused = steps
            .iter()
            .filter(|(_, _, o)| o.is_refused())
            .map(|(at, action, o)| RefusedOut { at: at.secs(), action: action.to_string(), message: o.message().to_string() })
            .collect();
        return Ok(json(&GradeOut {
            report,
            finished: t.finished,
            claimed_score: t.claimed_score,
            claim_matches,
            learner: t.meta.learner.as_deref(),
            started: t.meta.started.as_deref(),
            mode: t.meta.mode.word(),
            made_by: t.meta.made_by.word(),
            result_code: &c.code,
            flags: &c.flags,
            refused,
        }));
    }
    let mut out = refused_text(&steps, "each counts as a step");
    out.push_str(&report.to_text());
    let who = t.meta.learner.as_deref().unwrap_or("(no name given)");
    let when = t.meta.started.as_deref().map_or(String::new(), |s| format!(", started {s}"));
    out.push_str(&format!("\nLearner {who}{when}; {} mode; made by {}.\n", t.meta.mode.word(), t.meta.made_by.word()));
    out.push_str(&format!("Result code {}.\n", c.code));
    if let Some(claimed) = t.claimed_score.filter(|s| *s == report.score) {
        out.push_str(&format!("The transcript claims a score of {claimed}: its replay's.\n"));
    }
    for f in &c.flags {
        out.push_str(&format!("FLAG: the transcript {f}.\n"));
    }
    Ok(out)
}

/// `grade --csv FILES...`: a class roster, one row per transcript (one that cannot be regraded
/// says why in its flags).
fn roster_cmd(paths: &[String], scenario_file: Option<&str>, exam: bool) -> Result<String, Fail> {
    let checked: Vec<_> = paths.iter().map(|p| (p.clone(), checked(p, scenario_file, exam).map(|(c, _)| c).map_err(|Fail(_, m)| m))).collect();
    Ok(roster::csv(&roster::rows(&checked)))
}

#[derive(Serialize)]
struct CheckOut {
    file: String,
    valid: bool,
    proven: bool,
    scenario: ScenarioInfo,
    par_steps: u32,
    par_downtime_seconds: u32,
}

#[derive(Serialize)]
struct CheckUnproven {
    file: String,
    valid: bool,
    proven: bool,
    reason: String,
    scenario: ScenarioInfo,
}

fn check_cmd(path: &str, as_json: bool) -> Result<String, Fail> {
    // A built-in id, or a file (an unchanged copy of a built-in's is that scenario).
    let (s, text) = match builtin(path).filter(|_| !std::path::Path::new(path).exists()) {
        Some(s) => (s, None),
        None if !path.ends_with(".toml") && !std::path::Path::new(path).exists() => {
            let ids: Vec<String> = builtins().iter().map(|s| s.id.clone()).collect();
            return Err(bad(format!("{path}: no such file, and not a built-in scenario ({})", ids.join(", "))));
        }
        None => {
            let text = read(path, limits::SCENARIO_BYTES)?;
            (Rc::new(parse_scenario(path, &text).map_err(|e| bad(e.to_string()))?), Some(text))
        }
    };
    // Well-formed is not enough: a learner must be able to pass it. The solver proves it can be
    // done with full marks (at seed 1: durations vary with the seed, the procedure does not).
    let par = match solve(&s, 1) {
        Ok(plan) => plan.par(),
        // Valid, but too large to prove: the author is told, and the file is not refused.
        Err(e @ SolveError::TooHard { .. }) => {
            if as_json {
                return Ok(json(&CheckUnproven { file: path.to_string(), valid: true, proven: false, reason: e.to_string(), scenario: info(&s) }));
            }
            return Ok(format!("{path}: valid, but not proven solvable: {e}\n"));
        }
        Err(e) => {
            let why = diagnose(&s, 1, &e);
            let line = text.as_deref().map_or(1, |t| cause_line(t, why.cause));
            return Err(bad(format!("{path}:{line}: cannot be passed: {}", why.for_file(path))));
        }
    };
    if as_json {
        return Ok(json(&CheckOut { file: path.to_string(), valid: true, proven: true, scenario: info(&s), par_steps: par.steps, par_downtime_seconds: par.downtime }));
    }
    let w = &s.initial;
    Ok(format!(
        "{path}: valid, and solvable with full marks (at seed 1: par {}, {} of downtime in all)\n  {} (id {}, version {}): {}, difficulty {}, budget {}\n  {}, {}, {}, {}, {}\n",
        counted(par.steps, "step", "steps"),
        format_duration(par.downtime),
        s.title,
        s.id,
        s.version,
        s.kind.label(),
        s.difficulty,
        format_duration(s.budget),
        counted(w.machines.len() as u64, "machine", "machines"),
        counted(w.groups.len() as u64, "group", "groups"),
        counted(w.servers.len() as u64, "Exchange server", "Exchange servers"),
        counted(w.accounts.len() as u64, "account", "accounts"),
        counted(s.objectives.len() as u64, "objective", "objectives")
    ))
}

/// The line of a scenario file a diagnosis points at: the budget, the objective in the way
/// (its `check`), or the first objective when no one thing is.
fn cause_line(text: &str, cause: Cause) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    // A key is a line's first word, then `=`: prose in the briefing is not mistaken for one.
    let find = |from: usize, start: &str| {
        (from..lines.len()).find(|&i| {
            let line = lines[i].trim_start();
            line.strip_prefix(start).is_some_and(|rest| start.starts_with('[') || rest.trim_start().starts_with('='))
        })
    };
    let objective = |n: usize| {
        let mut at = None;
        for _ in 0..=n {
            at = find(at.map_or(0, |i| i + 1), "[[objective]]");
        }
        at
    };
    let at = match cause {
        Cause::Budget => find(0, "budget"),
        Cause::Objective(i) => objective(i).and_then(|o| find(o, "check").or(Some(o))),
        Cause::Unknown => objective(0),
    };
    at.map_or(1, |i| i + 1)
}

#[derive(Serialize)]
struct VerbOut {
    form: &'static str,
    what: &'static str,
}

fn verbs(as_json: bool) -> String {
    if as_json {
        return json(&Verb::FORMS.iter().map(|f| VerbOut { form: f.syntax, what: f.help }).collect::<Vec<_>>());
    }
    let mut out = String::from("Each action line: `CONSOLE: verb arguments`. Other lines: `wait`, `wait 5m`, `# comment`.\n\n");
    for f in Verb::FORMS {
        out.push_str(&format!("  {:<57} {}\n", f.syntax, f.help));
    }
    out
}
