//! A machine's console: the tools its software has, and the packages on its disk.

use crate::sim::catalog::{Generation, Package, Windows};
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
}

pub fn console_tools(w: &World, scenario: &Scenario, m: MachineId) -> ConsoleTools {
    ConsoleTools {
        system_state_backup: w.machine(m).windows.is_some_and(|v| v.has_system_state()),
        delegate_full_admin: w.has_admin_groups(),
        migration_setup: scenario.kind == Kind::Migration,
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
