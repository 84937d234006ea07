//! Reading a scenario file (TOML) and checking it, with errors that name the file, the line and
//! what is wrong.

use std::fmt;

use toml::Spanned;

use super::read::Table;

use super::{Check, Kind, Migration, Objective, Scenario};
use crate::sim::catalog::{ExBuild, Generation, ResKind, Windows};
use crate::sim::chance::Span;
use crate::sim::rules::{self, Timed};
use crate::sim::time::{SimTime, parse_duration};
use crate::sim::world::*;

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

struct FileScenario {
    id: Spanned<String>,
    version: u32,
    title: String,
    kind: Spanned<String>,
    difficulty: Spanned<u8>,
    budget: Spanned<String>,
    briefing: String,
    sources: Vec<String>,
    organization: FileOrg,
    cluster: Option<FileCluster>,
    migration: Option<FileMigration>,
    machines: Vec<FileMachine>,
    servers: Vec<FileServer>,
    accounts: Vec<FileAccount>,
    objectives: Vec<FileObjective>,
    timing: Vec<(String, Spanned<String>)>,
}

struct FileOrg {
    name: String,
    sites: Vec<String>,
    admin_groups: Vec<String>,
}

struct FileCluster {
    name: String,
    /// Absent when the cluster is still to be built (migrations).
    group_owner: Option<Spanned<String>>,
    /// The machines the cluster is (to be) built on, when it is still to be built.
    nodes: Vec<Spanned<String>>,
}

struct FileMigration {
    server: Spanned<String>,
    service_account: Spanned<String>,
    new_name: Option<Spanned<String>>,
}

struct FileMachine {
    name: Spanned<String>,
    computer_name: Option<Spanned<String>>,
    windows: Option<Spanned<String>>,
    service_pack: u8,
    hotfixes: Vec<Spanned<String>>,
    exchange: Option<Spanned<String>>,
    cluster_account: Option<Spanned<String>>,
    power: Spanned<String>,
    logged_on: Option<Spanned<String>>,
}

struct FileServer {
    name: Spanned<String>,
    kind: Spanned<String>,
    host: Spanned<String>,
    version: Spanned<String>,
    site: Spanned<String>,
    admin_groups: Vec<Spanned<String>>,
    mailboxes: u32,
    cached_mode_percent: Spanned<u8>,
    optional_resources: Vec<Spanned<String>>,
    owns_mta: Option<bool>,
    first_in_site: bool,
    public_folders: bool,
    system_folders: bool,
    state: Spanned<String>,
}

struct FileAccount {
    name: Spanned<String>,
    domain_admin: bool,
    full_admin: Vec<Spanned<String>>,
    local_admin: Vec<Spanned<String>>,
}

struct FileObjective {
    text: String,
    check: Spanned<String>,
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
    let admin_groups = organization.name_list(loc, "admin-groups")?;
    let organization = FileOrg {
        name: organization.req_name(loc, "name")?.into_inner(),
        sites: organization.req_name_list(loc, "sites")?.into_iter().map(Spanned::into_inner).collect(),
        admin_groups: if admin_groups.is_empty() {
            vec!["First Administrative Group".into()]
        } else {
            admin_groups.into_iter().map(Spanned::into_inner).collect()
        },
    };
    let cluster = match t.table(loc, "cluster")? {
        Some(c) => {
            c.only(loc, &["name", "group-owner", "nodes"])?;
            Some(FileCluster { name: c.req_name(loc, "name")?.into_inner(), group_owner: c.name(loc, "group-owner")?, nodes: c.name_list(loc, "nodes")? })
        }
        None => None,
    };
    let migration = match t.table(loc, "migration")? {
        Some(m) => {
            m.only(loc, &["server", "service-account", "new-name"])?;
            Some(FileMigration { server: m.req_name(loc, "server")?, service_account: m.req_name(loc, "service-account")?, new_name: m.name(loc, "new-name")? })
        }
        None => None,
    };
    let mut machines = Vec::new();
    for m in t.tables(loc, "machine")? {
        m.only(loc, &["name", "computer-name", "windows", "service-pack", "hotfixes", "exchange", "cluster-account", "power", "logged-on"])?;
        machines.push(FileMachine {
            name: m.req_str(loc, "name")?,
            computer_name: m.name(loc, "computer-name")?,
            windows: m.str(loc, "windows")?,
            service_pack: m.int(loc, "service-pack", 0, 9)?.map_or(0, |v| *v.get_ref() as u8),
            hotfixes: m.name_list(loc, "hotfixes")?,
            exchange: m.str(loc, "exchange")?,
            cluster_account: m.name(loc, "cluster-account")?,
            power: m.str(loc, "power")?.unwrap_or_else(|| Spanned::new(0..0, "up".into())),
            logged_on: m.name(loc, "logged-on")?,
        });
    }
    let mut servers = Vec::new();
    for v in t.tables(loc, "server")? {
        v.only(
            loc,
            &[
                "name", "kind", "host", "version", "site", "admin-groups", "mailboxes", "cached-mode-percent", "optional-resources", "owns-mta",
                "first-in-site", "public-folders", "system-folders", "state",
            ],
        )?;
        servers.push(FileServer {
            name: v.req_str(loc, "name")?,
            kind: v.req_str(loc, "kind")?,
            host: v.req_str(loc, "host")?,
            version: v.req_str(loc, "version")?,
            site: v.req_name(loc, "site")?,
            admin_groups: v.name_list(loc, "admin-groups")?,
            mailboxes: v.int(loc, "mailboxes", 0, 100_000)?.map_or(0, |m| *m.get_ref() as u32),
            cached_mode_percent: v.int(loc, "cached-mode-percent", 0, 100)?.map_or(Spanned::new(0..0, 0), |p| Spanned::new(p.span(), *p.get_ref() as u8)),
            optional_resources: v.name_list(loc, "optional-resources")?,
            owns_mta: v.bool(loc, "owns-mta")?,
            first_in_site: v.bool(loc, "first-in-site")?.unwrap_or(false),
            public_folders: v.bool(loc, "public-folders")?.unwrap_or(false),
            system_folders: v.bool(loc, "system-folders")?.unwrap_or(false),
            state: v.str(loc, "state")?.unwrap_or_else(|| Spanned::new(0..0, "online".into())),
        });
    }
    let mut accounts = Vec::new();
    for a in t.tables(loc, "account")? {
        a.only(loc, &["name", "domain-admin", "full-admin", "local-admin"])?;
        accounts.push(FileAccount {
            name: a.req_name(loc, "name")?,
            domain_admin: a.bool(loc, "domain-admin")?.unwrap_or(false),
            full_admin: a.name_list(loc, "full-admin")?,
            local_admin: a.name_list(loc, "local-admin")?,
        });
    }
    let mut objectives = Vec::new();
    for o in t.tables(loc, "objective")? {
        o.only(loc, &["text", "check"])?;
        objectives.push(FileObjective { text: o.req_str(loc, "text")?.into_inner(), check: o.req_str(loc, "check")? });
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
        title: t.req_str(loc, "title")?.into_inner(),
        kind: t.req_str(loc, "kind")?,
        difficulty: Spanned::new(difficulty.span(), *difficulty.get_ref() as u8),
        budget: t.req_str(loc, "budget")?,
        briefing: t.req_str(loc, "briefing")?.into_inner(),
        sources: t.str_list(loc, "sources")?.into_iter().map(Spanned::into_inner).collect(),
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
        ScenarioError { file: self.file.to_string(), line, column, message: message.into() }
    }

    pub(super) fn on<T>(&self, spanned: &Spanned<T>, message: impl Into<String>) -> ScenarioError {
        self.at(spanned.span().start, message)
    }
}

fn one_of<T: Copy>(value: &str, all: &[T], id: impl Fn(T) -> &'static str, what: &str) -> Result<T, String> {
    all.iter().copied().find(|v| id(*v) == value).ok_or_else(|| {
        let known: Vec<&str> = all.iter().map(|v| id(*v)).collect();
        format!("`{value}` is not {what}; use one of: {}", known.join(", "))
    })
}

/// Reads and validates a scenario. `file` is only used in messages.
/// An instructor's scenario file. Its id may not be a built-in scenario's: a transcript names
/// its scenario by id, and must never be graded against another scenario than the one played.
pub fn parse_scenario(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    parse(file, text, false)
}

/// A scenario shipped with the trainer (`builtin.rs`).
pub(super) fn parse_builtin(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    parse(file, text, true)
}

fn parse(file: &str, text: &str, builtin: bool) -> Result<Scenario, ScenarioError> {
    let loc = Locator { file, text };
    let root = toml::de::DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim();
        // The parser says "duplicate key" without the key: name it.
        let key = text.get(span.clone()).filter(|k| message.starts_with("duplicate key") && !k.is_empty() && !k.contains('\n'));
        match key {
            Some(k) => loc.at(span.start, format!("{message} `{}`", k.trim())),
            None => loc.at(span.start, message.to_string()),
        }
    })?;
    let raw = read_scenario(&loc, &Table::new(root.get_ref(), root.span(), "the scenario"))?;
    if !builtin && super::is_builtin(raw.id.get_ref()) {
        return Err(loc.on(&raw.id, format!("the id `{}` belongs to a built-in scenario: give yours an id of its own", raw.id.get_ref())));
    }
    build(&loc, raw)
}

fn build(loc: &Locator<'_>, raw: FileScenario) -> Result<Scenario, ScenarioError> {
    let id = raw.id.get_ref();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(loc.on(&raw.id, format!("scenario id `{id}` must be lower-case letters, digits and dashes")));
    }
    let kind = match raw.kind.get_ref().as_str() {
        "rolling-upgrade" => Kind::RollingUpgrade,
        "migration" => Kind::Migration,
        other => return Err(loc.on(&raw.kind, format!("kind `{other}` is unknown; use `rolling-upgrade` or `migration`"))),
    };
    if !(1..=5).contains(raw.difficulty.get_ref()) {
        return Err(loc.on(&raw.difficulty, "difficulty runs from 1 (gentle) to 5 (hard)"));
    }
    let budget = parse_duration(raw.budget.get_ref()).map_err(|e| loc.on(&raw.budget, e))?;
    if raw.briefing.trim().is_empty() {
        return Err(loc.on(&raw.id, "the briefing is empty: tell the learner what they face"));
    }

    // Organization.
    let org = Org {
        name: raw.organization.name.clone(),
        sites: raw.organization.sites.clone(),
        admin_groups: raw.organization.admin_groups.clone(),
        folders_home: None,
        system_folder_replicas: 0,
        folders_lost: false,
        folders_copying_from: None,
    };
    if org.admin_groups.is_empty() || org.admin_groups.len() > 8 {
        return Err(loc.on(&raw.id, "[organization] needs between one and eight admin-groups"));
    }
    let admin_group_bit = |s: &Spanned<String>| -> Result<u8, ScenarioError> {
        org.admin_groups
            .iter()
            .position(|g| g == s.get_ref())
            .map(|i| 1u8 << i)
            .ok_or_else(|| loc.on(s, format!("`{}` is not one of the organization's admin-groups: {}", s.get_ref(), org.admin_groups.join(", "))))
    };

    // Accounts first: machines refer to them.
    let mut accounts: Vec<Account> = Vec::new();
    for a in &raw.accounts {
        if accounts.iter().any(|b| b.name.eq_ignore_ascii_case(a.name.get_ref())) {
            return Err(loc.on(&a.name, format!("account `{}` is defined twice", a.name.get_ref())));
        }
        let mut full_admin = 0;
        for g in &a.full_admin {
            full_admin |= admin_group_bit(g)?;
        }
        accounts.push(Account { name: a.name.get_ref().clone(), domain_admin: a.domain_admin, full_admin, local_admin: 0 });
    }
    let account_id = |s: &Spanned<String>| -> Result<AccountId, ScenarioError> {
        accounts
            .iter()
            .position(|a| a.name.eq_ignore_ascii_case(s.get_ref()))
            .map(|i| AccountId(i as u8))
            .ok_or_else(|| loc.on(s, format!("no account named `{}` (define it in an [[account]] table)", s.get_ref())))
    };

    // Machines.
    if raw.machines.is_empty() || raw.machines.len() > 8 {
        return Err(loc.on(&raw.id, "a scenario needs between one and eight [[machine]] tables"));
    }
    let mut machines: Vec<Machine> = Vec::new();
    for m in &raw.machines {
        let slot = m.name.get_ref();
        check_name(loc, &m.name, "machine", machines.iter().map(|x| x.slot.as_str()))?;
        let windows = match &m.windows {
            Some(w) => Some(one_of(w.get_ref(), &Windows::ALL, Windows::id, "a Windows version").map_err(|e| loc.on(w, e))?),
            None => None,
        };
        let exchange = match &m.exchange {
            Some(x) => Some(one_of(x.get_ref(), &ExBuild::ALL, ExBuild::id, "an Exchange build").map_err(|e| loc.on(x, e))?),
            None => None,
        };
        if exchange.is_some() && windows.is_none() {
            return Err(loc.on(&m.name, format!("machine `{slot}` has Exchange but no Windows")));
        }
        let mut hotfix_831464 = false;
        for h in &m.hotfixes {
            match h.get_ref().as_str() {
                "831464" => hotfix_831464 = true,
                other => return Err(loc.on(h, format!("hotfix `{other}` is unknown; the simulator knows 831464"))),
            }
        }
        if hotfix_831464 && windows != Some(Windows::W2003) {
            return Err(loc.on(&m.name, "hotfix 831464 is for Windows Server 2003"));
        }
        let power = match m.power.get_ref().as_str() {
            "up" => Power::Up,
            "off" => Power::Off,
            other => return Err(loc.on(&m.power, format!("power `{other}` is unknown; use `up` or `off`"))),
        };
        if power == Power::Up && windows.is_none() {
            return Err(loc.on(&m.name, format!("machine `{slot}` has no Windows, so it must be `power = \"off\"`")));
        }
        let cluster_account = match &m.cluster_account {
            Some(a) => Some(account_id(a)?),
            None => None,
        };
        if cluster_account.is_some() && !matches!(windows, Some(Windows::Nt4Enterprise | Windows::W2000 | Windows::W2003)) {
            return Err(loc.on(&m.name, format!("`{slot}` is a cluster node, so it needs an Enterprise or Advanced Windows")));
        }
        let logged_on = match &m.logged_on {
            Some(a) => Some(account_id(a)?),
            None => None,
        };
        let computer_name = match &m.computer_name {
            Some(c) => {
                // The name on the network: a NetBIOS name, and no two machines share one.
                if c.get_ref().len() > 15 || !c.get_ref().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    return Err(loc.on(c, format!("computer name `{}` must be 1 to 15 letters, digits and dashes", c.get_ref())));
                }
                c.get_ref().clone()
            }
            None => slot.clone(),
        };
        if let Some(other) = machines.iter().find(|x| x.computer_name.eq_ignore_ascii_case(&computer_name)) {
            let at = m.computer_name.as_ref().unwrap_or(&m.name);
            return Err(loc.on(at, format!("computer name `{computer_name}` is already {}'s", other.slot)));
        }
        machines.push(Machine {
            slot: slot.clone(),
            computer_name,
            power,
            windows,
            service_pack: m.service_pack,
            hotfix_831464,
            reboot_pending: false,
            exchange,
            exchange_stopped: false,
            cluster_account,
            cluster_service: cluster_account.is_some() && power == Power::Up,
            logged_on: if power == Power::Up { logged_on } else { None },
            installer: None,
            cluadmin_hung: false,
            log_read_at: None,
            performance_optimized: false,
            recovered_here: false,
        });
    }
    let machine_id = |s: &Spanned<String>| -> Result<MachineId, ScenarioError> {
        machines
            .iter()
            .position(|m| m.slot.eq_ignore_ascii_case(s.get_ref()))
            .map(|i| MachineId(i as u8))
            .ok_or_else(|| loc.on(s, format!("no machine named `{}`", s.get_ref())))
    };
    for (a, fa) in accounts.iter_mut().zip(&raw.accounts) {
        for m in &fa.local_admin {
            a.local_admin |= 1 << machine_id(m)?.0;
        }
    }
    let nodes: Vec<MachineId> =
        (0..machines.len() as u8).map(MachineId).filter(|m| machines[m.ix()].cluster_account.is_some()).collect();
    if nodes.len() > 2 {
        return Err(loc.on(&raw.machines[0].name, "the simulator models two-node clusters: at most two machines may have a cluster-account"));
    }

    // The cluster and its Cluster Group.
    let mut groups: Vec<Group> = Vec::new();
    let cluster_name = match (&raw.cluster, nodes.is_empty()) {
        (Some(c), false) => {
            let Some(owner_name) = &c.group_owner else {
                return Err(loc.on(&raw.id, "[cluster] needs group-owner: the node that owns the Cluster Group"));
            };
            let owner = machine_id(owner_name)?;
            if !nodes.contains(&owner) {
                return Err(loc.on(owner_name, format!("`{}` is not a cluster node", owner_name.get_ref())));
            }
            groups.push(cluster_group(&c.name, owner, machines[owner.ix()].windows, machines[owner.ix()].is_up()));
            Some(c.name.clone())
        }
        (None, false) => return Err(loc.on(&raw.id, "machines have a cluster-account but there is no [cluster] table")),
        (Some(c), true) => {
            if let Some(owner) = &c.group_owner {
                return Err(loc.on(owner, "no machine has a cluster-account yet, so nothing can own the Cluster Group"));
            }
            if c.nodes.len() != 2 {
                return Err(loc.on(&raw.id, "a cluster still to be built needs `nodes`: the two machines it will run on"));
            }
            // The name the cluster will get when it is formed.
            Some(c.name.clone())
        }
        (None, true) => None,
    };

    // Exchange servers, and the groups of the clustered ones.
    let mut servers: Vec<Server> = Vec::new();
    let mut folders_home = None;
    let mut system_folder_replicas = 0u32;
    let mut mta_taken = false;
    if let Some(extra) = raw.servers.get(MAX_SERVERS) {
        return Err(loc.on(&extra.name, format!("a scenario may have at most {MAX_SERVERS} [[server]] tables")));
    }
    for s in &raw.servers {
        let name = s.name.get_ref();
        check_name(loc, &s.name, "server", servers.iter().map(|x| x.name.as_str()))?;
        let id = ServerId(servers.len() as u8);
        let version = one_of(s.version.get_ref(), &ExBuild::ALL, ExBuild::id, "an Exchange build").map_err(|e| loc.on(&s.version, e))?;
        let site = org
            .sites
            .iter()
            .position(|x| x == s.site.get_ref())
            .ok_or_else(|| loc.on(&s.site, format!("`{}` is not one of the organization's sites: {}", s.site.get_ref(), org.sites.join(", "))))?
            as u8;
        let mut admin_groups = 0u8;
        for g in &s.admin_groups {
            admin_groups |= admin_group_bit(g)?;
        }
        if admin_groups == 0 {
            admin_groups = 1;
        }
        if *s.cached_mode_percent.get_ref() > 100 {
            return Err(loc.on(&s.cached_mode_percent, "cached-mode-percent is a percentage, 0 to 100"));
        }
        let mut optional = Vec::new();
        for r in &s.optional_resources {
            let k = ResKind::from_id(r.get_ref())
                .filter(|k| matches!(k, ResKind::Imap4 | ResKind::Pop3 | ResKind::EventService | ResKind::InternetMail))
                .ok_or_else(|| loc.on(r, format!("`{}` is not an optional resource; use imap4, pop3, events or ims", r.get_ref())))?;
            optional.push(k);
        }
        let online = match s.state.get_ref().as_str() {
            "online" => true,
            "offline" => false,
            other => return Err(loc.on(&s.state, format!("state `{other}` is unknown; use `online` or `offline`"))),
        };
        let host_machine = machine_id(&s.host)?;
        let machine = &machines[host_machine.ix()];
        match s.kind.get_ref().as_str() {
            "evs" => {
                if machine.cluster_account.is_none() {
                    return Err(loc.on(&s.host, format!("an EVS's host must be a cluster node; `{}` is not", s.host.get_ref())));
                }
                // An EVS's name is its Network Name: on the network it would clash with a computer's.
                if let Some(m) = machines.iter().find(|m| m.computer_name.eq_ignore_ascii_case(name)) {
                    return Err(loc.on(&s.name, format!("EVS `{name}` has the computer name of machine {}: its Network Name would be a duplicate on the network", m.slot)));
                }
                if online {
                    if let Err(why) = rules::can_host(machine.exchange, version) {
                        let why = match why {
                            rules::HostRefusal::NodeOlder => "its Exchange is older than the EVS",
                            rules::HostRefusal::NeedsEvsUpgrade => "the EVS would need Upgrade Exchange Virtual Server first",
                            rules::HostRefusal::NotInstalled => "it has no Exchange",
                        };
                        return Err(loc.on(&s.version, format!("`{}` cannot run this EVS online: {why}", machine.slot)));
                    }
                    if !machine.is_up() {
                        return Err(loc.on(&s.host, "an online EVS needs its owner up"));
                    }
                }
                let owns_mta = s.owns_mta.unwrap_or(!mta_taken);
                mta_taken |= owns_mta;
                let g = GroupId(groups.len() as u8);
                groups.push(evs_group(name, host_machine, version.generation(), owns_mta, &optional, id, online));
                servers.push(new_server(name, site, false, Host::Group(g), version, admin_groups, s, optional, owns_mta));
            }
            kind @ ("standalone" | "front-end") => {
                if machine.exchange != Some(version) {
                    let runs = machine.exchange.map_or("no Exchange", ExBuild::id);
                    return Err(loc.on(&s.version, format!("`{}` runs {runs}, not {}", machine.slot, version.id())));
                }
                let fe = kind == "front-end";
                servers.push(new_server(name, site, fe, Host::Machine(host_machine), version, admin_groups, s, optional, false));
            }
            other => return Err(loc.on(&s.kind, format!("server kind `{other}` is unknown; use evs, standalone or front-end"))),
        }
        if s.public_folders {
            if folders_home.is_some() {
                return Err(loc.on(&s.name, "only one server can be the public folders' home"));
            }
            folders_home = Some(id);
        }
        if s.system_folders {
            system_folder_replicas |= 1 << id.0;
        }
    }
    let org = Org { folders_home, system_folder_replicas, ..org };

    let mut planned_nodes: Vec<String> = nodes.iter().map(|n| machines[n.ix()].slot.clone()).collect();
    if let Some(c) = &raw.cluster {
        for n in &c.nodes {
            let id = machine_id(n)?;
            let slot = machines[id.ix()].slot.clone();
            if !planned_nodes.contains(&slot) {
                planned_nodes.push(slot);
            }
        }
    }
    let migration = match &raw.migration {
        Some(m) => {
            if kind == Kind::RollingUpgrade {
                return Err(loc.on(&raw.kind, "a rolling upgrade has no [migration] table: use kind = \"migration\""));
            }
            if !servers.iter().any(|s| s.name.eq_ignore_ascii_case(m.server.get_ref()) && matches!(s.host, Host::Machine(_))) {
                return Err(loc.on(&m.server, format!("no standalone server named `{}`", m.server.get_ref())));
            }
            if !accounts.iter().any(|a| a.name.eq_ignore_ascii_case(m.service_account.get_ref())) {
                return Err(loc.on(&m.service_account, format!("no account named `{}`", m.service_account.get_ref())));
            }
            if let Some(n) = &m.new_name {
                let taken = servers.iter().any(|s| s.name.eq_ignore_ascii_case(n.get_ref())) || machines.iter().any(|x| x.computer_name.eq_ignore_ascii_case(n.get_ref()));
                if taken {
                    return Err(loc.on(n, format!("`{}` is already the name of a server or computer here: the clustered server needs a new one", n.get_ref())));
                }
            }
            Some(Migration {
                server: m.server.get_ref().clone(),
                service_account: m.service_account.get_ref().clone(),
                new_name: m.new_name.as_ref().map(|n| n.get_ref().clone()),
            })
        }
        None => None,
    };
    if kind == Kind::Migration && migration.is_none() {
        return Err(loc.on(&raw.kind, "a migration needs a [migration] table naming the server that moves"));
    }

    let mut objectives = Vec::new();
    for o in &raw.objectives {
        let check = Check::parse(o.check.get_ref()).map_err(|e| loc.on(&o.check, e))?;
        // A server the scenario has, or the one a migration's Setup creates.
        if let Some(name) = check.server() {
            let known = servers.iter().any(|s| s.name == name) || migration.as_ref().and_then(|m| m.new_name.as_deref()) == Some(name);
            if !known {
                return Err(loc.on(&o.check, format!("`{}` names no Exchange server of this scenario", o.check.get_ref())));
            }
        }
        // A check over no servers at all would be met by doing nothing.
        let none_of = match check {
            Check::EvsAt(_) if kind == Kind::RollingUpgrade && !servers.iter().any(|s| matches!(s.host, Host::Group(_))) => Some("Exchange virtual server"),
            Check::FrontEndsAt(_) if !servers.iter().any(|s| s.front_end) => Some("front-end server"),
            _ => None,
        };
        if let Some(what) = none_of {
            return Err(loc.on(&o.check, format!("`{}` checks every {what}, and this scenario has none", o.check.get_ref())));
        }
        objectives.push(Objective { text: o.text.clone(), check });
    }
    if objectives.is_empty() {
        return Err(loc.on(&raw.id, "a scenario needs at least one [[objective]]"));
    }

    let mut timing = Vec::new();
    for (key, value) in &raw.timing {
        if !Timed::KEYS.contains(&key.as_str()) {
            return Err(loc.on(value, format!("`{key}` is not a timing key; keys: {}", Timed::KEYS.join(", "))));
        }
        let span = parse_span(value.get_ref()).map_err(|e| loc.on(value, e))?;
        // A bare `wait` lets at most this much time pass: nothing may take longer.
        if span.max > crate::sim::transcript::WAIT_LIMIT {
            return Err(loc.on(value, format!("`{key}` may be at most {}d", crate::sim::transcript::WAIT_LIMIT / 86_400)));
        }
        // A resource pending for longer than the Cluster service's timeout is failed by it,
        // which the monitor does not model for ordinary starts: refuse the range instead.
        if key == Timed::ResourceOnline(ResKind::IpAddress).key() && span.max > rules::PENDING_TIMEOUT {
            return Err(loc.on(
                value,
                format!("`{key}` may be at most {}s: the Cluster service fails a resource still pending after its timeout", rules::PENDING_TIMEOUT),
            ));
        }
        timing.push((key.clone(), span));
    }

    let per_server = vec![0; servers.len()];
    let initial = World {
        now: SimTime::ZERO,
        cluster_name,
        machines,
        groups,
        servers,
        accounts,
        org,
        backups: Vec::new(),
        moves: Vec::new(),
        ops: Vec::new(),
        next_op: 1,
        draws: Vec::new(),
        marks: Marks::default(),
        downtime: Downtime { per_server, ..Downtime::default() },
    };
    let scenario = Scenario {
        id: id.clone(),
        version: raw.version,
        title: raw.title,
        kind,
        difficulty: *raw.difficulty.get_ref(),
        budget,
        briefing: raw.briefing.trim().to_string(),
        sources: raw.sources,
        objectives,
        timing,
        migration,
        planned_nodes,
        initial,
    };
    // A session must have something to do: not every objective met before the first step.
    let start = crate::sim::Sim::new_quiet(std::rc::Rc::new(scenario.clone()), 0);
    if scenario.objectives.iter().all(|o| start.check(&o.check)) {
        return Err(loc.on(&raw.objectives[0].check, "every objective is already met when the session starts: a learner would have nothing to do"));
    }
    Ok(scenario)
}

/// A machine or server name: letters, digits and dashes, not already taken.
fn check_name<'a>(loc: &Locator<'_>, name: &Spanned<String>, what: &str, taken: impl IntoIterator<Item = &'a str>) -> Result<(), ScenarioError> {
    let n = name.get_ref();
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(loc.on(name, format!("{what} name `{n}` must be letters, digits and dashes")));
    }
    if taken.into_iter().any(|x| x.eq_ignore_ascii_case(n)) {
        return Err(loc.on(name, format!("{what} `{n}` is defined twice")));
    }
    Ok(())
}

/// Servers are numbered in a byte and kept in 32-bit sets (system folder replicas), and
/// migrations add up to two at run time: 16 leaves room, and is more than any exercise needs.
const MAX_SERVERS: usize = 16;

/// `"8m..25m"` or a fixed `"90s"`.
fn parse_span(text: &str) -> Result<Span, String> {
    let (lo, hi) = match text.split_once("..") {
        Some((a, b)) => (parse_duration(a.trim())?, parse_duration(b.trim())?),
        None => {
            let d = parse_duration(text.trim())?;
            (d, d)
        }
    };
    if lo == 0 || lo > hi {
        return Err(format!("`{text}` is not a range: write `MIN..MAX` with 0 < MIN <= MAX, like `8m..25m`"));
    }
    Ok(Span::new(lo, hi))
}

#[allow(clippy::too_many_arguments)]
fn new_server(
    name: &str,
    site: u8,
    front_end: bool,
    host: Host,
    version: ExBuild,
    admin_groups: u8,
    s: &FileServer,
    optional: Vec<ResKind>,
    owns_mta: bool,
) -> Server {
    Server {
        name: name.to_string(),
        site,
        front_end,
        host,
        version,
        admin_groups,
        mailboxes: if front_end { 0 } else { s.mailboxes },
        cached_percent: *s.cached_mode_percent.get_ref(),
        store: Data::Live,
        directory: Data::Live,
        config_mismatch: false,
        first_in_site: s.first_in_site,
        removed: false,
        replicated: true,
        optional,
        owns_mta,
        online_since: None,
        upgraded_at: None,
        log_checked: false,
    }
}

fn resource(kind: ResKind, online: bool) -> Resource {
    Resource {
        kind,
        state: if online { ResState::Online } else { ResState::Offline },
        goal: Goal::None,
        deps: 0,
        failures: Vec::new(),
        starts: 0,
        stops: 0,
        checkpoints: Vec::new(),
    }
}

/// Sets each resource's dependency mask from the rules, for the group's generation.
pub(crate) fn wire(resources: &mut [Resource], generation: Option<Generation>) {
    let kinds: Vec<ResKind> = resources.iter().map(|r| r.kind).collect();
    for r in resources.iter_mut() {
        r.deps = rules::depends_on(r.kind, generation)
            .iter()
            .filter_map(|k| kinds.iter().position(|x| x == k))
            .fold(0, |m, i| m | 1 << i);
    }
}

fn cluster_group(name: &str, owner: MachineId, windows: Option<Windows>, online: bool) -> Group {
    let mut kinds = vec![ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk];
    // MSDTC is a cluster resource on Windows 2000 and 2003, not on NT 4.
    if matches!(windows, Some(Windows::W2000 | Windows::W2003)) {
        kinds.push(ResKind::Msdtc);
    }
    let mut resources: Vec<Resource> = kinds.into_iter().map(|k| resource(k, online)).collect();
    wire(&mut resources, None);
    Group {
        name: "Cluster Group".into(),
        kind: GroupKind::Cluster,
        owner,
        network_name: name.to_string(),
        resources,
        server: None,
        moving: None,
        resume: 0,
        failovers: Vec::new(),
        sa_alone: None,
    }
}

/// A group with only IP Address, Network Name and Physical Disk, as configured before
/// Exchange Setup (seed 001) or for an EVS.
pub(crate) fn base_group(name: &str, network_name: &str, owner: MachineId, online: bool) -> Group {
    let mut resources: Vec<Resource> =
        [ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk].into_iter().map(|k| resource(k, online)).collect();
    wire(&mut resources, None);
    Group {
        name: name.to_string(),
        kind: GroupKind::Exchange,
        owner,
        network_name: network_name.to_string(),
        resources,
        server: None,
        moving: None,
        resume: 0,
        failovers: Vec::new(),
        sa_alone: None,
    }
}

/// Adds the Exchange resources of `generation` to a group, offline unless `online`.
pub(crate) fn add_exchange_resources(group: &mut Group, generation: Generation, owns_mta: bool, optional: &[ResKind], online: bool) {
    for k in rules::exchange_resources(generation, owns_mta, optional) {
        if group.find(k).is_none() {
            group.resources.push(resource(k, online));
        }
    }
    wire(&mut group.resources, Some(generation));
}

fn evs_group(
    name: &str,
    owner: MachineId,
    generation: Generation,
    owns_mta: bool,
    optional: &[ResKind],
    server: ServerId,
    online: bool,
) -> Group {
    let mut g = base_group(name, name, owner, online);
    add_exchange_resources(&mut g, generation, owns_mta, optional, online);
    g.server = Some(server);
    g
}

#[cfg(test)]
mod tests {
    use super::*;

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
