//! What the screens show, computed from the state: Cluster Administrator (`cluadmin`: menus
//! greyed as the real tool greys them, resource properties, its hourglass), each console's
//! tools (`console`), the Exchange Administrator (`exadmin`), the work under way on each
//! machine, the event logs as last read, and the users' side. The front end draws these and
//! turns clicks into actions; every cluster rule stays here in the core.

mod cluadmin;
mod console;
mod exadmin;
mod faults;

pub use cluadmin::*;
pub use console::*;
pub use exadmin::*;
pub use faults::*;

use super::engine::{LogEntry, LogName, Sim};
use super::time::SimTime;
use super::world::*;

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
        .filter(|o| o.kind.shown_on_console())
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
        OpKind::Backup { kind: BackupKind::Exchange, server: Some(s), .. } => format!("Backing up {}'s databases", server(s)),
        OpKind::Backup { with_system_state: true, .. } => "File-level and system state backup".into(),
        OpKind::Backup { kind, .. } => format!("{} backup", if *kind == BackupKind::Files { "File-level" } else { "System state" }),
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

/// A machine's event log as Event Viewer shows it: as of the last time the learner read the
/// logs there, newest first; `None` until they first do (opening them is an action).
pub fn event_log(sim: &Sim, m: MachineId, log: LogName) -> Option<Vec<&LogEntry>> {
    let read_at = sim.world().machine(m).log_read_at?;
    Some(sim.log().iter().filter(|e| e.machine == m && e.log == log && e.at <= read_at).rev().collect())
}

/// A machine's event log as it stands now, newest first: what a presenter shows the room at a
/// step of a recording, whether or not the learner read it then.
pub fn event_log_now(sim: &Sim, m: MachineId, log: LogName) -> Vec<&LogEntry> {
    sim.log().iter().filter(|e| e.machine == m && e.log == log).rev().collect()
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

/// Whether a machine's console is down (restarting, switched off...), as its screen would say:
/// nothing runs there, Cluster Administrator included.
pub fn console_down(w: &World, m: MachineId) -> Option<String> {
    let machine = w.machine(m);
    (!machine.is_up()).then(|| format!("{} is {}.", machine.slot, power_word(machine.power)))
}

/// What a machine is doing, as its console shows it.
pub fn power_word(power: Power) -> &'static str {
    match power {
        Power::Up => "running",
        Power::Rebooting => "restarting",
        Power::Booting => "starting",
        Power::Installing => "running Windows Setup",
        Power::Off => "switched off",
    }
}

/// A machine's one-line status for its console header.
pub fn machine_status(w: &World, m: MachineId) -> String {
    let machine = w.machine(m);
    let power = power_word(machine.power);
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
    use crate::sim::catalog::{Package, ResKind};
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

    #[test]
    fn properties_give_the_pending_timeout_the_cluster_service_applies() {
        let sim = Sim::new(builtin("e2003-sp1-active-passive").unwrap(), 1);
        let w = sim.world();
        let g = w.group_named("EVS1").unwrap();
        let store = ResourceId { group: g, index: w.group(g).find(ResKind::InformationStore).unwrap() };
        let p = resource_properties(w, store);
        assert_eq!(p.pending_timeout, crate::sim::rules::PENDING_TIMEOUT);
        assert_eq!(p.dependencies, ["Exchange System Attendant - EVS1"]);
        // The Exchange 5.5 store gets 600 s (seed 001, step 19).
        let (sim, _, _) = crate::sim::transcript::play(&builtin("e55-disaster-recovery").unwrap(), 1, &std::fs::read_to_string(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts/e55-disaster-recovery.script")).unwrap()).unwrap();
        let w = sim.world();
        let g = w.group_named("EXVS").unwrap();
        let store = ResourceId { group: g, index: w.group(g).find(ResKind::InformationStore).unwrap() };
        assert_eq!(resource_properties(w, store).pending_timeout, crate::sim::rules::IS55_START_TIMEOUT);
        assert_eq!(resource_properties(w, store).checkpoints, [IS_CHECKPOINT_KEY]);
    }

    #[test]
    fn the_event_log_is_shown_as_last_read() {
        let mut sim = Sim::new(builtin("e2003-sp1-active-passive").unwrap(), 1);
        let node2 = sim.world().machine_named("NODE2").unwrap();
        assert!(event_log(&sim, node2, LogName::System).is_none(), "not opened yet");
        for line in ["NODE2: logon CORP\\exadmin", "NODE2: install hotfix-831464", "NODE2: read-log"] {
            let crate::sim::script::Line::Action(a) = crate::sim::script::parse_line(line).unwrap() else { unreachable!() };
            sim.apply(sim.now(), &a).unwrap();
        }
        assert_eq!(event_log(&sim, node2, LogName::System).unwrap().len(), 0, "the hotfix has not finished when the log was read");
        sim.run_until_idle(sim.now().plus(86_400));
        assert_eq!(event_log(&sim, node2, LogName::System).unwrap().len(), 0, "nothing new until it is read again");
    }
}
