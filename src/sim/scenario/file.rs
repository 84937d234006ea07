//! Reading a scenario file (TOML) into its sections, with errors that name the file, the line
//! and what is wrong; `build` checks the sections and builds the scenario.

use std::fmt;

use toml::Spanned;

use super::read::Table;
use crate::sim::limits::{self, NameKind::*, shown};

use super::Scenario;

/// What is wrong with a scenario file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for ScenarioError {}

pub(super) struct FileScenario {
    pub(super) id: Spanned<String>,
    pub(super) version: u32,
    pub(super) title: String,
    pub(super) kind: Spanned<String>,
    pub(super) difficulty: Spanned<u8>,
    pub(super) budget: Spanned<String>,
    pub(super) briefing: String,
    pub(super) sources: Vec<String>,
    pub(super) organization: FileOrg,
    pub(super) cluster: Option<FileCluster>,
    pub(super) migration: Option<FileMigration>,
    pub(super) machines: Vec<FileMachine>,
    pub(super) servers: Vec<FileServer>,
    pub(super) accounts: Vec<FileAccount>,
    pub(super) objectives: Vec<FileObjective>,
    pub(super) timing: Vec<(String, Spanned<String>)>,
}

pub(super) struct FileOrg {
    pub(super) name: String,
    pub(super) sites: Vec<String>,
    pub(super) admin_groups: Vec<String>,
}

pub(super) struct FileCluster {
    pub(super) name: String,
    /// Absent when the cluster is still to be built (migrations).
    pub(super) group_owner: Option<Spanned<String>>,
    /// The machines the cluster is (to be) built on, when it is still to be built.
    pub(super) nodes: Vec<Spanned<String>>,
}

pub(super) struct FileMigration {
    pub(super) server: Spanned<String>,
    pub(super) service_account: Spanned<String>,
    pub(super) new_name: Option<Spanned<String>>,
}

pub(super) struct FileMachine {
    pub(super) name: Spanned<String>,
    pub(super) computer_name: Option<Spanned<String>>,
    pub(super) windows: Option<Spanned<String>>,
    pub(super) service_pack: u8,
    pub(super) hotfixes: Vec<Spanned<String>>,
    pub(super) exchange: Option<Spanned<String>>,
    pub(super) cluster_account: Option<Spanned<String>>,
    pub(super) power: Spanned<String>,
    pub(super) logged_on: Option<Spanned<String>>,
}

pub(super) struct FileServer {
    pub(super) name: Spanned<String>,
    pub(super) kind: Spanned<String>,
    pub(super) host: Spanned<String>,
    pub(super) version: Spanned<String>,
    pub(super) site: Spanned<String>,
    pub(super) admin_groups: Vec<Spanned<String>>,
    pub(super) mailboxes: u32,
    pub(super) cached_mode_percent: Spanned<u8>,
    pub(super) optional_resources: Vec<Spanned<String>>,
    pub(super) owns_mta: Option<bool>,
    pub(super) first_in_site: bool,
    pub(super) public_folders: bool,
    pub(super) system_folders: bool,
    pub(super) state: Spanned<String>,
}

pub(super) struct FileAccount {
    pub(super) name: Spanned<String>,
    pub(super) domain_admin: bool,
    pub(super) full_admin: Vec<Spanned<String>>,
    pub(super) local_admin: Vec<Spanned<String>>,
}

pub(super) struct FileObjective {
    pub(super) text: String,
    pub(super) check: Spanned<String>,
}

fn read_scenario(loc: &Locator<'_>, t: &Table<'_, '_>) -> Result<FileScenario, ScenarioError> {
    t.only(
        loc,
        &[
            "id", "version", "title", "kind", "difficulty", "budget", "briefing", "sources", "organization", "cluster", "migration",
            "machine", "server", "account", "objective", "timing",
        ],
    )?;
    let organization = t.req_table(loc, "organization")?;
    organization.only(loc, &["name", "sites", "admin-groups"])?;
    let admin_groups = organization.name_list(loc, "admin-groups", Name, limits::ADMIN_GROUPS)?;
    let organization = FileOrg {
        name: organization.req_name(loc, "name", Name)?.into_inner(),
        sites: organization.req_name_list(loc, "sites", Name, limits::SITES)?.into_iter().map(Spanned::into_inner).collect(),
        admin_groups: if admin_groups.is_empty() {
            vec!["First Administrative Group".into()]
        } else {
            admin_groups.into_iter().map(Spanned::into_inner).collect()
        },
    };
    let cluster = match t.table(loc, "cluster")? {
        Some(c) => {
            c.only(loc, &["name", "group-owner", "nodes"])?;
            Some(FileCluster {
                name: c.req_name(loc, "name", NetBios)?.into_inner(),
                group_owner: c.name(loc, "group-owner", NetBios)?,
                nodes: c.name_list(loc, "nodes", NetBios, limits::MACHINES)?,
            })
        }
        None => None,
    };
    let migration = match t.table(loc, "migration")? {
        Some(m) => {
            m.only(loc, &["server", "service-account", "new-name"])?;
            Some(FileMigration {
                server: m.req_name(loc, "server", NetBios)?,
                service_account: m.req_name(loc, "service-account", Account)?,
                new_name: m.name(loc, "new-name", NetBios)?,
            })
        }
        None => None,
    };
    let mut machines = Vec::new();
    for m in t.tables(loc, "machine", limits::MACHINES)? {
        m.only(loc, &["name", "computer-name", "windows", "service-pack", "hotfixes", "exchange", "cluster-account", "power", "logged-on"])?;
        machines.push(FileMachine {
            name: m.req_name(loc, "name", NetBios)?,
            computer_name: m.name(loc, "computer-name", NetBios)?,
            windows: m.str(loc, "windows")?,
            service_pack: m.int(loc, "service-pack", 0, 9)?.map_or(0, |v| *v.get_ref() as u8),
            hotfixes: m.name_list(loc, "hotfixes", Name, 1)?,
            exchange: m.str(loc, "exchange")?,
            cluster_account: m.name(loc, "cluster-account", Account)?,
            power: m.str(loc, "power")?.unwrap_or_else(|| Spanned::new(0..0, "up".into())),
            logged_on: m.name(loc, "logged-on", Account)?,
        });
    }
    let mut servers = Vec::new();
    for v in t.tables(loc, "server", limits::SERVERS)? {
        v.only(
            loc,
            &[
                "name", "kind", "host", "version", "site", "admin-groups", "mailboxes", "cached-mode-percent", "optional-resources", "owns-mta",
                "first-in-site", "public-folders", "system-folders", "state",
            ],
        )?;
        servers.push(FileServer {
            name: v.req_name(loc, "name", NetBios)?,
            kind: v.req_str(loc, "kind")?,
            host: v.req_name(loc, "host", NetBios)?,
            version: v.req_str(loc, "version")?,
            site: v.req_name(loc, "site", Name)?,
            admin_groups: v.name_list(loc, "admin-groups", Name, limits::ADMIN_GROUPS)?,
            mailboxes: v.int(loc, "mailboxes", 0, 100_000)?.map_or(0, |m| *m.get_ref() as u32),
            cached_mode_percent: v.int(loc, "cached-mode-percent", 0, 100)?.map_or(Spanned::new(0..0, 0), |p| Spanned::new(p.span(), *p.get_ref() as u8)),
            optional_resources: v.name_list(loc, "optional-resources", Name, 4)?,
            owns_mta: v.bool(loc, "owns-mta")?,
            first_in_site: v.bool(loc, "first-in-site")?.unwrap_or(false),
            public_folders: v.bool(loc, "public-folders")?.unwrap_or(false),
            system_folders: v.bool(loc, "system-folders")?.unwrap_or(false),
            state: v.str(loc, "state")?.unwrap_or_else(|| Spanned::new(0..0, "online".into())),
        });
    }
    let mut accounts = Vec::new();
    for a in t.tables(loc, "account", limits::ACCOUNTS)? {
        a.only(loc, &["name", "domain-admin", "full-admin", "local-admin"])?;
        accounts.push(FileAccount {
            name: a.req_name(loc, "name", Account)?,
            domain_admin: a.bool(loc, "domain-admin")?.unwrap_or(false),
            full_admin: a.name_list(loc, "full-admin", Name, limits::ADMIN_GROUPS)?,
            local_admin: a.name_list(loc, "local-admin", NetBios, limits::MACHINES)?,
        });
    }
    let mut objectives = Vec::new();
    for o in t.tables(loc, "objective", limits::OBJECTIVES)? {
        o.only(loc, &["text", "check"])?;
        objectives.push(FileObjective { text: o.req_text(loc, "text", limits::TITLE_CHARS)?.into_inner(), check: o.req_str(loc, "check")? });
    }
    let timing = match t.table(loc, "timing")? {
        Some(tt) => tt.strings(loc)?,
        None => Vec::new(),
    };
    let version = t.req_int(loc, "version", 1, u64::from(u32::MAX))?;
    let difficulty = t.req_int(loc, "difficulty", 0, 255)?;
    Ok(FileScenario {
        id: t.req_str(loc, "id")?,
        version: *version.get_ref() as u32,
        title: t.req_text(loc, "title", limits::TITLE_CHARS)?.into_inner(),
        kind: t.req_str(loc, "kind")?,
        difficulty: Spanned::new(difficulty.span(), *difficulty.get_ref() as u8),
        budget: t.req_str(loc, "budget")?,
        briefing: t.req_prose(loc, "briefing", limits::BRIEFING_CHARS)?.into_inner(),
        sources: t.text_list(loc, "sources", limits::SOURCES, limits::TITLE_CHARS)?.into_iter().map(Spanned::into_inner).collect(),
        organization,
        cluster,
        migration,
        machines,
        servers,
        accounts,
        objectives,
        timing,
    })
}

/// Turns byte offsets into line and column numbers for messages.
pub(super) struct Locator<'a> {
    file: &'a str,
    text: &'a str,
}

impl Locator<'_> {
    pub(super) fn at(&self, offset: usize, message: impl Into<String>) -> ScenarioError {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        // Values quoted in the message are short (the file's limits), but may hold what a
        // reader cannot see.
        ScenarioError { file: self.file.to_string(), line, column, message: limits::said(&message.into()) }
    }

    pub(super) fn on<T>(&self, spanned: &Spanned<T>, message: impl Into<String>) -> ScenarioError {
        self.at(spanned.span().start, message)
    }
}

/// Reads and validates an instructor's scenario file (`file` is only used in messages). The
/// one rule for ids, the same in every command and in the browser: a file with a built-in
/// scenario's id must be that scenario's file, unchanged (line endings and a byte-order mark
/// aside), and then it is that scenario; any other file needs an id of its own, because a
/// transcript names its scenario by id and must never be graded against another.
pub fn parse_scenario(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let scenario = parse(file, text)?;
    if super::is_builtin(&scenario.id) {
        let same = |a: &str, b: &str| normalized(a).eq(normalized(b));
        return match super::builtin::FILES.iter().find(|(name, t)| name.trim_end_matches(".toml") == scenario.id && same(t, text)) {
            Some(_) => Ok(scenario),
            None => {
                let loc = Locator { file, text };
                let at = text.find(&format!("\"{}\"", scenario.id)).unwrap_or(0);
                Err(loc.at(
                    at,
                    format!(
                        "the id `{}` belongs to a built-in scenario, and this file is not an unchanged copy of it: give yours an id of its own",
                        scenario.id
                    ),
                ))
            }
        };
    }
    Ok(scenario)
}

/// The text's lines without a byte-order mark or carriage returns: what an unchanged copy of a
/// file keeps whatever editor or system it went through.
fn normalized(text: &str) -> impl Iterator<Item = &str> {
    crate::sim::script::text_lines(text)
}

/// A scenario shipped with the trainer (`builtin.rs`).
pub(super) fn parse_builtin(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    parse(file, text)
}

fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let loc = Locator { file, text };
    if let Some((line, message)) = limits::too_long(text, limits::SCENARIO_BYTES, "the file") {
        return Err(ScenarioError { file: file.to_string(), line, column: 1, message });
    }
    if let Some((offset, parts)) = deepest_key(text) {
        return Err(
            loc.at(offset, format!("the file nests {parts} deep here (dotted key parts, tables and arrays); at most {} levels are read", limits::KEY_PARTS))
        );
    }
    let root = toml::de::DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim();
        // The parser says "duplicate key" without the key: name it.
        let key = text.get(span.clone()).filter(|k| message.starts_with("duplicate key") && !k.is_empty() && !k.contains('\n'));
        match key {
            Some(k) => loc.at(span.start, format!("{message} `{}`", shown(k.trim()))),
            None => loc.at(span.start, message.to_string()),
        }
    })?;
    let raw = read_scenario(&loc, &Table::new(root.get_ref(), root.span(), "the scenario"))?;
    let mut scenario = super::build::build(&loc, raw)?;
    scenario.digest = digest(text);
    Ok(scenario)
}

/// The digest of a scenario file: of its lines, so that line endings and a byte-order mark
/// (which an editor or a mail system may change) do not change it.
fn digest(text: &str) -> u64 {
    let lines: Vec<&str> = normalized(text).collect();
    crate::sim::fingerprint::stable_hash(&lines)
}

/// Where the file first nests deeper than `limits::KEY_PARTS`: a key of more dotted parts, or
/// more arrays and tables open at once. The TOML parser stops at deep nesting without saying
/// where; this scan (strings skipped, multi-line ones too) finds the line for the message.
fn deepest_key(text: &str) -> Option<(usize, usize)> {
    let mut multi: Option<&[u8]> = None;
    let mut open: Vec<u8> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let b = line.as_bytes();
        let (mut i, mut quote, mut in_key, mut dots) = (0, None, open.is_empty(), 0usize);
        // A table header, `[a.b]` or `[[a.b]]`: its key runs to the closing bracket.
        let header = open.is_empty() && line.trim_start().starts_with('[');
        let mut deepest = 0usize;
        while i < b.len() {
            let rest = &b[i..];
            if let Some(delim) = multi {
                if rest.starts_with(delim) {
                    multi = None;
                    i += 3;
                } else {
                    i += if b[i] == b'\\' && delim == b"\"\"\"" { 2 } else { 1 };
                }
                continue;
            }
            if let Some(q) = quote {
                if b[i] == b'\\' && q == b'"' {
                    i += 1;
                } else if b[i] == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
                multi = Some(&rest[..3]);
                i += 3;
                continue;
            }
            match b[i] {
                b'"' | b'\'' => quote = Some(b[i]),
                b'#' => break,
                b'=' => in_key = false,
                b'.' if in_key => {
                    dots += 1;
                    deepest = deepest.max(dots + 1);
                }
                b'[' | b'{' => {
                    open.push(b[i]);
                    in_key = b[i] == b'{' || header;
                    dots = 0;
                }
                b']' | b'}' => {
                    open.pop();
                }
                b',' if open.last() == Some(&b'{') => {
                    in_key = true;
                    dots = 0;
                }
                _ => {}
            }
            deepest = deepest.max(open.len());
            i += 1;
        }
        if deepest > limits::KEY_PARTS {
            return Some((offset + line.len() - line.trim_start().len(), deepest));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalog::{ExBuild, ResKind};
    use crate::sim::world::ResState;

    const MINIMAL: &str = r#"
id = "tiny"
version = 1
title = "Tiny"
kind = "rolling-upgrade"
difficulty = 1
budget = "30m"
briefing = "Upgrade it."

[organization]
name = "Contoso"
sites = ["HQ"]

[cluster]
name = "EXCLUS"
group-owner = "NODE1"

[[machine]]
name = "NODE1"
windows = "2003"
exchange = "2003"
cluster-account = "CORP\\svc"

[[machine]]
name = "NODE2"
windows = "2003"
exchange = "2003"
cluster-account = "CORP\\svc"

[[server]]
name = "EVS1"
kind = "evs"
host = "NODE1"
version = "2003"
site = "HQ"
mailboxes = 100

[[account]]
name = "CORP\\svc"

[[objective]]
text = "EVS1 at SP1"
check = "evs-at 2003-sp1"
"#;

    #[test]
    fn a_minimal_scenario_builds_a_cluster() {
        let s = parse_scenario("tiny.toml", MINIMAL).unwrap();
        assert_eq!(s.initial.groups.len(), 2);
        let evs = &s.initial.groups[1];
        assert_eq!(evs.name, "EVS1");
        assert!(evs.resources.iter().all(|r| r.state == ResState::Online));
        // Exchange 2003: SMTP depends on the SA.
        let smtp = evs.find(ResKind::Smtp).unwrap();
        let sa = evs.find(ResKind::SystemAttendant).unwrap();
        assert_eq!(evs.resources[smtp].deps, 1 << sa);
        assert_eq!(s.target(), Some(ExBuild::Ex2003Sp1));
    }

    fn error_for(edit: impl Fn(&str) -> String) -> ScenarioError {
        parse_scenario("bad.toml", &edit(MINIMAL)).unwrap_err()
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let e = error_for(|s| s.replace("host = \"NODE1\"", "host = \"NODE9\""));
        assert_eq!(e.file, "bad.toml");
        assert_eq!(MINIMAL.lines().nth(e.line - 1).map(str::trim), Some("host = \"NODE1\""));
        assert!(e.message.contains("no machine named `NODE9`"), "{e}");

        let e = error_for(|s| s.replace("budget = \"30m\"", "budget = \"half an hour\""));
        assert!(e.message.contains("not a duration"), "{e}");
        assert_eq!(e.line, 7);

        let e = error_for(|s| s.replace("difficulty = 1", "difficulty = 1\ncolour = \"red\""));
        assert!(e.message.contains("colour"), "{e}");
        assert_eq!(e.line, 7);

        let e = error_for(|s| s.replace("check = \"evs-at 2003-sp1\"", "check = \"evs-at 2003-sp9\""));
        assert!(e.message.contains("not an Exchange build"), "{e}");

        let e = error_for(|s| s.replace("check = \"evs-at 2003-sp1\"", "check = \"evs-at\""));
        assert!(e.message.contains("written `evs-at BUILD`"), "{e}");
        let e = error_for(|s| s.replace("check = \"evs-at 2003-sp1\"", "check = \"mailboxes-on NOSUCH\""));
        assert!(e.message.contains("names no Exchange server"), "{e}");
        assert_eq!(MINIMAL.lines().nth(e.line - 1).map(str::trim), Some("check = \"evs-at 2003-sp1\""));
        let e = error_for(|s| s.replace("id = \"tiny\"", "id = \"e2003-sp1-active-passive\""));
        assert!(e.message.contains("belongs to a built-in scenario"), "{e}");

        let e = error_for(|s| s.replace("id = \"tiny\"", "id = \"tiny\"\nid = \"again\""));
        assert!(e.line == 3, "{e}");
        assert!(e.message.contains("`id`"), "{e}");
        let e = error_for(|s| s.replace("sites = [\"HQ\"]", "sites = []"));
        assert!(e.message.contains("`sites` in [organization] needs at least one"), "{e}");
        assert_eq!(MINIMAL.lines().nth(e.line - 1).map(str::trim), Some("sites = [\"HQ\"]"));

        let e = error_for(|s| s.replace("[[objective]]\ntext = \"EVS1 at SP1\"\ncheck = \"evs-at 2003-sp1\"\n", ""));
        assert!(e.message.contains("objective"), "{e}");

        let e = error_for(|s| format!("{s}\n[timing]\nis-recovery = \"25m..8m\"\n"));
        assert!(e.message.contains("not a range"), "{e}");
        let e = error_for(|s| s.replace("check = \"evs-at 2003-sp1\"", "check = \"evs-at 2003\""));
        assert!(e.message.contains("already met when the session starts"), "{e}");
        assert_eq!(MINIMAL.lines().nth(e.line - 1).map(str::trim), Some("check = \"evs-at 2003-sp1\""));
        let e = error_for(|s| s.replace("check = \"evs-at 2003-sp1\"", "check = \"front-ends-at 2003-sp1\""));
        assert!(e.message.contains("has none"), "{e}");
        let servers: String = (1..=16).map(|i| format!("[[server]]\nname = \"S{i}\"\nkind = \"standalone\"\nhost = \"NODE1\"\nversion = \"2003\"\nsite = \"HQ\"\n\n")).collect();
        let e = error_for(|s| format!("{s}\n{servers}"));
        assert!(e.message.contains("at most 16 [[server]]"), "{e}");
        // Names: a quote would break the action scripts; lists name each thing once; an EVS
        // is a Network Name, which may not be a computer's; computer names are unique.
        let e = error_for(|s| s.replace("name = \"CORP\\\\svc\"", "name = \"CORP\\\\o\\\"neil\""));
        assert!(e.message.contains("double quote"), "{e}");
        let e = error_for(|s| s.replace("sites = [\"HQ\"]", "sites = [\"HQ\", \"hq\"]"));
        assert!(e.message.contains("listed twice"), "{e}");
        // A title is one line; the briefing is prose, with line breaks.
        let e = error_for(|s| s.replace("title = \"Tiny\"", "title = \"Tiny\\nand more\""));
        assert!(e.message.contains("control characters"), "{e}");
        assert!(parse_scenario("ok.toml", &MINIMAL.replace("briefing = \"Upgrade it.\"", "briefing = \"Upgrade it.\\n\\nTonight.\"")).is_ok());
        let e = error_for(|s| s.replace("name = \"Contoso\"", "name = \"  \""));
        assert!(e.message.contains("is empty"), "{e}");
        let e = error_for(|s| s.replace("name = \"EVS1\"", "name = \"NODE2\""));
        assert!(e.message.contains("duplicate on the network"), "{e}");
        let e = error_for(|s| s.replacen("name = \"NODE2\"", "name = \"NODE2\"\ncomputer-name = \"NODE1\"", 1));
        assert!(e.message.contains("already NODE1's"), "{e}");
        let e = error_for(|s| format!("{s}\n[migration]\nserver = \"EVS1\"\nservice-account = \"CORP\\\\svc\"\n"));
        assert!(e.message.contains("no [migration]"), "{e}");
        let e = error_for(|s| format!("{s}\n[timing]\nreboot = \"1m..40d\"\n"));
        assert!(e.message.contains("at most 30d"), "{e}");
        let e = error_for(|s| format!("{s}\n[timing]\nresource-online = \"1m..4m\"\n"));
        assert!(e.message.contains("at most 180s") && e.message.contains("timeout"), "{e}");
        let e = error_for(|s| format!("{s}\n[timing]\ncoffee-break = \"5m\"\n"));
        assert!(e.message.contains("not a timing key"), "{e}");

        let e = error_for(|s| s.replace("[[machine]]\nname = \"NODE2\"", "[[machine]]\nname = \"NODE1\""));
        assert!(e.message.contains("defined twice"), "{e}");

        let e = error_for(|s| s.replace("exchange = \"2003\"\ncluster-account = \"CORP\\\\svc\"\n\n[[machine]]\nname = \"NODE2\"", "exchange = \"2000-sp3\"\ncluster-account = \"CORP\\\\svc\"\n\n[[machine]]\nname = \"NODE2\""));
        assert!(e.message.contains("cannot run this EVS"), "{e}");
    }

    #[test]
    fn not_toml_at_all_is_reported_with_a_position() {
        let e = parse_scenario("x.toml", "id = \"a\"\nthis is not toml\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
