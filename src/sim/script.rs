//! The action script: how instructors write exercises and how `clusterdrill play` reads them.
//!
//! ```text
//! # a comment
//! NODE2: logon CORP\exadmin
//! NODE2: install hotfix-831464
//! wait                 # until everything under way has finished
//! NODE2: reboot
//! wait 10m             # or a fixed time: 90s, 5m, 1h30m, 2d
//! ```
//! Each action line is `CONSOLE: verb arguments`; arguments with spaces go in double quotes.
//! [`VERBS`] is the grammar, and the README's table is checked against it.

use super::action::{Action, ResRef, SetupMode, Target, Verb};
use super::catalog::{Package, ResKind};
use super::time::{Secs, parse_duration};
use super::world::BackupKind;

/// One line of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Blank,
    Action(Action),
    /// `wait`: until nothing is under way; `wait 5m`: a fixed time.
    Wait(Option<Secs>),
}

/// The verbs, their arguments and what they do: the grammar's single source.
pub const VERBS: &[(&str, &str)] = &[
    ("logon ACCOUNT", "log on at this console (sessions end when the machine restarts)"),
    ("logoff", "log off"),
    ("install PACKAGE", "run an installer: hotfix-831464, exchange-2003-sp1, exsetdata-hotfix, exchange-2003, exchange-5.5"),
    ("reboot", "restart this machine (its groups fail over)"),
    ("shutdown", "shut this machine down"),
    ("power-on", "switch this machine on"),
    ("backup files", "file-level backup of this machine"),
    ("backup system-state", "system state backup of this machine"),
    ("backup exchange SERVER", "full backup of a server's Exchange databases (and, on 5.5, its directory)"),
    ("restore exchange SERVER start-services|no-start-services", "Windows NT Backup restore of the store and directory"),
    ("read-log", "open Event Viewer and read this machine's Application log"),
    ("install-windows COMPUTER-NAME", "clean-install Windows NT Server, Enterprise Edition"),
    ("install-mscs CLUSTER ACCOUNT", "install Microsoft Cluster Server: form the cluster, or join it"),
    ("exchange-setup install ORG SITE ACCOUNT GROUP", "Exchange 5.5 Setup on the primary node, joining ORG and SITE"),
    ("exchange-setup recover ORG SITE ACCOUNT GROUP", "Exchange 5.5 Setup /r (disaster recovery) on the primary node"),
    ("exchange-setup update-node", "Exchange 5.5 Setup on the other node: Update Node"),
    ("performance-optimizer", "run Exchange Performance Optimizer"),
    ("end-task", "Task Manager: end a Cluster Administrator that stopped responding"),
    ("bring-online GROUP|GROUP/RESOURCE", "Cluster Administrator: Bring Online"),
    ("take-offline GROUP|GROUP/RESOURCE", "Cluster Administrator: Take Offline"),
    ("move-group GROUP [NODE]", "Cluster Administrator: Move Group (to the other node by default)"),
    ("initiate-failure GROUP/RESOURCE", "Cluster Administrator: Initiate Failure"),
    ("upgrade-evs GROUP", "Cluster Administrator: right-click the System Attendant, Upgrade Exchange Virtual Server"),
    ("create-group GROUP NETWORK-NAME", "Cluster Administrator: a new group with IP Address, Network Name and Physical Disk"),
    ("remove-checkpoint GROUP/RESOURCE KEY", "resource Properties, Registry Replication: Remove"),
    ("add-checkpoint GROUP/RESOURCE KEY", "resource Properties, Registry Replication: Add"),
    ("add-local-admin ACCOUNT", "add an account to this machine's local Administrators group"),
    ("delegate-full-admin ACCOUNT ADMIN-GROUP", "delegate Exchange Full Administrator on an administrative group"),
    ("move-users FROM TO", "Exchange Administrator: Tools, Move User, every mailbox"),
    ("rehome-folders FROM TO", "Exchange Administrator: change every public folder's home server"),
    ("replicate-system-folders TO", "Exchange Administrator: replicate the system folders to a server"),
    ("remove-server SERVER", "remove a server from the site (Exchange Administrator, Server Manager)"),
];

/// An action in words, for a learner: what it does, where, and its script form.
pub fn describe(a: &Action) -> String {
    let line = a.to_string();
    let verb = line.split_whitespace().nth(1).unwrap_or("");
    let what = VERBS.iter().find(|(form, _)| form.split(' ').next() == Some(verb)).map_or("", |(_, d)| *d);
    // The installer's description lists every package: the script line names the one.
    let what = if verb == "install" { "run an installer" } else { what };
    format!("at {}'s console, {what} (as a script line: {line})", a.console)
}

/// Splits a line into tokens: whitespace-separated, double quotes group, `#` starts a comment.
fn tokens(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            break;
        } else if c == '"' {
            chars.next();
            let mut t = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => t.push(c),
                    None => return Err("a quoted argument is not closed: add the closing \"".into()),
                }
            }
            out.push(t);
        } else {
            let mut t = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '#' {
                    break;
                }
                t.push(c);
                chars.next();
            }
            out.push(t);
        }
    }
    Ok(out)
}

fn usage_of(verb: &str) -> String {
    let forms: Vec<&str> = VERBS.iter().filter(|(s, _)| s.split(' ').next() == Some(verb)).map(|(s, _)| *s).collect();
    forms.join("` or `")
}

fn res_ref(text: &str) -> Result<ResRef, String> {
    let (group, kind) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not a resource: write GROUP/RESOURCE, such as EVS1/sa"))?;
    let kind = ResKind::from_id(kind).ok_or_else(|| {
        let known: Vec<&str> = ResKind::ALL.iter().map(|k| k.id()).collect();
        format!("`{kind}` is not a resource kind; known kinds: {}", known.join(", "))
    })?;
    if group.is_empty() {
        return Err(format!("`{text}` names no group"));
    }
    Ok(ResRef { group: group.to_string(), kind })
}

fn target(text: &str) -> Result<Target, String> {
    if text.contains('/') { res_ref(text).map(Target::Resource) } else { Ok(Target::Group(text.to_string())) }
}

/// Parses one line of a script.
pub fn parse_line(line: &str) -> Result<Line, String> {
    let toks = tokens(line)?;
    let Some(first) = toks.first() else { return Ok(Line::Blank) };
    if first == "wait" {
        return match toks.len() {
            1 => Ok(Line::Wait(None)),
            2 => parse_duration(&toks[1]).map(|d| Line::Wait(Some(d))),
            _ => Err("`wait` takes at most one duration, like `wait 5m`".into()),
        };
    }
    let Some(console) = first.strip_suffix(':') else {
        return Err(format!(
            "`{first}` is not a console: an action line starts with the machine and a colon, like `NODE2: reboot`"
        ));
    };
    if console.is_empty() {
        return Err("the line starts with a colon but names no machine".into());
    }
    let Some(verb) = toks.get(1) else {
        return Err(format!("nothing to do at {console}: add a verb, like `{console}: read-log`"));
    };
    let args: Vec<&str> = toks[2..].iter().map(String::as_str).collect();
    parse_verb(verb, &args).map(|v| Line::Action(Action::new(console, v)))
}

/// Parses a verb and its arguments.
pub fn parse_verb(verb: &str, args: &[&str]) -> Result<Verb, String> {
    let want = |n: usize| -> Result<(), String> {
        if args.len() == n { Ok(()) } else { Err(format!("`{verb}` takes {n} argument(s): `{}`", usage_of(verb))) }
    };
    let s = |i: usize| args[i].to_string();
    Ok(match verb {
        "logon" => {
            want(1)?;
            Verb::Logon { account: s(0) }
        }
        "logoff" => {
            want(0)?;
            Verb::Logoff
        }
        "install" => {
            want(1)?;
            let package = Package::from_id(args[0]).ok_or_else(|| {
                let known: Vec<&str> = Package::ALL.iter().map(|p| p.id()).collect();
                format!("`{}` is not a package; known packages: {}", args[0], known.join(", "))
            })?;
            Verb::Install { package }
        }
        "reboot" => {
            want(0)?;
            Verb::Reboot
        }
        "shutdown" => {
            want(0)?;
            Verb::Shutdown
        }
        "power-on" => {
            want(0)?;
            Verb::PowerOn
        }
        "backup" => match args {
            ["files"] => Verb::Backup { kind: BackupKind::Files, server: None },
            ["system-state"] => Verb::Backup { kind: BackupKind::SystemState, server: None },
            ["exchange", server] => Verb::Backup { kind: BackupKind::Exchange, server: Some(server.to_string()) },
            _ => return Err("`backup` takes `files`, `system-state`, or `exchange SERVER`".into()),
        },
        "restore" => match args {
            ["exchange", server, mode] => {
                let start_services = match *mode {
                    "start-services" => true,
                    "no-start-services" => false,
                    other => {
                        return Err(format!(
                            "`{other}` is not a restore option: say `start-services` or `no-start-services`"
                        ));
                    }
                };
                Verb::Restore { server: server.to_string(), start_services }
            }
            _ => return Err(format!("`restore` takes `{}`", usage_of("restore"))),
        },
        "read-log" => {
            want(0)?;
            Verb::ReadLog
        }
        "install-windows" => {
            want(1)?;
            Verb::InstallWindows { computer_name: s(0) }
        }
        "install-mscs" => {
            want(2)?;
            Verb::InstallMscs { cluster: s(0), account: s(1) }
        }
        "exchange-setup" => match args {
            ["update-node"] => Verb::ExchangeSetup { mode: SetupMode::UpdateNode },
            ["install", org, site, account, group] => Verb::ExchangeSetup {
                mode: SetupMode::Install {
                    org: org.to_string(),
                    site: site.to_string(),
                    account: account.to_string(),
                    group: group.to_string(),
                },
            },
            ["recover", org, site, account, group] => Verb::ExchangeSetup {
                mode: SetupMode::Recover {
                    org: org.to_string(),
                    site: site.to_string(),
                    account: account.to_string(),
                    group: group.to_string(),
                },
            },
            _ => return Err(format!("`exchange-setup` takes `{}`", usage_of("exchange-setup"))),
        },
        "performance-optimizer" => {
            want(0)?;
            Verb::PerformanceOptimizer
        }
        "end-task" => {
            want(0)?;
            Verb::EndTask
        }
        "bring-online" => {
            want(1)?;
            Verb::BringOnline { target: target(args[0])? }
        }
        "take-offline" => {
            want(1)?;
            Verb::TakeOffline { target: target(args[0])? }
        }
        "move-group" => match args {
            [group] => Verb::MoveGroup { group: group.to_string(), to: None },
            [group, node] => Verb::MoveGroup { group: group.to_string(), to: Some(node.to_string()) },
            _ => return Err(format!("`move-group` takes `{}`", usage_of("move-group"))),
        },
        "initiate-failure" => {
            want(1)?;
            Verb::InitiateFailure { resource: res_ref(args[0])? }
        }
        "upgrade-evs" => {
            want(1)?;
            Verb::UpgradeEvs { group: s(0) }
        }
        "create-group" => {
            want(2)?;
            Verb::CreateGroup { group: s(0), network_name: s(1) }
        }
        "remove-checkpoint" => {
            want(2)?;
            Verb::RemoveCheckpoint { resource: res_ref(args[0])?, key: s(1) }
        }
        "add-checkpoint" => {
            want(2)?;
            Verb::AddCheckpoint { resource: res_ref(args[0])?, key: s(1) }
        }
        "add-local-admin" => {
            want(1)?;
            Verb::AddLocalAdmin { account: s(0) }
        }
        "delegate-full-admin" => {
            want(2)?;
            Verb::DelegateFullAdmin { account: s(0), admin_group: s(1) }
        }
        "move-users" => {
            want(2)?;
            Verb::MoveUsers { from: s(0), to: s(1) }
        }
        "rehome-folders" => {
            want(2)?;
            Verb::RehomeFolders { from: s(0), to: s(1) }
        }
        "replicate-system-folders" => {
            want(1)?;
            Verb::ReplicateSystemFolders { to: s(0) }
        }
        "remove-server" => {
            want(1)?;
            Verb::RemoveServer { server: s(0) }
        }
        other => {
            let known: Vec<&str> = VERBS.iter().map(|(s, _)| s.split(' ').next().unwrap_or(s)).collect();
            let mut known = known;
            known.dedup();
            return Err(format!("`{other}` is not a verb; verbs: {}", known.join(", ")));
        }
    })
}

/// A script parse error, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The lines of a script or transcript as an editor shows them: a leading byte-order mark
/// (Notepad writes one) is dropped, and CR LF, LF and a lone CR each end a line.
pub fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix("\r\n").or_else(|| text.strip_suffix(['\n', '\r'])).unwrap_or(text);
    text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])).filter(move |_| !text.is_empty())
}

/// Parses a whole script, stopping at the first bad line.
pub fn parse_script(text: &str) -> Result<Vec<(usize, Line)>, ScriptError> {
    let mut out = Vec::new();
    for (i, raw) in text_lines(text).enumerate() {
        match parse_line(raw) {
            Ok(Line::Blank) => {}
            Ok(line) => out.push((i + 1, line)),
            Err(message) => return Err(ScriptError { line: i + 1, message }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verb_form_parses_and_prints_back() {
        let lines = [
            "NODE2: logon CORP\\exadmin",
            "NODE2: logoff",
            "NODE2: install hotfix-831464",
            "NODE2: reboot",
            "OLDSRV: shutdown",
            "OLDSRV: power-on",
            "NODE1: backup files",
            "NODE1: backup system-state",
            "NODE1: backup exchange EVS1",
            "NODE1: restore exchange OLDSRV no-start-services",
            "NODE1: restore exchange OLDSRV start-services",
            "NODE1: read-log",
            "NODE1: install-windows NODE1",
            "NODE1: install-mscs EXCLUSTER CONTOSO\\svc-exchange",
            "NODE1: exchange-setup install Contoso HQ CONTOSO\\svc-exchange EXVS",
            "NODE1: exchange-setup recover \"Contoso Ltd\" HQ CONTOSO\\svc-exchange EXVS",
            "NODE2: exchange-setup update-node",
            "NODE1: performance-optimizer",
            "NODE1: end-task",
            "NODE1: bring-online EVS1",
            "NODE1: bring-online EVS1/sa",
            "NODE1: take-offline EVS1/sa",
            "NODE1: move-group EVS1",
            "NODE1: move-group EVS1 NODE2",
            "NODE1: initiate-failure EVS1/store",
            "NODE2: upgrade-evs EVS1",
            "NODE1: create-group EXVS OLDSRV",
            "NODE1: remove-checkpoint EXVS/store SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS",
            "NODE1: add-checkpoint EXVS/store SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS",
            "NODE1: add-local-admin CORP\\exadmin",
            "NODE1: delegate-full-admin CORP\\exadmin \"First Administrative Group\"",
            "NODE1: move-users OLDSRV EXCLUSTER",
            "NODE1: rehome-folders OLDSRV EXCLUSTER",
            "NODE1: replicate-system-folders EXCLUSTER",
            "NODE1: remove-server OLDSRV",
            "NODE1: bring-online \"Cluster Group\"",
            "NODE1: take-offline \"Cluster Group/ip\"",
        ];
        for text in lines {
            let Ok(Line::Action(action)) = parse_line(text) else { panic!("{text} did not parse") };
            assert_eq!(action.to_string(), text);
        }
        // Every verb in the grammar table is exercised above.
        for (form, _) in VERBS {
            let verb = form.split(' ').next().unwrap();
            assert!(lines.iter().any(|l| l.split(' ').nth(1) == Some(verb)), "{verb} untested");
        }
    }

    #[test]
    fn descriptions_say_where_and_what() {
        let Ok(Line::Action(a)) = parse_line("NODE2: upgrade-evs EVS1") else { panic!() };
        assert_eq!(
            describe(&a),
            "at NODE2's console, Cluster Administrator: right-click the System Attendant, Upgrade Exchange Virtual Server (as a script line: NODE2: upgrade-evs EVS1)"
        );
        let a = parse_line("NODE2: install hotfix-831464").map(|l| match l { Line::Action(a) => a, _ => unreachable!() }).unwrap();
        assert_eq!(describe(&a), "at NODE2's console, run an installer (as a script line: NODE2: install hotfix-831464)");
    }

    #[test]
    fn waits_comments_and_blanks() {
        assert_eq!(parse_line("wait"), Ok(Line::Wait(None)));
        assert_eq!(parse_line("  wait 1h30m  # long"), Ok(Line::Wait(Some(5400))));
        assert_eq!(parse_line("# only a comment"), Ok(Line::Blank));
        assert_eq!(parse_line("   "), Ok(Line::Blank));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let cases = [
            ("NODE1 reboot", "is not a console"),
            ("NODE1: frobnicate", "is not a verb"),
            ("NODE1: install sp9", "is not a package"),
            ("NODE1: reboot now", "takes 0 argument"),
            ("NODE1: bring-online EVS1/xyz", "is not a resource kind"),
            ("NODE1: logon \"CORP\\ex", "not closed"),
            ("wait forever", "is not a duration"),
            ("NODE1:", "nothing to do"),
            ("NODE1: restore exchange OLDSRV", "takes"),
            ("NODE1: restore exchange OLDSRV maybe", "restore option"),
        ];
        for (text, expected) in cases {
            let err = parse_line(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
        let err = parse_script("NODE1: reboot\n\nNODE1: dance\n").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
