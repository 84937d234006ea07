//! Checking a scenario file's sections and building its initial `World`, one step per section:
//! each step adds to a [`Builder`] what the later ones refer to (accounts before machines,
//! machines before the cluster and the servers), and reports a problem at its line.

use std::rc::Rc;

use toml::Spanned;

use super::file::{FileMachine, FileScenario, FileServer, Locator, ScenarioError};
use super::{Check, Kind, Migration, Objective, Scenario};
use crate::sim::catalog::{ExBuild, ResKind, Windows};
use crate::sim::chance::Span;
use crate::sim::limits::{self, WAIT_SECS};
use crate::sim::rules::{self, Timed};
use crate::sim::time::{Secs, SimTime, parse_duration};
use crate::sim::world::*;

type R<T> = Result<T, ScenarioError>;

/// What the steps have built so far.
struct Builder<'a> {
    loc: &'a Locator<'a>,
    raw: &'a FileScenario,
    kind: Kind,
    org: Org,
    accounts: Vec<Account>,
    machines: Vec<Machine>,
    groups: Vec<Group>,
    servers: Vec<Server>,
}

/// Validates a read scenario file and builds the scenario.
pub(super) fn build(loc: &Locator<'_>, raw: FileScenario) -> R<Scenario> {
    let (kind, budget) = header(loc, &raw)?;
    let mut b = Builder { loc, raw: &raw, kind, org: organization(&raw), accounts: Vec::new(), machines: Vec::new(), groups: Vec::new(), servers: Vec::new() };
    b.accounts()?;
    b.machines()?;
    let nodes = b.nodes()?;
    let cluster_name = b.cluster(&nodes)?;
    b.servers()?;
    let planned_nodes = b.planned_nodes(&nodes)?;
    let migration = b.migration()?;
    let objectives = b.objectives(migration.as_ref())?;
    let timing = b.timing()?;
    let per_server = vec![0; b.servers.len()];
    let initial = World {
        now: SimTime::ZERO,
        cluster_name,
        machines: b.machines,
        groups: b.groups,
        servers: b.servers,
        accounts: b.accounts,
        org: b.org,
        backups: Vec::new(),
        moves: Vec::new(),
        ops: Vec::new(),
        next_op: 1,
        draws: Vec::new(),
        marks: Marks::default(),
        downtime: Downtime { per_server, ..Downtime::default() },
    };
    let scenario = Scenario {
        id: raw.id.get_ref().clone(),
        version: raw.version,
        title: raw.title.clone(),
        kind,
        difficulty: *raw.difficulty.get_ref(),
        budget,
        briefing: raw.briefing.trim().to_string(),
        sources: raw.sources.clone(),
        objectives,
        timing,
        migration,
        planned_nodes,
        // Set by the reader, which has the text.
        digest: 0,
        initial,
    };
    let start = crate::sim::Sim::new_quiet(Rc::new(scenario.clone()), 0);
    // What every step must keep true must hold before the first (the checks above should make
    // this unreachable; a message beats a broken session if one is missed).
    if let Err(e) = start.check_invariants() {
        return Err(loc.on(&raw.id, format!("the scenario's starting state is inconsistent: {e}")));
    }
    // A session must have something to do: not every objective met before the first step.
    if scenario.objectives.iter().all(|o| start.check(&o.check)) {
        return Err(loc.on(&raw.objectives[0].check, "every objective is already met when the session starts: a learner would have nothing to do"));
    }
    Ok(scenario)
}

/// The top-level keys: id, kind, difficulty, budget, briefing.
fn header(loc: &Locator<'_>, raw: &FileScenario) -> R<(Kind, Secs)> {
    let id = raw.id.get_ref();
    limits::check_id(id).map_err(|e| loc.on(&raw.id, e))?;
    let kind = match raw.kind.get_ref().as_str() {
        "rolling-upgrade" => Kind::RollingUpgrade,
        "migration" => Kind::Migration,
        other => {
            return Err(loc.on(&raw.kind, format!("kind `{other}` is unknown; use `rolling-upgrade` or `migration`")));
        }
    };
    if !(1..=5).contains(raw.difficulty.get_ref()) {
        return Err(loc.on(&raw.difficulty, "difficulty runs from 1 (gentle) to 5 (hard)"));
    }
    let budget = parse_duration(raw.budget.get_ref()).map_err(|e| loc.on(&raw.budget, e))?;
    if raw.briefing.trim().is_empty() {
        return Err(loc.on(&raw.id, "the briefing is empty: tell the learner what they face"));
    }
    Ok((kind, budget))
}

/// `[organization]`: the name, sites and administrative groups.
fn organization(raw: &FileScenario) -> Org {
    let o = &raw.organization;
    Org {
        name: o.name.clone(),
        sites: o.sites.clone(),
        admin_groups: o.admin_groups.clone(),
        folders_home: None,
        system_folder_replicas: 0,
        folders_lost: false,
        folders_copying_from: None,
    }
}

impl Builder<'_> {
    fn admin_group_bit(&self, s: &Spanned<String>) -> R<u8> {
        let groups = &self.org.admin_groups;
        groups
            .iter()
            .position(|g| g == s.get_ref())
            .map(|i| 1u8 << i)
            .ok_or_else(|| self.loc.on(s, format!("`{}` is not one of the organization's admin-groups: {}", s.get_ref(), groups.join(", "))))
    }

    fn account_id(&self, s: &Spanned<String>) -> R<AccountId> {
        self.accounts
            .iter()
            .position(|a| a.name.eq_ignore_ascii_case(s.get_ref()))
            .map(|i| AccountId(i as u8))
            .ok_or_else(|| self.loc.on(s, format!("no account named `{}` (define it in an [[account]] table)", s.get_ref())))
    }

    fn machine_id(&self, s: &Spanned<String>) -> R<MachineId> {
        self.machines
            .iter()
            .position(|m| m.slot.eq_ignore_ascii_case(s.get_ref()))
            .map(|i| MachineId(i as u8))
            .ok_or_else(|| self.loc.on(s, format!("no machine named `{}`", s.get_ref())))
    }

    /// `[[account]]`, first: machines refer to them (local administrators come later, once
    /// the machines exist).
    fn accounts(&mut self) -> R<()> {
        for a in &self.raw.accounts {
            if self.accounts.iter().any(|b| b.name.eq_ignore_ascii_case(a.name.get_ref())) {
                return Err(self.loc.on(&a.name, format!("account `{}` is defined twice", a.name.get_ref())));
            }
            let mut full_admin = 0;
            for g in &a.full_admin {
                full_admin |= self.admin_group_bit(g)?;
            }
            self.accounts.push(Account { name: a.name.get_ref().clone(), domain_admin: a.domain_admin, full_admin, local_admin: 0 });
        }
        Ok(())
    }

    /// `[[machine]]`, then each account's `local-admin` machines.
    fn machines(&mut self) -> R<()> {
        if self.raw.machines.is_empty() {
            return Err(self.loc.on(&self.raw.id, "a scenario needs at least one [[machine]] table"));
        }
        for m in &self.raw.machines {
            let machine = self.machine(m)?;
            self.machines.push(machine);
        }
        for (i, fa) in self.raw.accounts.iter().enumerate() {
            for m in &fa.local_admin {
                let bit = 1 << self.machine_id(m)?.0;
                self.accounts[i].local_admin |= bit;
            }
        }
        Ok(())
    }

    fn machine(&self, m: &FileMachine) -> R<Machine> {
        let loc = self.loc;
        let slot = m.name.get_ref();
        check_name(loc, &m.name, "machine", self.machines.iter().map(|x| x.slot.as_str()))?;
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
                other => {
                    return Err(loc.on(h, format!("hotfix `{other}` is unknown; the simulator knows 831464")));
                }
            }
        }
        if hotfix_831464 && windows != Some(Windows::W2003) {
            return Err(loc.on(&m.name, "hotfix 831464 is for Windows Server 2003"));
        }
        let power = match m.power.get_ref().as_str() {
            "up" => Power::Up,
            "off" => Power::Off,
            other => {
                return Err(loc.on(&m.power, format!("power `{other}` is unknown; use `up` or `off`")));
            }
        };
        if power == Power::Up && windows.is_none() {
            return Err(loc.on(&m.name, format!("machine `{slot}` has no Windows, so it must be `power = \"off\"`")));
        }
        let cluster_account = m.cluster_account.as_ref().map(|a| self.account_id(a)).transpose()?;
        if cluster_account.is_some() && !matches!(windows, Some(Windows::Nt4Enterprise | Windows::W2000 | Windows::W2003)) {
            return Err(loc.on(&m.name, format!("`{slot}` is a cluster node, so it needs an Enterprise or Advanced Windows")));
        }
        let logged_on = m.logged_on.as_ref().map(|a| self.account_id(a)).transpose()?;
        let computer_name = self.computer_name(m)?;
        Ok(Machine {
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
        })
    }

    /// The name on the network: a NetBIOS name (the machine's own name by default), and no two
    /// machines share one.
    fn computer_name(&self, m: &FileMachine) -> R<String> {
        let computer_name = match &m.computer_name {
            Some(c) => {
                if c.get_ref().len() > 15 || !c.get_ref().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    return Err(self.loc.on(c, format!("computer name `{}` must be 1 to 15 letters, digits and dashes", c.get_ref())));
                }
                c.get_ref().clone()
            }
            None => m.name.get_ref().clone(),
        };
        if let Some(other) = self.machines.iter().find(|x| x.computer_name.eq_ignore_ascii_case(&computer_name)) {
            let at = m.computer_name.as_ref().unwrap_or(&m.name);
            return Err(self.loc.on(at, format!("computer name `{computer_name}` is already {}'s", other.slot)));
        }
        Ok(computer_name)
    }

    /// The machines with a cluster account: the cluster's nodes, two at most.
    fn nodes(&self) -> R<Vec<MachineId>> {
        let nodes: Vec<MachineId> = (0..self.machines.len() as u8).map(MachineId).filter(|m| self.machines[m.ix()].cluster_account.is_some()).collect();
        if nodes.len() > 2 {
            return Err(self.loc.on(&self.raw.machines[0].name, "the simulator models two-node clusters: at most two machines may have a cluster-account"));
        }
        Ok(nodes)
    }

    /// `[cluster]`: the cluster and its Cluster Group, or the name of one still to be formed.
    fn cluster(&mut self, nodes: &[MachineId]) -> R<Option<String>> {
        let (loc, raw) = (self.loc, self.raw);
        Ok(match (&raw.cluster, nodes.is_empty()) {
            (Some(c), false) => {
                let Some(owner_name) = &c.group_owner else {
                    return Err(loc.on(&raw.id, "[cluster] needs group-owner: the node that owns the Cluster Group"));
                };
                let owner = self.machine_id(owner_name)?;
                if !nodes.contains(&owner) {
                    return Err(loc.on(owner_name, format!("`{}` is not a cluster node", owner_name.get_ref())));
                }
                let m = &self.machines[owner.ix()];
                self.groups.push(Group::cluster_group(&c.name, owner, m.windows, m.is_up()));
                Some(c.name.clone())
            }
            (None, false) => {
                return Err(loc.on(&raw.id, "machines have a cluster-account but there is no [cluster] table"));
            }
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
        })
    }

    /// `[[server]]`: Exchange servers, the groups of the clustered ones, and where the public
    /// and system folders live.
    fn servers(&mut self) -> R<()> {
        for s in &self.raw.servers {
            let id = ServerId(self.servers.len() as u8);
            self.server(s, id)?;
            if s.public_folders {
                if self.org.folders_home.is_some() {
                    return Err(self.loc.on(&s.name, "only one server can be the public folders' home"));
                }
                self.org.folders_home = Some(id);
            }
            if s.system_folders {
                self.org.system_folder_replicas |= 1 << id.0;
            }
        }
        Ok(())
    }

    fn server(&mut self, s: &FileServer, id: ServerId) -> R<()> {
        let loc = self.loc;
        let name = s.name.get_ref();
        check_name(loc, &s.name, "server", self.servers.iter().map(|x| x.name.as_str()))?;
        let version = one_of(s.version.get_ref(), &ExBuild::ALL, ExBuild::id, "an Exchange build").map_err(|e| loc.on(&s.version, e))?;
        let sites = &self.org.sites;
        let site = sites
            .iter()
            .position(|x| x == s.site.get_ref())
            .ok_or_else(|| loc.on(&s.site, format!("`{}` is not one of the organization's sites: {}", s.site.get_ref(), sites.join(", "))))?
            as u8;
        let mut admin_groups = 0u8;
        for g in &s.admin_groups {
            admin_groups |= self.admin_group_bit(g)?;
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
            other => {
                return Err(loc.on(&s.state, format!("state `{other}` is unknown; use `online` or `offline`")));
            }
        };
        let host = self.machine_id(&s.host)?;
        let machine = &self.machines[host.ix()];
        let mut server = Server {
            name: name.clone(),
            site,
            front_end: false,
            host: Host::Machine(host),
            version,
            admin_groups,
            mailboxes: s.mailboxes,
            cached_percent: *s.cached_mode_percent.get_ref(),
            store: Data::Live,
            directory: Data::Live,
            config_mismatch: false,
            first_in_site: s.first_in_site,
            removed: false,
            replicated: true,
            optional,
            owns_mta: false,
            online_since: None,
            upgraded_at: None,
            log_checked: false,
            store_running_unmanaged: false,
        };
        match s.kind.get_ref().as_str() {
            "evs" => {
                self.check_evs(s, machine, version, online)?;
                // One MTA per cluster: the first EVS owns it unless the file says otherwise.
                server.owns_mta = s.owns_mta.unwrap_or(!self.servers.iter().any(|x| x.owns_mta && matches!(x.host, Host::Group(_))));
                let g = GroupId(self.groups.len() as u8);
                server.host = Host::Group(g);
                self.groups.push(Group::evs(&server, id, host, online));
            }
            kind @ ("standalone" | "front-end") => {
                if machine.exchange != Some(version) {
                    let runs = machine.exchange.map_or("no Exchange", ExBuild::id);
                    return Err(loc.on(&s.version, format!("`{}` runs {runs}, not {}", machine.slot, version.id())));
                }
                if kind == "front-end" {
                    server.front_end = true;
                    server.mailboxes = 0;
                }
            }
            other => {
                return Err(loc.on(&s.kind, format!("server kind `{other}` is unknown; use evs, standalone or front-end")));
            }
        }
        self.servers.push(server);
        Ok(())
    }

    /// An EVS runs on a cluster node, its name is no computer's, and if it starts online its
    /// owner can run it.
    fn check_evs(&self, s: &FileServer, machine: &Machine, version: ExBuild, online: bool) -> R<()> {
        let (loc, name) = (self.loc, s.name.get_ref());
        if machine.cluster_account.is_none() {
            return Err(loc.on(&s.host, format!("an EVS's host must be a cluster node; `{}` is not", s.host.get_ref())));
        }
        // An EVS's name is its Network Name: on the network it would clash with a computer's.
        if let Some(m) = self.machines.iter().find(|m| m.computer_name.eq_ignore_ascii_case(name)) {
            return Err(
                loc.on(&s.name, format!("EVS `{name}` has the computer name of machine {}: its Network Name would be a duplicate on the network", m.slot))
            );
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
        Ok(())
    }

    /// The machines that are, or are to become, the cluster's nodes.
    fn planned_nodes(&self, nodes: &[MachineId]) -> R<Vec<String>> {
        let mut planned: Vec<String> = nodes.iter().map(|n| self.machines[n.ix()].slot.clone()).collect();
        if let Some(c) = &self.raw.cluster {
            for n in &c.nodes {
                let slot = self.machines[self.machine_id(n)?.ix()].slot.clone();
                if !planned.contains(&slot) {
                    planned.push(slot);
                }
            }
        }
        Ok(planned)
    }

    /// `[migration]`: which standalone server moves, and under which names.
    fn migration(&self) -> R<Option<Migration>> {
        let (loc, raw) = (self.loc, self.raw);
        let Some(m) = &raw.migration else {
            if self.kind == Kind::Migration {
                return Err(loc.on(&raw.kind, "a migration needs a [migration] table naming the server that moves"));
            }
            return Ok(None);
        };
        if self.kind == Kind::RollingUpgrade {
            return Err(loc.on(&raw.kind, "a rolling upgrade has no [migration] table: use kind = \"migration\""));
        }
        if !self.servers.iter().any(|s| s.name.eq_ignore_ascii_case(m.server.get_ref()) && matches!(s.host, Host::Machine(_))) {
            return Err(loc.on(&m.server, format!("no standalone server named `{}`", m.server.get_ref())));
        }
        if !self.accounts.iter().any(|a| a.name.eq_ignore_ascii_case(m.service_account.get_ref())) {
            return Err(loc.on(&m.service_account, format!("no account named `{}`", m.service_account.get_ref())));
        }
        if let Some(n) = &m.new_name {
            let taken = self.servers.iter().any(|s| s.name.eq_ignore_ascii_case(n.get_ref()))
                || self.machines.iter().any(|x| x.computer_name.eq_ignore_ascii_case(n.get_ref()));
            if taken {
                return Err(loc.on(n, format!("`{}` is already the name of a server or computer here: the clustered server needs a new one", n.get_ref())));
            }
        }
        Ok(Some(Migration {
            server: m.server.get_ref().clone(),
            service_account: m.service_account.get_ref().clone(),
            new_name: m.new_name.as_ref().map(|n| n.get_ref().clone()),
        }))
    }

    /// `[[objective]]`: checks that name servers of the scenario, over servers it has.
    fn objectives(&self, migration: Option<&Migration>) -> R<Vec<Objective>> {
        let (loc, raw) = (self.loc, self.raw);
        let mut objectives = Vec::new();
        for o in &raw.objectives {
            let check = Check::parse(o.check.get_ref()).map_err(|e| loc.on(&o.check, e))?;
            // A server the scenario has, or the one a migration's Setup creates.
            if let Some(name) = check.server() {
                let known = self.servers.iter().any(|s| s.name == name) || migration.and_then(|m| m.new_name.as_deref()) == Some(name);
                if !known {
                    return Err(loc.on(&o.check, format!("`{}` names no Exchange server of this scenario", o.check.get_ref())));
                }
            }
            // A check over no servers at all would be met by doing nothing.
            let none_of = match check {
                Check::EvsAt(_) if self.kind == Kind::RollingUpgrade && !self.servers.iter().any(|s| matches!(s.host, Host::Group(_))) => {
                    Some("Exchange virtual server")
                }
                Check::FrontEndsAt(_) if !self.servers.iter().any(|s| s.front_end) => Some("front-end server"),
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
        Ok(objectives)
    }

    /// `[timing]`: ranges that replace the defaults of `rules::Timed`.
    fn timing(&self) -> R<Vec<(String, Span)>> {
        let loc = self.loc;
        let mut timing = Vec::new();
        for (key, value) in &self.raw.timing {
            if !Timed::KEYS.contains(&key.as_str()) {
                return Err(loc.on(value, format!("`{key}` is not a timing key; keys: {}", Timed::KEYS.join(", "))));
            }
            let span = parse_span(value.get_ref()).map_err(|e| loc.on(value, e))?;
            // A bare `wait` lets at most this much time pass: nothing may take longer.
            if span.max > WAIT_SECS {
                return Err(loc.on(value, format!("`{key}` may be at most {}d", WAIT_SECS / 86_400)));
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
        Ok(timing)
    }
}

fn one_of<T: Copy>(value: &str, all: &[T], id: impl Fn(T) -> &'static str, what: &str) -> Result<T, String> {
    all.iter().copied().find(|v| id(*v) == value).ok_or_else(|| {
        let known: Vec<&str> = all.iter().map(|v| id(*v)).collect();
        format!("`{value}` is not {what}; use one of: {}", known.join(", "))
    })
}

/// A machine or server name: letters, digits and dashes, not already taken.
fn check_name<'a>(loc: &Locator<'_>, name: &Spanned<String>, what: &str, taken: impl IntoIterator<Item = &'a str>) -> R<()> {
    let n = name.get_ref();
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(loc.on(name, format!("{what} name `{n}` must be letters, digits and dashes")));
    }
    if taken.into_iter().any(|x| x.eq_ignore_ascii_case(n)) {
        return Err(loc.on(name, format!("{what} `{n}` is defined twice")));
    }
    Ok(())
}

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
