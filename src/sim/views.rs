//! What the screens show, computed from the state: Cluster Administrator's menus (with the
//! items greyed as the real tool greys them), the work under way on each machine, what each
//! console offers, and the users' side. The front end draws these and turns clicks into
//! actions; every cluster rule stays here in the core.

use super::action::{ResRef, Target, Verb};
use super::catalog::{Generation, Package, ResKind, Windows};
use super::engine::Sim;
use super::time::SimTime;
use super::world::*;

/// An entry of a context menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuItem {
    pub label: &'static str,
    pub verb: Verb,
    pub enabled: bool,
}

/// The context menu of a group in Cluster Administrator.
pub fn group_menu(w: &World, g: GroupId) -> Vec<MenuItem> {
    let group = w.group(g);
    let name = group.name.clone();
    let all_online = group.resources.iter().all(|r| r.state == ResState::Online);
    let all_offline = group.resources.iter().all(|r| r.state == ResState::Offline);
    let other = w.other_node(group.owner).map(|o| w.machine(o).slot.clone());
    vec![
        MenuItem { label: "Bring Online", verb: Verb::BringOnline { target: Target::Group(name.clone()) }, enabled: !all_online },
        MenuItem { label: "Take Offline", verb: Verb::TakeOffline { target: Target::Group(name.clone()) }, enabled: !all_offline },
        MenuItem { label: "Move Group", verb: Verb::MoveGroup { group: name, to: other.clone() }, enabled: other.is_some() },
    ]
}

/// The context menu of a resource. Upgrade Exchange Virtual Server appears on the System
/// Attendant of Exchange 2000 and 2003 virtual servers, as in the real tool.
pub fn resource_menu(w: &World, g: GroupId, i: usize) -> Vec<MenuItem> {
    let group = w.group(g);
    let r = &group.resources[i];
    let rr = ResRef { group: group.name.clone(), kind: r.kind };
    let mut items = vec![
        MenuItem {
            label: "Bring Online",
            verb: Verb::BringOnline { target: Target::Resource(rr.clone()) },
            enabled: !matches!(r.state, ResState::Online | ResState::OnlinePending { .. }),
        },
        MenuItem {
            label: "Take Offline",
            verb: Verb::TakeOffline { target: Target::Resource(rr.clone()) },
            enabled: r.state != ResState::Offline,
        },
        MenuItem { label: "Initiate Failure", verb: Verb::InitiateFailure { resource: rr }, enabled: r.state == ResState::Online },
    ];
    let evs = w.generation_of(g).is_some_and(|x| x != Generation::Ex5x);
    if r.kind == ResKind::SystemAttendant && evs {
        items.push(MenuItem { label: "Upgrade Exchange Virtual Server", verb: Verb::UpgradeEvs { group: group.name.clone() }, enabled: true });
    }
    items
}

/// Work under way on a machine, for a progress bar. Upgrade Exchange Virtual Server shows no
/// progress, only the hourglass, whether it is working or hung (KB 822582: the interface gives
/// no warning): the learner tells them apart only by how long it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpView {
    pub machine: MachineId,
    pub label: String,
    pub started: SimTime,
    pub due: SimTime,
    /// 0 to 100; `None` for an hourglass with no progress (an EVS upgrade, working or hung).
    pub percent: Option<u8>,
}

pub fn ops(sim: &Sim) -> Vec<OpView> {
    let w = sim.world();
    let now = sim.now();
    w.ops
        .iter()
        .map(|o| {
            let percent = (o.due != NEVER && !matches!(o.kind, OpKind::UpgradeEvs { .. })).then(|| {
                let total = o.due.since(o.started).max(1);
                (u64::from(now.since(o.started)) * 100 / u64::from(total)).min(100) as u8
            });
            OpView { machine: o.machine, label: op_label(w, &o.kind), started: o.started, due: o.due, percent }
        })
        .collect()
}

pub fn op_label(w: &World, kind: &OpKind) -> String {
    let server = |s: &ServerId| w.server(*s).name.clone();
    match kind {
        OpKind::Install(p) => format!("Installing {}", p.name()),
        OpKind::Reboot => "Restarting".into(),
        OpKind::PowerOn => "Starting Windows".into(),
        OpKind::Backup(BackupKind::Exchange, Some(s)) => format!("Backing up {}'s databases", server(s)),
        OpKind::Backup(kind, _) => format!("{} backup", if *kind == BackupKind::Files { "File-level" } else { "System state" }),
        OpKind::Restore { server: s, .. } => format!("Restoring {}", server(s)),
        OpKind::UpgradeEvs { group, .. } => format!("Upgrading Exchange Virtual Server {}", w.group(*group).name),
        OpKind::WindowsInstall { computer_name } => format!("Windows NT Setup ({computer_name})"),
        OpKind::MscsInstall { .. } => "Cluster Server Setup".into(),
        OpKind::ExchangeSetup { recover: true, .. } => "Exchange Setup /r".into(),
        OpKind::ExchangeSetup { .. } => "Exchange Setup".into(),
        OpKind::UpdateNode => "Exchange Setup: Update Node".into(),
        OpKind::PerformanceOptimizer => "Performance Optimizer".into(),
        OpKind::IsRecovery { server: s } => format!("{}: information store recovery", server(s)),
        OpKind::DirectoryReplication { server: s } => format!("Directory replication to {}", server(s)),
        OpKind::PublicFolderReplication { from, to } => format!("Public folder replication from {} to {}", server(from), server(to)),
        OpKind::SystemFolderReplication { from, to } => format!("System folder replication from {} to {}", server(from), server(to)),
        OpKind::MoveUsers { from, to } => format!("Moving mailboxes from {} to {}", server(from), server(to)),
    }
}

/// Which of the console's tools exist on this machine's software: Windows NT 4.0 Backup has no
/// System State, and Exchange 5.5 has no Exchange Full Administrator role to delegate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleTools {
    pub system_state_backup: bool,
    pub delegate_full_admin: bool,
}

pub fn console_tools(w: &World, m: MachineId) -> ConsoleTools {
    ConsoleTools {
        system_state_backup: w.machine(m).windows.is_some_and(|v| v.has_system_state()),
        delegate_full_admin: w.has_admin_groups(),
    }
}

/// The packages on a machine's disk: everything that could apply to its Windows and Exchange
/// family, whether or not it applies right now (the installer says so).
pub fn packages_for(w: &World, m: MachineId) -> Vec<Package> {
    let machine = w.machine(m);
    Package::ALL
        .into_iter()
        .filter(|p| match (p.base(), machine.exchange) {
            (None, _) => machine.windows == Some(Windows::W2003),
            (Some(base), Some(have)) => base.generation() == have.generation() || p.result().is_some_and(|r| r.generation() == have.generation()),
            (Some(_), None) => false,
        })
        .collect()
}

/// Where users stand right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsersView {
    pub total: u32,
    pub reachable: u32,
    /// Users cut off who are not in Cached Exchange Mode: the ones who notice.
    pub noticing: u32,
    pub servers: Vec<ServerUsers>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerUsers {
    pub name: String,
    pub users: u32,
    pub up: bool,
    pub cached_percent: u8,
    pub downtime: u32,
}

pub fn users(w: &World) -> UsersView {
    let servers: Vec<ServerUsers> = w
        .server_ids()
        .filter(|s| !w.server(*s).front_end)
        .map(|s| ServerUsers {
            name: w.server(s).name.clone(),
            users: w.dependents(s),
            up: w.reachable(s),
            cached_percent: w.server(s).cached_percent,
            downtime: w.downtime.per_server[s.ix()],
        })
        .collect();
    let down = w.users_down();
    let noticing = servers.iter().filter(|s| !s.up).map(|s| s.users * u32::from(100 - s.cached_percent) / 100).sum();
    let total = w.users_total();
    UsersView { total, reachable: total.saturating_sub(down), noticing, servers }
}

/// A machine's one-line status for its console header.
pub fn machine_status(w: &World, m: MachineId) -> String {
    let machine = w.machine(m);
    let power = match machine.power {
        Power::Up => "running",
        Power::Rebooting => "restarting",
        Power::Booting => "starting",
        Power::Installing => "running Windows Setup",
        Power::Off => "switched off",
    };
    let windows = machine.windows.map_or("no operating system".to_string(), |w| {
        if machine.service_pack > 0 { format!("{} SP{}", w.name(), machine.service_pack) } else { w.name().to_string() }
    });
    let mut exchange = machine.exchange.map_or("no Exchange".to_string(), |b| format!("{} ({})", b.name(), b.build_number()));
    if machine.hotfix_831464 {
        exchange.push_str("; hotfix 831464");
    }
    if machine.reboot_pending {
        exchange.push_str(" (restart pending)");
    }
    let cluster = if machine.is_cluster_node() {
        if machine.cluster_service { ", Cluster service running" } else { ", Cluster service stopped" }
    } else {
        ""
    };
    format!("{power}; {windows}; {exchange}{cluster}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::builtin;

    #[test]
    fn menus_grey_what_the_real_tool_greys() {
        let sim = Sim::new(builtin("e2003-sp1-active-passive").unwrap(), 1);
        let w = sim.world();
        let g = w.group_named("EVS1").unwrap();
        let menu = group_menu(w, g);
        assert!(!menu[0].enabled, "Bring Online is greyed on an online group");
        assert!(menu[1].enabled && menu[2].enabled);
        let sa = w.group(g).find(ResKind::SystemAttendant).unwrap();
        let labels: Vec<&str> = resource_menu(w, g, sa).iter().map(|i| i.label).collect();
        assert!(labels.contains(&"Upgrade Exchange Virtual Server"));
        let store = w.group(g).find(ResKind::InformationStore).unwrap();
        assert!(!resource_menu(w, g, store).iter().any(|i| i.label == "Upgrade Exchange Virtual Server"));
    }

    #[test]
    fn sp1_is_on_the_disk_before_the_hotfix_so_the_mistake_can_be_made() {
        let sim = Sim::new(builtin("e2003-sp1-active-passive").unwrap(), 1);
        let w = sim.world();
        let p = packages_for(w, w.machine_named("NODE2").unwrap());
        assert!(p.contains(&Package::Ex2003Sp1) && p.contains(&Package::Hotfix831464));
        assert!(!p.contains(&Package::Ex55Upgrade));
    }

    #[test]
    fn users_view_counts_everyone_reachable_at_the_start() {
        let sim = Sim::new(builtin("e2003-sp1-active-active").unwrap(), 1);
        let u = users(sim.world());
        assert_eq!(u.total, 550);
        assert_eq!(u.reachable, 550);
        assert_eq!(u.noticing, 0);
    }
}
