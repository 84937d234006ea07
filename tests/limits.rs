//! Every limit of `sim::limits`, tried at the limit (accepted) and one past it (refused at the
//! line where it is crossed, saying which limit).

mod common;

use std::rc::Rc;

use clusterdrill::sim::limits;
use clusterdrill::sim::scenario::{ScenarioError, parse_scenario};
use clusterdrill::sim::script::parse_script;
use clusterdrill::sim::transcript::{Transcript, play};
use clusterdrill::sim::{Action, Sim, SimTime};

/// The active/passive scenario with an id of its own, edited by `f`.
fn scenario_text(f: impl Fn(&str) -> String) -> String {
    let base = std::fs::read_to_string(format!("{}/scenarios/e2003-sp1-active-passive.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    f(&base.replace("id = \"e2003-sp1-active-passive\"", "id = \"limits\""))
}

fn load(text: &str) -> Result<clusterdrill::sim::scenario::Scenario, ScenarioError> {
    parse_scenario("limits.toml", text)
}

/// Accepted at `limit`, refused past it, with the error on the line `marker` is on (the first
/// line holding it past the limit) and saying `says`.
fn at_and_past(what: &str, limit: usize, make: impl Fn(usize) -> String, says: &str, marker: impl Fn(usize) -> String) {
    at_and_past_at(what, limit, make, says, marker, 0);
}

/// The same for a table past the limit: the error is on its header, `before` lines up.
fn at_and_past_at(what: &str, limit: usize, make: impl Fn(usize) -> String, says: &str, marker: impl Fn(usize) -> String, before: usize) {
    let ok = make(limit);
    if let Err(e) = load(&ok) {
        panic!("{what}: {limit} refused: {e}");
    }
    let past = make(limit + 1);
    let e = load(&past).expect_err(what);
    assert!(e.message.contains(says), "{what}: {e}");
    let m = marker(limit + 1);
    let want = past.lines().position(|l| l.contains(&m)).map(|i| i + 1 - before);
    assert_eq!(Some(e.line), want, "{what}: {e} (expected the line of `{m}`)");
}

/// How many of each list the file has already.
fn base() -> clusterdrill::sim::scenario::Scenario {
    load(&scenario_text(|s| s.to_string())).unwrap()
}

fn extra_tables(kind: &str, n: usize, body: impl Fn(usize) -> String) -> String {
    (1..=n).map(|i| format!("\n[[{kind}]]\n{}\n", body(i))).collect()
}

#[test]
fn lists_numbered_in_a_fixed_width_are_limited_at_load() {
    let b = base();
    let (accounts, machines, servers, objectives) = (b.initial.accounts.len(), b.initial.machines.len(), b.initial.servers.len(), b.objectives.len());
    at_and_past_at(
        "accounts",
        limits::ACCOUNTS,
        |n| scenario_text(|s| format!("{s}{}", extra_tables("account", n - accounts, |i| format!("name = \"CORP\\\\u{i}\"")))),
        "at most 64 [[account]]",
        |n| format!("CORP\\\\u{}\"", n - accounts),
        1,
    );
    at_and_past_at(
        "machines",
        limits::MACHINES,
        |n| scenario_text(|s| format!("{s}{}", extra_tables("machine", n - machines, |i| format!("name = \"SPARE{i}\"\npower = \"off\"")))),
        "at most 8 [[machine]]",
        |n| format!("SPARE{}\"", n - machines),
        1,
    );
    at_and_past_at(
        "servers",
        limits::SERVERS,
        |n| {
            scenario_text(|s| {
                format!(
                    "{s}{}",
                    extra_tables("server", n - servers, |i| format!(
                        "name = \"S{i}\"\nkind = \"standalone\"\nhost = \"NODE1\"\nversion = \"2003\"\nsite = \"HQ\""
                    ))
                )
            })
        },
        "at most 16 [[server]]",
        |n| format!("\"S{}\"", n - servers),
        1,
    );
    at_and_past_at(
        "objectives",
        limits::OBJECTIVES,
        |n| scenario_text(|s| format!("{s}{}", extra_tables("objective", n - objectives, |i| format!("text = \"again {i}\"\ncheck = \"groups-online\"")))),
        "at most 32 [[objective]]",
        |n| format!("again {}\"", n - objectives),
        1,
    );
    let sites = |n: usize| (1..=n).map(|i| format!("\"Site{i}\"")).collect::<Vec<_>>().join(", ");
    at_and_past(
        "sites",
        limits::SITES,
        |n| scenario_text(|s| s.replace("sites = [\"HQ\"]", &format!("sites = [\"HQ\", {}]", sites(n - 1)))),
        "at most 64",
        |_| "sites =".into(),
    );
    let groups = |n: usize| (1..=n).map(|i| format!("\"AG{i}\"")).collect::<Vec<_>>().join(", ");
    at_and_past(
        "admin groups",
        limits::ADMIN_GROUPS,
        |n| {
            scenario_text(|s| {
                s.replace("admin-groups = [\"First Administrative Group\"]", &format!("admin-groups = [\"First Administrative Group\", {}]", groups(n - 1)))
            })
        },
        "at most 8",
        |_| "admin-groups = [\"First".into(),
    );
    let sources = |n: usize| (1..=n).map(|i| format!("\"Source {i}\"")).collect::<Vec<_>>().join(", ");
    at_and_past(
        "sources",
        limits::SOURCES,
        |n| scenario_text(|s| s.replacen("sources = [", &format!("sources = [{}, ", sources(n - 3)), 1)),
        "at most 16",
        |_| "KB 822582".into(),
    );
}

#[test]
fn an_account_at_the_limit_has_its_own_rights() {
    // The defect this limit closes: ids in a byte wrapped, so the 257th account had the first
    // one's rights. At the limit, the last account is itself.
    let n = limits::ACCOUNTS - 3;
    let text = scenario_text(|s| format!("{s}{}", extra_tables("account", n, |i| format!("name = \"CORP\\\\u{i}\""))));
    let s = Rc::new(load(&text).unwrap());
    let mut sim = Sim::new(s.clone(), 1);
    let last = format!("CORP\\u{n}");
    assert_eq!(sim.world().account_named(&last).map(|a| a.0 as usize), Some(limits::ACCOUNTS - 1));
    // The last account has no local-admin rights: Setup refuses it, where the first one's would pass.
    let logon = |a: &str| Action::new("NODE2", clusterdrill::sim::Verb::parse("logon", &[a]).unwrap());
    let install = Action::new("NODE2", clusterdrill::sim::Verb::parse("install", &["hotfix-831464"]).unwrap());
    sim.apply(SimTime::ZERO, &logon(&last)).unwrap();
    assert!(sim.apply(SimTime::ZERO, &install).unwrap().is_refused());
}

#[test]
fn names_are_limited_as_the_real_products_limited_them() {
    let name = |n: usize| "N".repeat(n);
    // A machine's name is its computer name unless one is given: 15 characters either way.
    at_and_past(
        "machine name",
        limits::NETBIOS_CHARS,
        |n| scenario_text(|s| format!("{s}\n[[machine]]\nname = \"{}\"\npower = \"off\"\n", name(n))),
        "at most 15",
        |n| format!("name = \"{}\"", name(n)),
    );
    at_and_past(
        "cluster name",
        limits::NETBIOS_CHARS,
        |n| scenario_text(|s| s.replace("name = \"EXCLUS\"", &format!("name = \"{}\"", name(n)))),
        "at most 15",
        name,
    );
    let account = |n: usize| format!("CORP\\\\{}", "a".repeat(n - 5));
    at_and_past(
        "account name",
        limits::ACCOUNT_CHARS,
        |n| scenario_text(|s| format!("{s}\n[[account]]\nname = \"{}\"\n", account(n))),
        "at most 36",
        account,
    );
    at_and_past(
        "site name",
        limits::NAME_CHARS,
        |n| scenario_text(|s| s.replace("sites = [\"HQ\"]", &format!("sites = [\"HQ\", \"{}\"]", name(n)))),
        "at most 64",
        |_| "sites =".into(),
    );
    at_and_past(
        "title",
        limits::TITLE_CHARS,
        |n| scenario_text(|s| s.replace("title = \"Exchange 2003 to SP1: active/passive\"", &format!("title = \"{}\"", name(n)))),
        "at most 300",
        |_| "title =".into(),
    );
}

#[test]
fn a_scenario_file_is_limited_in_size_and_nesting() {
    // Padded with a comment to exactly the limit, and one byte more.
    let padded = |n: usize| {
        let s = scenario_text(|s| s.to_string());
        let pad = n - s.len() - 3;
        format!("{s}# {}\n", "x".repeat(pad))
    };
    assert_eq!(padded(limits::SCENARIO_BYTES).len(), limits::SCENARIO_BYTES);
    load(&padded(limits::SCENARIO_BYTES)).unwrap();
    let e = load(&padded(limits::SCENARIO_BYTES + 1)).unwrap_err();
    assert!(e.message.contains("at most 64 KiB"), "{e}");
    assert_eq!(e.line, padded(limits::SCENARIO_BYTES + 1).lines().count(), "{e}");

    // A dotted key of 8 parts is read (and is unknown); of 9, refused at its line, not line 1.
    let dotted = |n: usize| scenario_text(|s| format!("{s}\n{} = 1\n", vec!["a"; n].join(".")));
    let e = load(&dotted(limits::KEY_PARTS)).unwrap_err();
    assert!(e.message.contains("unknown key"), "{e}");
    let text = dotted(limits::KEY_PARTS + 1);
    let e = load(&text).unwrap_err();
    assert!(e.message.contains("at most 8 levels"), "{e}");
    assert_eq!(e.line, text.lines().count(), "{e}");
    for deep in [99, 1000] {
        let text = dotted(deep);
        let e = load(&text).unwrap_err();
        assert_eq!(e.line, text.lines().count(), "{deep}: {e}");
        let text = scenario_text(|s| format!("{s}\nx = {}{}\n", "[".repeat(deep), "]".repeat(deep)));
        assert_eq!(load(&text).unwrap_err().line, text.lines().count());
    }
    // The same in an array of tables' header.
    let text = scenario_text(|s| format!("{s}\n[[{}]]\n", vec!["a"; 20].join(".")));
    let e = load(&text).unwrap_err();
    assert!(e.message.contains("at most 8 levels"), "{e}");
    assert_eq!(e.line, text.lines().count(), "{e}");
    // Dots in prose (a multi-line briefing) are not keys.
    let prose = scenario_text(|s| s.replace("tonight.", "tonight. . . . . . . . . . . . . 6.5.7226.6 . . ."));
    load(&prose).unwrap();
}

fn script_error(script: &str) -> (usize, String) {
    let s = common::scenario("e2003-sp1-active-passive");
    match play(&s, 1, script) {
        Ok(_) => (0, String::new()),
        Err(e) => (e.line, e.message),
    }
}

#[test]
fn scripts_and_transcripts_are_limited_in_size_lines_and_actions() {
    // Actions: at the limit a script plays; one more is refused at its line.
    let actions = |n: usize| "NODE1: read-log\n".repeat(n);
    assert_eq!(parse_script(&actions(limits::ACTIONS)).map(|l| l.len()).unwrap(), limits::ACTIONS);
    let e = parse_script(&actions(limits::ACTIONS + 1)).unwrap_err();
    assert_eq!(e.line, limits::ACTIONS + 1);
    assert!(e.message.contains("at most 10000 actions"), "{e}");

    // A line: a comment padded to the limit, and one past it.
    let line = |n: usize| format!("NODE1: read-log\n#{}\n", "x".repeat(n - 1));
    assert!(parse_script(&line(limits::LINE_CHARS)).is_ok());
    let e = parse_script(&line(limits::LINE_CHARS + 1)).unwrap_err();
    assert_eq!((e.line, e.message.contains("at most 1000 are read")), (2, true), "{e}");

    // Size: comments up to the limit in bytes, then one byte more.
    let sized = |n: usize| {
        let line = format!("#{}\n", "x".repeat(98));
        let mut s = line.repeat(n / 100);
        s.push_str(&"#".repeat(n - s.len()));
        s
    };
    assert!(parse_script(&sized(limits::SCRIPT_BYTES)).is_ok());
    let e = parse_script(&sized(limits::SCRIPT_BYTES + 1)).unwrap_err();
    assert!(e.message.contains("at most 1024 KiB"), "{e}");
    assert_eq!(e.line, limits::SCRIPT_BYTES / 100 + 1);

    // A transcript of as many actions as the limit reads; one more is refused at its line.
    let s = common::scenario("e2003-sp1-active-passive");
    let transcript = |n: usize| {
        let a = parse_script("NODE1: read-log").unwrap();
        let clusterdrill::sim::script::Line::Action(a) = a[0].1.clone() else { unreachable!() };
        Transcript::new(&s, 1, vec![(SimTime::ZERO, a); n], SimTime::ZERO).to_text()
    };
    assert!(Transcript::parse(&transcript(limits::ACTIONS)).is_ok());
    let e = Transcript::parse(&transcript(limits::ACTIONS + 1)).unwrap_err();
    let header = transcript(1).lines().position(|l| l.ends_with("read-log")).unwrap();
    assert_eq!(e.line, header + limits::ACTIONS + 1, "{e}");
}

#[test]
fn the_clock_stops_at_its_end() {
    let days = limits::END_OF_TIME / 86_400;
    // Waiting to the very end is allowed; a second more is refused at its line.
    assert_eq!(script_error(&format!("wait {days}d\n")), (0, String::new()));
    let (line, message) = script_error(&format!("NODE1: read-log\nwait {days}d\nwait 1s\n"));
    assert_eq!(line, 3, "{message}");
    assert!(message.contains("past its end"), "{message}");
    // A bare wait stops at the end, with a restart still under way.
    let s = common::scenario("e2003-sp1-active-passive");
    let (sim, ..) = play(&s, 1, &format!("wait {days}d\nNODE2: logon CORP\\exadmin\nNODE2: reboot\nwait\nwait\n")).unwrap();
    assert_eq!(sim.now(), SimTime::END);
    assert!(sim.is_busy());
    // A transcript's times are read up to the end and no further.
    assert_eq!(format!("{days}d 00:00:00").parse::<SimTime>(), Ok(SimTime::END));
    assert!(format!("{days}d 00:00:01").parse::<SimTime>().unwrap_err().contains("past the simulated clock's end"));
    // An action past the end is refused by the engine, whoever builds it.
    let mut sim = Sim::new(s, 1);
    let read = parse_script("NODE1: read-log").unwrap();
    let clusterdrill::sim::script::Line::Action(a) = read[0].1.clone() else { unreachable!() };
    assert!(sim.apply(SimTime(SimTime::END.0 + 1), &a).is_err());
    assert!(sim.apply(SimTime::END, &a).is_ok());
}

#[test]
fn registry_checkpoints_on_a_resource_are_limited() {
    let key = |i: usize| format!("NODE1: add-checkpoint EVS1/store SOFTWARE\\K{i}\n");
    let script = |n: usize| format!("NODE1: logon CORP\\exadmin\n{}", (1..=n).map(key).collect::<String>());
    assert_eq!(script_error(&script(limits::CHECKPOINTS)).0, 0);
    let (line, message) = script_error(&script(limits::CHECKPOINTS + 1));
    assert_eq!(line, limits::CHECKPOINTS + 2, "{message}");
    assert!(message.contains("at most 16 registry checkpoints"), "{message}");
}

#[test]
fn every_session_a_script_records_reads_back() {
    // The longest lines a script may hold, as many as it may hold: the transcript, a time before
    // each, is larger than the script, and is read all the same.
    let line = format!("NODE1: remove-checkpoint EVS1/sa SOFTWARE\\{}\n", "k".repeat(60));
    let script = format!("NODE1: logon CORP\\exadmin\n{}", line.repeat(limits::ACTIONS - 1));
    assert!(script.len() <= limits::SCRIPT_BYTES, "{}", script.len());
    let s = common::scenario("e2003-sp1-active-passive");
    let (_, transcript, _) = play(&s, 1, &script).unwrap();
    let text = transcript.to_text();
    assert!(text.len() > limits::SCRIPT_BYTES, "the test must be of a transcript larger than its script");
    assert_eq!(Transcript::parse(&text).unwrap(), transcript);
    // A session past the limit is refused by the engine, whatever front end builds it.
    let mut sim = Sim::new(s, 1);
    let read = parse_script("NODE1: read-log").unwrap();
    let clusterdrill::sim::script::Line::Action(a) = read[0].1.clone() else { unreachable!() };
    for _ in 0..limits::ACTIONS {
        sim.apply(sim.now(), &a).unwrap();
    }
    assert!(sim.apply(sim.now(), &a).unwrap_err().message().contains("at most 10000 actions"));
}

#[test]
fn group_names_and_network_names_follow_the_rule() {
    // A `/` would make a group's name read as one of its resources.
    let e = parse_script("NODE1: create-group A/B NEWNAME").unwrap_err();
    assert!(e.message.contains("may not contain `/`"), "{e}");
    // A screen that built such a group's target could not write it down: the engine refuses it.
    let mut sim = Sim::new(common::scenario("e2003-sp1-active-passive"), 1);
    let forged = Action::new("NODE1", clusterdrill::sim::Verb::TakeOffline { target: clusterdrill::sim::Target::Group("A/B".into()) });
    assert!(sim.apply(sim.now(), &forged).is_err());
    // A network name of 15 characters, however many bytes they take, is one Setup takes.
    let dr = common::correct_script("e55-disaster-recovery");
    let upto: String = dr.lines().take_while(|l| !l.contains("create-group")).map(|l| format!("{l}\n")).collect();
    let s = common::scenario("e55-disaster-recovery");
    let (_, _, steps) = play(&s, 1, &format!("{upto}NODE1: create-group EXVS {}\n", "É".repeat(15))).unwrap();
    let last = steps.last().unwrap();
    assert!(!last.outcome.is_refused(), "{}", last.outcome.message());
}

#[test]
fn what_an_error_quotes_is_short_and_plain() {
    // A console with an invisible character in it is refused by the name rule, which says so.
    let (line, message) = script_error("NODE1\u{200b}: read-log\n");
    assert_eq!(line, 1);
    assert!(message.contains("invisible character (\\u{200b})") && !message.contains('\u{200b}'), "{message}");
    // The same in a transcript's action, or its scenario header: escaped, at their lines.
    let s = common::scenario("e2003-sp1-active-passive");
    let text = play(&s, 1, "NODE1: logon CORP\\exadmin\n").unwrap().1.to_text();
    let forged = text.replacen("NODE1: logon", "NODE1\u{200b}: logon", 1);
    let e = Transcript::parse(&forged).and_then(|t| clusterdrill::sim::transcript::replay(&s, &t, false).map(|_| ())).unwrap_err();
    assert!(!e.message.contains('\u{200b}') && e.message.contains("\\u{200b}"), "{e}");
    let forged = text.replacen("scenario e2003", &format!("scenario {}\u{200b}e2003", "x".repeat(900)), 1);
    let e = Transcript::parse(&forged).unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("scenario id") && e.message.chars().count() < 200 && !e.message.contains('\u{200b}'), "{e}");
    // A message made anywhere quotes its values shortened and escaped.
    let said = limits::said(&format!("there is no machine `{}\u{200b}`; machines: NODE1", "y".repeat(5000)));
    assert!(said.starts_with("there is no machine `yyyy") && said.ends_with("(5001 characters)`; machines: NODE1"), "{said}");
    assert_eq!(limits::said(&said), said, "a message already said is said the same");
    // A value full of escapes, already shown, is not shortened again.
    let invisible = format!("there is no group `{}`", limits::shown(&"\u{200b}".repeat(30)));
    assert_eq!(limits::said(&invisible), invisible);
    // A backquote inside a value cannot unpair the quotes: the list after it stays whole.
    let list = (1..=20).map(|i| format!("GROUP-NUMBER-{i}")).collect::<Vec<_>>().join(", ");
    let message = format!("there is no group `{}`; groups: {list}", limits::shown("a`b"));
    assert!(limits::said(&message).ends_with("GROUP-NUMBER-20"), "{}", limits::said(&message));
    assert!(limits::check_name(limits::NameKind::Group, "a`b").unwrap_err().contains("backquote"));
    // And a message whose own backquotes do not pair is shortened nowhere, only escaped.
    let odd = format!("{name} is not readable: `x", name = "f`".repeat(50));
    assert_eq!(limits::said(&odd), odd);
}

/// Accepted or refused for something else at `limit`, refused for its length (or count) past it.
fn length_is_the_limit(what: &str, limit: usize, refusal: impl Fn(usize) -> Option<String>, says: &str) {
    if let Some(e) = refusal(limit) {
        assert!(!e.contains(says), "{what}: at {limit}: {e}");
    }
    let e = refusal(limit + 1).unwrap_or_else(|| panic!("{what}: {} accepted", limit + 1));
    assert!(e.contains(says), "{what}: past {limit}: {e}");
}

#[test]
fn every_other_limit_holds_at_and_past() {
    length_is_the_limit(
        "a short value",
        limits::VALUE_CHARS,
        |n| load(&scenario_text(|s| s.replacen("kind = \"rolling-upgrade\"", &format!("kind = \"{}\"", "k".repeat(n)), 1))).err().map(|e| e.message),
        "at most 100",
    );
    length_is_the_limit(
        "a scenario id",
        limits::ID_CHARS,
        |n| load(&scenario_text(|s| s.replacen("id = \"limits\"", &format!("id = \"{}\"", "i".repeat(n)), 1))).err().map(|e| e.message),
        "1 to 64",
    );
    // A timing range: 30 days at most (what a bare `wait` lets pass), in seconds.
    length_is_the_limit(
        "a timing range",
        limits::WAIT_SECS as usize,
        |n| load(&scenario_text(|s| format!("{s}\n[timing]\ninstall-hotfix = \"1s..{n}s\"\n"))).err().map(|e| e.message),
        "may be at most 30d",
    );
    length_is_the_limit(
        "the briefing",
        limits::BRIEFING_CHARS,
        |n| {
            let text = scenario_text(|s| {
                let (a, rest) = s.split_once("briefing = \"\"\"\n").unwrap();
                let (_, b) = rest.split_once("\"\"\"").unwrap();
                format!("{a}briefing = \"\"\"\n{}\"\"\"{b}", "b".repeat(n))
            });
            load(&text).err().map(|e| e.message)
        },
        "at most 8000",
    );
    length_is_the_limit(
        "a registry key typed in a session",
        limits::REGISTRY_KEY_CHARS,
        |n| parse_script(&format!("NODE1: add-checkpoint EVS1/sa {}\n", "K".repeat(n))).err().map(|e| e.message),
        "at most 255",
    );
    // A transcript padded with a comment to exactly its limit is read; a byte more is not.
    let s = common::scenario("e2003-sp1-active-passive");
    let text = play(&s, 1, "NODE1: logon CORP\\exadmin\n").unwrap().1.to_text();
    let padded = |n: usize| format!("# {}\n{text}", "x".repeat(n - text.len() - 3));
    length_is_the_limit("a transcript", limits::TRANSCRIPT_BYTES, |n| Transcript::parse(&padded(n)).err().map(|e| e.message), "KiB");
    // A link of the most characters read is decoded (and found damaged); one more is not read.
    let link = |n: usize| clusterdrill::sim::link::decode(&format!("{}{}", clusterdrill::sim::link::KEY, "A".repeat(n))).err();
    length_is_the_limit("a link", limits::LINK_CHARS, link, "longer than");
    // Captions: as many lines as allowed at one step, and one more.
    let reel = |n: usize| {
        let captions = "caption So it goes.\n".repeat(n);
        let r = format!("clusterdrill-reel 1\ntitle T\nshows nothing\nscenario e2003-sp1-active-passive\nscenario-version 1\nseed 1\n{captions}0:00:00 NODE1: read-log\nend 0:00:00\n");
        clusterdrill::sim::reel::Reel::parse(&r).err().map(|e| e.message)
    };
    length_is_the_limit("a caption's lines", limits::CAPTION_LINES, reel, "at most 4 lines");
}

#[test]
fn a_session_makes_groups_up_to_the_limit() {
    let mut sim = Sim::new(common::scenario("e2003-sp1-active-passive"), 1);
    sim.apply(SimTime::ZERO, &common::action("NODE1: logon CORP\\exadmin")).unwrap();
    let before = sim.world().groups.len();
    for i in before..limits::GROUPS {
        let out = sim.apply(sim.now(), &common::action(&format!("NODE1: create-group G{i} NN{i}"))).unwrap();
        assert!(!out.is_refused(), "group {}: {}", i + 1, out.message());
    }
    assert_eq!(sim.world().groups.len(), limits::GROUPS);
    let out = sim.apply(sim.now(), &common::action("NODE1: create-group ONEMORE NNX")).unwrap();
    assert!(out.is_refused() && out.message().contains("32 groups"), "{}", out.message());
}

#[test]
fn the_roster_holds_its_limit_and_no_more() {
    use clusterdrill::trainer::{Msg, Trainer};
    let s = common::scenario("e2003-sp1-active-passive");
    let text = play(&s, 1, "NODE1: logon CORP\\exadmin\n").unwrap().1.to_text();
    let mut t = Trainer::new(1, None, Vec::new(), None);
    for i in 0..limits::ROSTER {
        t.update(Msg::AddToRoster(format!("{i}.transcript"), text.clone()));
    }
    assert!(t.notice().is_none_or(|(n, _)| !n.contains("at most")), "{:?}", t.notice());
    t.update(Msg::AddToRoster("one-more.transcript".into(), text));
    assert!(t.notice().is_some_and(|(n, _)| n.contains("at most 1000 transcripts")), "{:?}", t.notice());
}
