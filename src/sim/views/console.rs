//! A machine's console: the tools its software has, and the packages on its disk.

use crate::sim::catalog::{Generation, Package, ResKind, Windows};
use crate::sim::scenario::{Kind, Scenario};
use crate::sim::world::*;

/// Which of the console's tools exist on this machine's software: Windows NT 4.0 Backup has no
/// System State, and Exchange 5.5 has no Exchange Full Administrator role to delegate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleTools {
    pub system_state_backup: bool,
    pub delegate_full_admin: bool,
    /// The CDs a migration brings: Windows NT Server Setup, Cluster Server Setup, Exchange 5.5's
    /// cluster Setup and Performance Optimizer.
    pub migration_setup: bool,
    /// Windows NT Server Manager with Exchange 5.5's extension: where the old server is
    /// removed from the site and deleted from the domain (seed 001, Move Users, step 4).
    pub server_manager: bool,
}

pub fn console_tools(w: &World, scenario: &Scenario, m: MachineId) -> ConsoleTools {
    ConsoleTools {
        system_state_backup: w.machine(m).windows.is_some_and(|v| v.has_system_state()),
        delegate_full_admin: w.has_admin_groups(),
        migration_setup: scenario.kind == Kind::Migration,
        server_manager: scenario.kind == Kind::Migration && w.machine(m).windows.is_some_and(Windows::has_server_manager),
    }
}

/// The groups Exchange Setup offers to install into: those made for Exchange.
pub fn setup_groups(w: &World) -> Vec<String> {
    w.groups.iter().filter(|g| g.kind == GroupKind::Exchange).map(|g| g.name.clone()).collect()
}

/// Whether the session has the Exchange 5.5 Administrator program: an Exchange 5.x server is
/// there, or the migration installs one.
pub fn has_exchange_admin(w: &World, scenario: &Scenario) -> bool {
    w.machines.iter().any(|m| m.exchange.is_some_and(|b| b.generation() == Generation::Ex5x)) || scenario.migration.is_some()
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

/// A line of Task Manager's Processes tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessView {
    pub image: &'static str,
    /// CPU use, in percent.
    pub cpu: u8,
}

/// Task Manager on a machine: its Applications tab (a window and whether it responds) and its
/// Processes tab. `None` while the machine is not running. What Exchange runs shows here as it
/// did: store.exe busy while the store recovers, whatever Cluster Administrator says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskManagerView {
    pub applications: Vec<(&'static str, &'static str)>,
    pub processes: Vec<ProcessView>,
}

pub fn task_manager(w: &World, m: MachineId) -> Option<TaskManagerView> {
    let machine = w.machine(m);
    if machine.power != Power::Up {
        return None;
    }
    let mut images: Vec<(&'static str, u8)> = vec![("System", 0), ("smss.exe", 0), ("csrss.exe", 0), ("winlogon.exe", 0), ("services.exe", 0), ("lsass.exe", 0)];
    let mut applications = Vec::new();
    if machine.logged_on.is_some() {
        images.extend([("explorer.exe", 0), ("taskmgr.exe", 1)]);
    }
    if machine.cluster_service {
        images.push(("clussvc.exe", 0));
    }
    let upgrading = w.ops.iter().any(|o| o.machine == m && matches!(o.kind, OpKind::UpgradeEvs { .. }));
    if machine.cluadmin_hung {
        applications.push(("Cluster Administrator", "Not Responding"));
    } else if upgrading {
        applications.push(("Cluster Administrator", "Running"));
    }
    if upgrading || machine.cluadmin_hung {
        images.push(("cluadmin.exe", u8::from(upgrading && !machine.cluadmin_hung) * 3));
    }
    for (kind, server) in exchange_services(w, m) {
        let recovering = kind == ResKind::InformationStore && w.ops.iter().any(|o| o.kind == OpKind::IsRecovery { server });
        if let Some(image) = service_image(kind) {
            images.push((image, if recovering { 96 } else { 0 }));
        }
    }
    for o in w.ops.iter().filter(|o| o.machine == m) {
        let image = match o.kind {
            OpKind::Install(p) if p.is_exchange() => "setup.exe",
            OpKind::Install(_) => "update.exe",
            OpKind::ExchangeSetup { .. } | OpKind::UpdateNode => "setup.exe",
            OpKind::Backup { .. } | OpKind::Restore { .. } => "ntbackup.exe",
            OpKind::PerformanceOptimizer => "perfwiz.exe",
            _ => continue,
        };
        images.push((image, 12));
    }
    let mut processes: Vec<ProcessView> = Vec::new();
    for (image, cpu) in images {
        match processes.iter_mut().find(|p| p.image == image) {
            Some(p) => p.cpu = p.cpu.max(cpu),
            None => processes.push(ProcessView { image, cpu }),
        }
    }
    let busy: u32 = processes.iter().map(|p| u32::from(p.cpu)).sum();
    processes.insert(0, ProcessView { image: "System Idle Process", cpu: 100u32.saturating_sub(busy) as u8 });
    Some(TaskManagerView { applications, processes })
}

/// The Exchange services that run on a machine now: the resources up, or coming up, of the
/// groups it owns, and the services of the standalone server it hosts, with their server.
fn exchange_services(w: &World, m: MachineId) -> Vec<(ResKind, ServerId)> {
    let mut out = Vec::new();
    for g in w.groups.iter().filter(|g| g.owner == m) {
        let Some(s) = g.server else { continue };
        let recovering = w.ops.iter().any(|o| o.kind == OpKind::IsRecovery { server: s });
        for r in &g.resources {
            // The store keeps running its recovery when the Cluster service has given up on it,
            // and runs on once it has finished.
            let on_its_own = recovering || w.server(s).store_running_unmanaged;
            let runs = r.state.is_up_or_coming() || (r.kind == ResKind::InformationStore && on_its_own);
            if runs && r.kind.is_exchange() {
                out.push((r.kind, s));
            }
        }
    }
    let machine = w.machine(m);
    if machine.exchange.is_some() && !machine.exchange_stopped {
        for s in w.server_ids().filter(|s| w.server(*s).host == Host::Machine(m) && w.reachable(*s)) {
            let five = w.server(s).version.generation() == Generation::Ex5x;
            let kinds: &[ResKind] = if five {
                &[ResKind::SystemAttendant, ResKind::Directory, ResKind::InformationStore, ResKind::Mta]
            } else {
                &[ResKind::SystemAttendant, ResKind::InformationStore, ResKind::Smtp]
            };
            out.extend(kinds.iter().map(|k| (*k, s)));
        }
    }
    out
}

/// The program a service of an Exchange resource runs as.
fn service_image(kind: ResKind) -> Option<&'static str> {
    Some(match kind {
        ResKind::SystemAttendant => "mad.exe",
        ResKind::Directory => "dsamain.exe",
        ResKind::InformationStore => "store.exe",
        ResKind::Mta => "emsmta.exe",
        ResKind::Routing | ResKind::Smtp | ResKind::Http | ResKind::Imap4 | ResKind::Pop3 => "inetinfo.exe",
        ResKind::MsSearch => "mssearch.exe",
        ResKind::EventService => "events.exe",
        ResKind::InternetMail => "msexcimc.exe",
        _ => return None,
    })
}
