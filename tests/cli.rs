//! The `clusterdrill` command as a user meets it: output, exit status, and clear errors on bad
//! input (never a panic).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn clusterdrill(args: &[&str], stdin: &str) -> Output {
    clusterdrill_bytes(args, stdin.as_bytes())
}

fn clusterdrill_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clusterdrill"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command that does not read its input may exit before it is written: not an error.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn tmp(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("clusterdrill-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

fn script(id: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/scripts/{id}.script", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn scenario_file(id: &str) -> String {
    std::fs::read_to_string(format!("{}/scenarios/{id}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A built-in scenario's file as an instructor would start from it: with an id of its own.
fn own_copy(id: &str) -> String {
    scenario_file(id).replace(&format!("id = \"{id}\""), &format!("id = \"my-{id}\""))
}

/// Exit status 2, a message naming the problem, and no panic.
fn rejects(o: &Output, expected: &[&str]) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for e in expected {
        assert!(err.contains(e), "`{e}` not in: {err}");
    }
}

#[test]
fn scenarios_lists_every_builtin() {
    let o = clusterdrill(&["scenarios"], "");
    assert!(o.status.success());
    let out = text(&o.stdout);
    for id in ["e2003-sp1-active-passive", "e2003-sp1-active-active", "e2003-exsetdata-hotfix", "e2000-to-e2003", "e2003-sp1-front-ends", "e55-move-users", "e55-disaster-recovery"] {
        assert!(out.contains(id), "{id}");
    }
    let json: serde_json::Value = serde_json::from_slice(&clusterdrill(&["scenarios", "--json"], "").stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 7);
}

#[test]
fn solve_prints_a_script_that_play_scores_full_marks() {
    let o = clusterdrill(&["solve", "e2003-sp1-active-passive", "--seed", "5"], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let plan = text(&o.stdout);
    assert!(plan.contains("# par:"));
    let played = clusterdrill(&["play", "e2003-sp1-active-passive", "--seed", "5", "--json"], &plan);
    let report: serde_json::Value = serde_json::from_slice(&played.stdout).unwrap();
    assert_eq!(report["score"], 100);
    assert_eq!(report["passed"], true);
    assert_eq!(report["steps"], report["par"]["steps"]);
}

#[test]
fn play_reports_findings_and_writes_a_transcript_that_grade_recomputes() {
    let bad = "NODE1: logon CORP\\exadmin\nNODE1: take-offline EVS1\nwait 45m\n";
    let path = tmp("bad.transcript", "");
    let o = clusterdrill(&["play", "e2003-sp1-active-passive", "--seed", "2", "--transcript", &path], bad);
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(out.contains("FAILED") && out.contains("whole-group-offline") && out.contains("downtime-over-budget"), "{out}");
    // A transcript claiming full marks is regraded from its actions.
    let mut transcript = std::fs::read_to_string(&path).unwrap();
    transcript.push_str("claimed-score 100\n");
    let forged = tmp("forged.transcript", &transcript);
    let g = clusterdrill(&["grade", &forged], "");
    assert!(g.status.success());
    let out = text(&g.stdout);
    assert!(out.contains("FLAG: the transcript claims a score of 100, but its replay scores 0."), "{out}");
    let json: serde_json::Value = serde_json::from_slice(&clusterdrill(&["grade", &forged, "--json"], "").stdout).unwrap();
    assert!(json["score"].as_u64().unwrap() < 100);
    assert_eq!(json["claimed_score"], 100);
    assert_eq!(json["claim_matches"], false);
    assert_eq!(json["finished"], true);
    // Saved mid-session, it is graded as it stands, and says so.
    let unfinished = tmp("unfinished.transcript", &std::fs::read_to_string(&path).unwrap().replace("\nend ", "\nunfinished "));
    let u = clusterdrill(&["grade", &unfinished], "");
    assert!(text(&u.stdout).contains("FLAG: the transcript was saved unfinished at 0:45:00: graded as it stands."), "{}", text(&u.stdout));
    let json: serde_json::Value = serde_json::from_slice(&clusterdrill(&["grade", &unfinished, "--json"], "").stdout).unwrap();
    assert_eq!(json["finished"], false);
}

#[test]
fn play_shows_the_refused_steps_without_being_asked() {
    // Cluster Administrator acts as whoever is logged on: nobody is, so it refuses.
    let o = clusterdrill(&["play", "e2003-sp1-active-passive"], "NODE1: take-offline EVS1/sa\nwait\n");
    let out = text(&o.stdout);
    assert!(out.contains("Refused (1 of 1 steps") && out.contains("NODE1: take-offline EVS1/sa"), "{out}");
    let o = clusterdrill(&["play", "e2003-sp1-active-passive"], &script("e2003-sp1-active-passive"));
    assert!(!text(&o.stdout).contains("Refused"));
}

#[test]
fn json_errors_are_json_too() {
    let path = tmp("syntax.toml", "id = \"x\"\nversion = [\n");
    let o = clusterdrill(&["check", &path, "--json"], "");
    assert_eq!(o.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert!(json["error"].as_str().unwrap().contains("syntax.toml:"), "{json}");
    let verbs: serde_json::Value = serde_json::from_slice(&clusterdrill(&["verbs", "--json"], "").stdout).unwrap();
    assert!(verbs.as_array().unwrap().iter().any(|v| v["form"] == "upgrade-evs GROUP"));
}

#[test]
fn play_verbose_shows_each_step_and_the_event_logs() {
    let o = clusterdrill(&["play", "e2003-sp1-active-passive", "--verbose"], &script("e2003-sp1-active-passive"));
    let out = text(&o.stdout);
    assert!(out.contains("NODE2: upgrade-evs EVS1"));
    assert!(out.contains("has been upgraded successfully"));
    assert!(out.contains("PASSED"));
}

#[test]
fn check_accepts_every_builtin_file_and_rejects_broken_ones_with_line_numbers() {
    for id in ["e2003-sp1-active-passive", "e55-disaster-recovery"] {
        let path = tmp(&format!("{id}.toml"), &own_copy(id));
        let o = clusterdrill(&["check", &path], "");
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(text(&o.stdout).contains("valid"));
        // The file as shipped is the built-in itself, and so is its id.
        for what in [tmp(&format!("shipped-{id}.toml"), &scenario_file(id)), id.to_string()] {
            let o = clusterdrill(&["check", &what], "");
            assert!(o.status.success() && text(&o.stdout).contains("valid"), "{what}: {}", text(&o.stderr));
        }
        // Changed, it must take an id of its own, or a transcript of it could be graded against
        // the built-in.
        let changed = scenario_file(id).replacen("difficulty = ", "difficulty = 5 #", 1);
        let path = tmp(&format!("same-{id}.toml"), &changed);
        let line = changed.lines().position(|l| l.starts_with("id =")).unwrap() + 1;
        rejects(&clusterdrill(&["check", &path], ""), &[&format!("same-{id}.toml:{line}:"), "belongs to a built-in scenario"]);
    }
    let broken = own_copy("e2003-sp1-active-passive").replace("host = \"NODE1\"", "host = \"NODE7\"");
    let line = broken.lines().position(|l| l.contains("NODE7")).unwrap() + 1;
    let path = tmp("broken.toml", &broken);
    rejects(&clusterdrill(&["check", &path], ""), &[&format!("broken.toml:{line}:"), "no machine named `NODE7`"]);
    let not_toml = tmp("not.toml", "id = \"x\"\nversion = [\n");
    rejects(&clusterdrill(&["check", &not_toml], ""), &["not.toml:"]);
    let unknown_key = tmp("key.toml", &own_copy("e2003-sp1-active-passive").replace("difficulty = 2", "difficulty = 2\nlevel = 3"));
    rejects(&clusterdrill(&["check", &unknown_key], ""), &["key.toml:", "level"]);
    // Well-formed but impossible to pass: the budget is below what the best plan needs.
    // (The briefing's prose has a line that starts with the word, which is not the key.)
    let tight_file = own_copy("e2003-sp1-active-passive").replace("budget = \"30m\"", "budget = \"1m\"").replace("tonight.", "tonight.\nbudget notes: the SLA is tight.");
    let tight = tmp("tight.toml", &tight_file);
    let line = tight_file.lines().position(|l| l.starts_with("budget =")).unwrap() + 1;
    rejects(&clusterdrill(&["check", &tight], ""), &[&format!("tight.toml:{line}: cannot be passed"), "budget (1m) is too tight"]);
    // An objective that stands in the way is named at its line, however many copies of it there
    // are (the diagnosis tries each check once, within one budget).
    let copies = "\n[[objective]]\ntext = \"Nodes back to 5.5\"\ncheck = \"nodes-at 5.5\"\n".repeat(28);
    let file = format!("{}{copies}", own_copy("e2003-sp1-active-passive"));
    let line = file.lines().position(|l| l.contains("nodes-at 5.5")).unwrap() + 1;
    let impossible = tmp("impossible.toml", &file);
    rejects(&clusterdrill(&["check", &impossible], ""), &[&format!("impossible.toml:{line}: cannot be passed"), "\"Nodes back to 5.5\" cannot be met"]);
    // A custom scenario file plays like a built-in one.
    let custom = tmp("custom.toml", &scenario_file("e2003-sp1-active-passive").replace("id = \"e2003-sp1-active-passive\"", "id = \"my-drill\""));
    let o = clusterdrill(&["play", &custom], &script("e2003-sp1-active-passive"));
    assert!(text(&o.stdout).contains("PASSED"), "{}", text(&o.stderr));
}

#[test]
fn malformed_scripts_are_rejected_with_their_line() {
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], "NODE1: logon CORP\\exadmin\nNODE1: dance\n"), &["line 2", "`dance` is not a verb"]);
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], "NODE1: logon CORP\\exadmin\nwait soon\n"), &["line 2", "not a duration"]);
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], "# fine\nNODE3: reboot\n"), &["line 2", "no machine `NODE3`"]);
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], "NODE1: bring-online EVS1/directory\n"), &["line 1", "no `directory` resource"]);
    // A byte-order mark is not a console; old Mac line ends (CR alone) end lines too.
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], "\u{feff}NODE1: logon CORP\\exadmin\nNODE1: dance\n"), &["line 2", "`dance` is not a verb"]);
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], "# one\rNODE1: logon CORP\\exadmin\rNODE1: dance\r"), &["line 3", "`dance` is not a verb"]);
}

#[test]
fn malformed_transcripts_are_rejected_with_their_line() {
    let good = {
        let path = tmp("good.transcript", "");
        clusterdrill(&["play", "e2003-sp1-active-passive", "--transcript", &path], "NODE1: logon CORP\\exadmin\nNODE1: read-log\nwait 5m\n");
        std::fs::read_to_string(path).unwrap()
    };
    let digest_line = good.lines().find(|l| l.starts_with("scenario-digest ")).expect("a digest line").to_string();
    assert_eq!(good.lines().position(|l| l.ends_with("NODE1: read-log")), Some(8), "the lines the cases name:\n{good}");
    let cases: Vec<(String, &[&str])> = vec![
        ("hello\n".into(), &["line 1", "not a Cluster Drill transcript"]),
        (good.replace("seed 1", "seed minus-one"), &["line 4", "not a seed"]),
        (good.replace("0:00:00 NODE1: read-log", "0:00:00 NODE1: read-the-log"), &["line 9", "not a verb"]),
        (good.replace("0:00:00 NODE1: read-log", "9:00:00 NODE1: read-log"), &["line 10", "before its last action"]),
        (good.lines().filter(|l| !l.starts_with("end")).map(|l| format!("{l}\n")).collect(), &["no `end` (or `unfinished`) line"]),
        (good.replace("scenario e2003-sp1-active-passive", "scenario no-such-scenario"), &["`no-such-scenario`", "not built in", "--scenario FILE"]),
        (format!("{good}claimed-score 100\nclaimed-score 100\n"), &["line 12", "a second `claimed-score`"]),
        (format!("{good}claimed-score 500\n"), &["line 11", "`500` is not a score"]),
        (format!("{good}result-code 7KQ2M-XW4R\n"), &["line 11", "not a result code"]),
        (good.replace("scenario-version 1", "scenario-version 9"), &["version 9"]),
        (good.replace("NODE1: read-log", "NODE5: read-log"), &["line 9", "no machine `NODE5`"]),
        // The header's other lines: the scenario file's digest (an edited file is never used to
        // regrade), the mode, who made it, each once and in its place.
        (good.replace(&digest_line, "scenario-digest 0123456789abcdef"), &["line 5", "made on another file of `e2003-sp1-active-passive` version 1", "not regraded"]),
        (good.replace(&digest_line, "scenario-digest 12345"), &["line 5", "not a scenario digest"]),
        (good.replace("mode practice", "mode quiz"), &["line 6", "not a mode"]),
        (good.replace("made-by script", "made-by magic"), &["line 7", "not who made the transcript"]),
        (good.replace("mode practice\n", "mode practice\nmode exam\n"), &["line 7", "a second `mode`"]),
        (good.replace("made-by script\n", "made-by script\nlearner Ada\u{7}\n"), &["line 8", "not a learner's name"]),
        (good.replace("made-by script\n", "made-by script\nstarted 2026-13-02T09:30:00Z\n"), &["line 8", "not a start time"]),
        (good.replace("end ", "learner Ada\nend "), &["line 10", "`learner` belongs after `seed`, before the first action"]),
        (good.replace("end ", "hints x\nend "), &["line 10", "not a count of hints"]),
        // Comments and blank lines move what follows: errors found on replay still name the
        // line the file has them on.
        (good.replace("seed 1\n", "seed 1\n# a note\n\n").replace("NODE1: read-log", "NODE5: read-log"), &["line 11", "no machine `NODE5`"]),
        (good.replace("scenario-version 1", "# v\nscenario-version 9"), &["line 4", "version 9"]),
        // A byte-order mark, as Notepad writes, is not part of the first line.
        (format!("\u{feff}{}", good.replace("NODE1: read-log", "NODE5: read-log")), &["line 9", "no machine `NODE5`"]),
    ];
    for (i, (t, expected)) in cases.iter().enumerate() {
        let path = tmp(&format!("t{i}.transcript"), t);
        rejects(&clusterdrill(&["grade", &path], ""), expected);
    }
}

#[test]
fn usage_errors_and_missing_files() {
    rejects(&clusterdrill(&[], ""), &["usage"]);
    assert!(!text(&clusterdrill(&[], "").stderr).contains("clusterdrill: clusterdrill:"));
    rejects(&clusterdrill(&["solve", "e2003-sp1-active-passive", "--seed", "1", "--seed", "2"], ""), &["`--seed` is given twice"]);
    for twice in [["-v", "-v"], ["-v", "--verbose"]] {
        rejects(&clusterdrill(&["play", "e2003-sp1-active-passive", twice[0], twice[1]], ""), &["is given twice"]);
    }
    let garbage = tmp("garbage.toml", "");
    std::fs::write(&garbage, [b'i', b'd', b'\n', 0xff, 0xfe, 0x00]).unwrap();
    rejects(&clusterdrill(&["check", &garbage], ""), &["garbage.toml:2:", "not valid UTF-8"]);
    rejects(&clusterdrill(&["fly"], ""), &["unknown command `fly`"]);
    rejects(&clusterdrill(&["solve", "nope"], ""), &["no scenario `nope`", "e2003-sp1-active-passive"]);
    rejects(&clusterdrill(&["solve", "e2003-sp1-active-passive", "--seed", "x"], ""), &["--seed"]);
    let o = clusterdrill(&["grade", "/nonexistent/file.transcript"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("cannot read"));
    let o = clusterdrill(&["verbs"], "");
    assert!(text(&o.stdout).contains("upgrade-evs GROUP"));
    // Options a command does not take, and arguments it does not take, are refused, not ignored.
    rejects(&clusterdrill(&["check", "e2003-sp1-active-passive", "--seed", "5"], ""), &["`check` does not take `--seed`"]);
    rejects(&clusterdrill(&["solve", "e2003-sp1-active-passive", "--scenario", "x"], ""), &["`solve` does not take `--scenario`"]);
    rejects(&clusterdrill(&["scenarios", "extra"], ""), &["`scenarios` takes no arguments"]);
    // `solve` prints the same thing every time: its timing goes to stderr.
    let (a, b) = (clusterdrill(&["solve", "e2003-sp1-active-passive"], ""), clusterdrill(&["solve", "e2003-sp1-active-passive"], ""));
    assert_eq!(a.stdout, b.stdout);
    assert!(text(&a.stderr).contains("solved in"));
}

#[test]
fn a_script_that_is_not_text_is_bad_input_with_its_line() {
    let o = clusterdrill_bytes(&["play", "e2003-sp1-active-passive"], b"NODE1: logon CORP\\exadmin\nNODE1: \xff\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("standard input:2:") && text(&o.stderr).contains("not valid UTF-8"), "{}", text(&o.stderr));
}

#[test]
fn an_unchanged_copy_of_a_builtin_is_that_scenario_in_every_command() {
    // One rule everywhere: the file as shipped, or with Windows line endings and a byte-order
    // mark, is the built-in; changed, it is refused by every command alike.
    let id = "e2003-sp1-active-passive";
    let crlf = format!("\u{feff}{}", scenario_file(id).replace('\n', "\r\n"));
    let transcript = {
        let o = clusterdrill(&["play", id, "--transcript", &tmp("copy.transcript", "")], &script(id));
        assert!(o.status.success(), "{}", text(&o.stderr));
        tmp("copy.transcript", &std::fs::read_to_string(tmp_path("copy.transcript")).unwrap())
    };
    for (name, file) in [("as-shipped.toml", scenario_file(id)), ("crlf.toml", crlf)] {
        let path = tmp(name, &file);
        for args in [
            vec!["check", path.as_str()],
            vec!["solve", path.as_str()],
            vec!["play", path.as_str()],
            vec!["grade", transcript.as_str(), "--scenario", path.as_str()],
        ] {
            let o = clusterdrill(&args, &script(id));
            assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        }
    }
    let changed = tmp("changed.toml", &scenario_file(id).replace("budget = \"30m\"", "budget = \"3h\""));
    for args in [
        vec!["check", changed.as_str()],
        vec!["solve", changed.as_str()],
        vec!["play", changed.as_str()],
        vec!["grade", transcript.as_str(), "--scenario", changed.as_str()],
    ] {
        let line = scenario_file(id).lines().position(|l| l.starts_with("id =")).unwrap() + 1;
        rejects(&clusterdrill(&args, &script(id)), &[&format!("changed.toml:{line}:"), "belongs to a built-in scenario"]);
    }
}

fn tmp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("clusterdrill-cli-{}", std::process::id())).join(name)
}

#[test]
fn files_past_the_size_limits_are_refused_without_being_read_whole() {
    let big = "# padding\n".repeat(200_000);
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive"], &big), &["standard input", "larger than 1024 KiB"]);
    let path = tmp("big.transcript", &big);
    rejects(&clusterdrill(&["grade", &path], ""), &["big.transcript", "larger than 1184 KiB"]);
    let path = tmp("big.toml", &big);
    rejects(&clusterdrill(&["check", &path], ""), &["big.toml", "larger than 64 KiB"]);
}

#[test]
fn reels_lists_every_reel_and_play_plays_one_with_its_captions() {
    let o = clusterdrill(&["reels"], "");
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert_eq!(out.lines().filter(|l| !l.starts_with(' ')).count(), clusterdrill::sim::reel::FILES.len());
    assert!(out.contains("parallel-evs-upgrade\n    Two EVSs upgraded at once"), "{out}");
    let o = clusterdrill(&["play", "parallel-evs-upgrade"], "");
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.contains("  » The second starts while the first still runs."), "{out}");
    assert!(out.contains("(step 21, parallel-evs-upgrade)"), "{out}");
    // A reel file; one for a scenario that is not built in needs the scenario's file.
    let file = tmp("custom.reel", &clusterdrill::sim::reel::builtin("sa-only-online").unwrap().to_text().replace("scenario e2003-sp1-active-passive", "scenario mine"));
    let o = clusterdrill(&["play", &file], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("the recording is of scenario `mine`, which is not built in: give its file with --scenario FILE"), "{}", text(&o.stderr));
    let o = clusterdrill(&["play", "parallel-evs-upgrade", "--seed", "2"], "");
    assert!(text(&o.stderr).contains("`play` does not take `--seed`"), "a reel has its seed: {}", text(&o.stderr));
}

#[test]
fn link_prints_an_address_that_holds_the_recording() {
    let reel = format!("{}/reels/parallel-evs-upgrade.reel", env!("CARGO_MANIFEST_DIR"));
    let o = clusterdrill(&["link", &reel, "--base", "https://drill.example/"], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let fragment = out.trim().strip_prefix("https://drill.example/").expect("the base first");
    let shared = clusterdrill::sim::link::decode(fragment).unwrap();
    assert_eq!(shared.recording, std::fs::read_to_string(&reel).unwrap());
    assert_eq!(shared.scenario, None, "a built-in scenario goes by id and version");
    // A transcript of an instructor's scenario carries the scenario's file.
    let toml = scenario_file("e2003-sp1-active-passive").replacen("id = \"e2003-sp1-active-passive\"", "id = \"night-shift\"", 1);
    let scen = tmp("night-shift.toml", &toml);
    let golden = std::fs::read_to_string(format!("{}/tests/golden/e2003-sp1-active-passive.transcript", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let t = tmp("night.transcript", &golden.replace("scenario e2003-sp1-active-passive", "scenario night-shift"));
    let o = clusterdrill(&["link", &t], "");
    assert!(text(&o.stderr).contains("give its file with --scenario FILE"), "{}", text(&o.stderr));
    let o = clusterdrill(&["link", &t, "--scenario", &scen], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let shared = clusterdrill::sim::link::decode(text(&o.stdout).trim().split_once('#').unwrap().1).unwrap();
    assert_eq!(shared.scenario.as_deref(), Some(toml.as_str()));
}

#[test]
fn an_exam_on_an_instructors_file_is_checked_before_packaging_and_its_lms_results_grade() {
    // `exam make` on an instructor's file: the exam carries it; `exam check` says it is ready.
    let scenario = tmp("acme.toml", &own_copy("e2003-sp1-active-passive"));
    let made = clusterdrill(&["exam", "make", &scenario, "--seeds", "1..6", "--pass-mark", "80"], "");
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let exam = text(&made.stdout);
    assert!(exam.contains("\n--- scenario\n") && exam.contains("id = \"my-e2003-sp1-active-passive\""), "{exam}");
    let path = tmp("acme.exam", &exam);
    let ok = clusterdrill(&["exam", "check", &path], "");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("on my-e2003-sp1-active-passive version 1 (carried in the exam)") && text(&ok.stdout).contains("pass mark 80: ready to hand out"), "{}", text(&ok.stdout));
    // Edited after it was made, or not an exam at all: refused, saying why.
    let edited = tmp("edited.exam", &exam.replacen("budget", "# edited\nbudget", 1));
    rejects(&clusterdrill(&["exam", "check", &edited], ""), &["edited.exam", "made on another file of `my-e2003-sp1-active-passive`"]);
    rejects(&clusterdrill(&["exam", "check", &scenario], ""), &["acme.toml", "this is not a Cluster Drill exam"]);
    let missing = clusterdrill(&["exam", "check", "/nonexistent.exam"], "");
    assert_eq!(missing.status.code(), Some(1), "a file error");
    assert!(text(&missing.stderr).contains("cannot read /nonexistent.exam"), "{}", text(&missing.stderr));

    // A transcript as an LMS keeps it (SCORM's suspend data, packed) grades against the exam
    // file given as the scenario, the same as the plain transcript.
    let played = clusterdrill(&["play", &scenario, "--seed", "1", "--transcript", &tmp("acme.transcript", "")], &script("e2003-sp1-active-passive"));
    assert_eq!(played.status.code(), Some(0), "{}", text(&played.stderr));
    let kept = tmp_path("acme.transcript").to_string_lossy().into_owned();
    let transcript = std::fs::read_to_string(&kept).unwrap();
    let t = clusterdrill::sim::transcript::Transcript::parse(&transcript).unwrap();
    let packed = clusterdrill::trainer::lms::suspend_data(&t, clusterdrill::trainer::lms::Standard::Scorm12).unwrap();
    let plain = clusterdrill(&["grade", &kept, "--scenario", &path], "");
    let from_lms = clusterdrill(&["grade", &tmp("suspend-data.txt", &packed), "--scenario", &path], "");
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    assert_eq!(text(&from_lms.stdout), text(&plain.stdout));
    assert!(text(&plain.stdout).contains("100/100"), "{}", text(&plain.stdout));
    rejects(&clusterdrill(&["grade", &tmp("mangled.txt", &packed[..packed.len() / 2]), "--scenario", &path], ""), &["mangled.txt", "suspend data"]);
}


#[test]
fn graded_against_an_exam_file_a_transcript_is_held_to_the_exams_rules() {
    let scenario = tmp("rules.toml", &own_copy("e2003-sp1-active-passive"));
    let made = clusterdrill(&["exam", "make", &scenario, "--seeds", "1..6", "--pass-mark", "80", "--time-limit", "90m", "--extension", "30m x2"], "");
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let exam_text = text(&made.stdout);
    let exam = clusterdrill::sim::exam::Exam::parse(&exam_text).unwrap();
    let exam_path = tmp("rules.exam", &exam_text);
    // An exam transcript as the trainer writes it: no backups at all, 76 points (a pass at the
    // usual 70, not at this exam's 80), on the exam's first seed, within its time.
    let s = std::rc::Rc::new(clusterdrill::sim::scenario::parse_scenario("rules.toml", &own_copy("e2003-sp1-active-passive")).unwrap());
    let no_backups: String = script("e2003-sp1-active-passive").lines().filter(|l| !l.contains("backup")).map(|l| format!("{l}\n")).collect();
    let seed = exam.seeds[0].0;
    let (_, t, _) = clusterdrill::sim::transcript::play(&s, seed, &no_backups).unwrap();
    let meta = clusterdrill::sim::transcript::Meta {
        learner: Some("Lou".into()),
        mode: clusterdrill::sim::transcript::Mode::Exam,
        made_by: clusterdrill::sim::transcript::MadeBy::Learner,
        time_used: Some(3600),
        pass_mark: Some(80),
        ..Default::default()
    };
    // Ended as the trainer ends it: with the score and result code it showed.
    let ended = |t: clusterdrill::sim::transcript::Transcript| {
        let mut t = t;
        let report = clusterdrill::sim::transcript::grade(&s, &t, None).unwrap();
        t.claimed_score = Some(report.score);
        t.claimed_code = Some(clusterdrill::sim::transcript::result_code(&t, &report));
        t.to_text()
    };
    let honest = ended(t.with_meta(meta.clone()));
    let row = |name: &str, body: &str| {
        let o = clusterdrill(&["grade", "--csv", &tmp(name, body), "--scenario", &exam_path], "");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        let header: Vec<String> = out.lines().next().unwrap().split(',').map(str::to_string).collect();
        let cells: Vec<String> = out.lines().nth(1).unwrap().split(',').map(str::to_string).collect();
        let cell = |c: &str| cells[header.iter().position(|h| h == c).unwrap()].clone();
        (cell("score"), cell("passed"), cell("time_used_s"), cells[header.len() - 1..].join(","))
    };
    assert_eq!(row("honest.transcript", &honest), ("76".into(), "no".into(), "3600".into(), String::new()));
    // Each rule broken, on its own, is flagged.
    let broken = |m: clusterdrill::sim::transcript::Meta, seed: u64| {
        let (_, t, _) = clusterdrill::sim::transcript::play(&s, seed, &no_backups).unwrap();
        ended(t.with_meta(m))
    };
    let other_seed = (1..).find(|n| exam.seeds.iter().all(|(s, _)| s != n)).unwrap();
    let cases = [
        (broken(clusterdrill::sim::transcript::Meta { pass_mark: None, ..meta.clone() }, seed), "records no pass mark: judged by the exam's, 80"),
        (broken(clusterdrill::sim::transcript::Meta { hints: 2, ..meta.clone() }, seed), "is an exam's, yet records 2 hints and 0 undos, which an exam does not give"),
        (broken(meta.clone(), other_seed), "which is not one of the exam's"),
        (broken(clusterdrill::sim::transcript::Meta { time_used: Some(5 * 3600), ..meta.clone() }, seed), "used 5h of real time, where the exam allowed 1h30m"),
        (broken(clusterdrill::sim::transcript::Meta { extensions: 7, time_used: Some(3600), ..meta.clone() }, seed), "took 7 extensions of the time limit, where the exam allows 2"),
        (broken(clusterdrill::sim::transcript::Meta { time_used: None, ..meta.clone() }, seed), "does not say how much time was used"),
        (honest.lines().filter(|l| !l.starts_with("claimed-score") && !l.starts_with("result-code")).map(|l| format!("{l}\n")).collect(), "ends without the score and result code"),
    ];
    for (i, (body, flag)) in cases.iter().enumerate() {
        let (score, passed, _, flags) = row(&format!("broken{i}.transcript"), body);
        assert_eq!((score.as_str(), passed.as_str()), ("76", "no"), "case {i}: judged by the exam's pass mark");
        assert!(flags.contains(flag), "case {i}: `{flag}` not in {flags}");
    }
    // A pass mark edited down keeps the verdict it records (an LMS's mastery score may differ
    // from the file's), and is flagged with the exam's verdict.
    let lowered = broken(clusterdrill::sim::transcript::Meta { pass_mark: Some(10), ..meta.clone() }, seed);
    let (_, passed, _, flags) = row("lowered.transcript", &lowered);
    assert_eq!(passed, "yes");
    assert!(flags.contains("records a pass mark of 10, where the exam's is 80 (by the exam's, it fails)"), "{flags}");
    // `grade` of a transcript that scores nothing says what was refused.
    let refused = clusterdrill(&["grade", &tmp("refused.transcript", &broken(meta.clone(), seed).replace("NODE2: install hotfix-831464", "NODE2: install exchange-2003-sp1")), "--scenario", &exam_path], "");
    assert!(text(&refused.stdout).contains("Refused (") && text(&refused.stdout).contains("each counts as a step"), "{}", text(&refused.stdout));
    // And so does its JSON.
    let refused_transcript = tmp_path("refused.transcript").to_string_lossy().into_owned();
    let json: serde_json::Value = serde_json::from_slice(&clusterdrill(&["grade", &refused_transcript, "--scenario", &exam_path, "--json"], "").stdout).unwrap();
    let first = &json["refused"][0];
    assert!(first["action"].as_str().unwrap().contains("install exchange-2003-sp1") && !first["message"].as_str().unwrap().is_empty(), "{json}");
}

#[test]
fn link_takes_a_built_in_reel_by_name_and_an_exam_file_for_the_scenario() {
    let by_name = clusterdrill(&["link", "sa-only-online"], "");
    assert_eq!(by_name.status.code(), Some(0), "{}", text(&by_name.stderr));
    let shared = clusterdrill::sim::link::decode(text(&by_name.stdout).trim().split_once('#').unwrap().1).unwrap();
    assert!(clusterdrill::sim::reel::Reel::parse(&shared.recording).is_ok());
    // An exam file as the scenario: the link carries the scenario file the exam carries, and
    // opens.
    let toml = own_copy("e2003-sp1-active-passive");
    let scenario = tmp("linked.toml", &toml);
    let made = clusterdrill(&["exam", "make", &scenario, "--seeds", "1..3"], "");
    let exam = tmp("linked.exam", &text(&made.stdout));
    let played = clusterdrill(&["play", &scenario, "--seed", "1", "--transcript", &tmp("linked.transcript", "")], &script("e2003-sp1-active-passive"));
    assert_eq!(played.status.code(), Some(0), "{}", text(&played.stderr));
    let o = clusterdrill(&["link", &tmp_path("linked.transcript").to_string_lossy(), "--scenario", &exam], "");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let shared = clusterdrill::sim::link::decode(text(&o.stdout).trim().split_once('#').unwrap().1).unwrap();
    assert_eq!(shared.scenario.as_deref(), Some(toml.as_str()));
}

#[test]
fn exam_make_refuses_what_exam_check_would_refuse() {
    rejects(&clusterdrill(&["exam", "make", "e2003-sp1-active-passive", "--seeds", "1..2", "--time-limit", "0m"], ""), &["--time-limit", "a time from a second to"]);
    rejects(&clusterdrill(&["exam", "make", "e2003-sp1-active-passive", "--seeds", "1..2", "--time-limit", "1h", "--extension", "0s x1"], ""), &["--extension", "a time from a second to"]);
}

#[test]
fn check_and_link_say_plainly_what_is_wrong_with_what_they_were_given() {
    let o = clusterdrill(&["check", "acme"], "");
    assert_eq!(o.status.code(), Some(2), "bad input, as `play acme` says");
    assert!(text(&o.stderr).contains("acme: no such file, and not a built-in scenario (e2003-sp1-active-passive"), "{}", text(&o.stderr));
    rejects(&clusterdrill(&["link", "sa-only-online", "--base", "127.0.0.1:8092"], ""), &["--base takes the address the trainer is served at"]);
    rejects(&clusterdrill(&["play", "e2003-sp1-active-passive", "--transcript", "-"], "NODE1: read-log\n"), &["--transcript takes a file name"]);
    // A scenario nobody can pass (no account is a local administrator anywhere): the command
    // to try names the very file.
    let nobody = tmp("no admins.toml", &own_copy("e2003-sp1-active-passive").replace("local-admin = [\"NODE1\", \"NODE2\"]", "local-admin = []"));
    let o = clusterdrill(&["check", &nobody], "");
    assert!(text(&o.stderr).contains(&format!("`clusterdrill play '{nobody}' --verbose`")), "{}", text(&o.stderr));
    // Counted nouns agree with their numbers.
    let one_server = clusterdrill(&["check", &tmp("one.toml", &own_copy("e2003-sp1-active-passive"))], "");
    assert!(text(&one_server.stdout).contains(", 1 Exchange server, 3 accounts, 4 objectives"), "{}", text(&one_server.stdout));
}
