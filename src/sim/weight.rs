//! How large a state is: the bytes a copy of a simulation takes, estimated from counts and
//! name lengths rather than `size_of` (which differs between 32-bit wasm and 64-bit hosts), so
//! that the solver's memory budget gives up at the same point everywhere and a par never
//! differs between the browser and the command. The figures are a 64-bit host's sizes, rounded
//! up, with 24 bytes for each `String` or `Vec` and its allocation.

use super::engine::Sim;
use super::world::{OpKind, World};

fn text(s: &str) -> u64 {
    24 + s.len() as u64
}

impl World {
    pub fn weight(&self) -> u64 {
        let machines: u64 = self.machines.iter().map(|m| 96 + text(&m.slot) + text(&m.computer_name)).sum();
        let groups: u64 = self
            .groups
            .iter()
            .map(|g| {
                let resources: u64 = g
                    .resources
                    .iter()
                    .map(|r| 96 + 8 * r.failures.len() as u64 + r.checkpoints.iter().map(|c| 8 + text(&c.key)).sum::<u64>())
                    .sum();
                96 + text(&g.name) + text(&g.network_name) + 8 * g.failovers.len() as u64 + resources
            })
            .sum();
        let servers: u64 = self.servers.iter().map(|s| 112 + text(&s.name) + s.optional.len() as u64).sum();
        let accounts: u64 = self.accounts.iter().map(|a| 8 + text(&a.name)).sum();
        let org = text(&self.org.name) + self.org.sites.iter().chain(&self.org.admin_groups).map(|s| text(s)).sum::<u64>();
        let ops: u64 = self
            .ops
            .iter()
            .map(|o| {
                64 + match &o.kind {
                    OpKind::WindowsInstall { computer_name } => text(computer_name),
                    OpKind::ExchangeSetup { org, site, .. } => text(org) + text(site),
                    _ => 0,
                }
            })
            .sum();
        let moves: u64 = self.moves.iter().map(|m| 32 + 4 * m.logons.len() as u64).sum();
        256 + machines
            + groups
            + servers
            + accounts
            + org
            + ops
            + moves
            + 40 * self.backups.len() as u64
            + 16 * self.draws.len() as u64
            + 4 * self.downtime.per_server.len() as u64
            + self.cluster_name.as_deref().map_or(0, text)
    }
}

impl Sim {
    /// The bytes a copy of this simulation takes, estimated (see the module).
    pub fn weight(&self) -> u64 {
        let findings: u64 = self.findings.iter().map(|f| 32 + text(&f.detail)).sum();
        let said: u64 = self.log.iter().map(|l| 48 + text(&l.text)).sum::<u64>() + self.notices.iter().map(|n| 16 + text(&n.text)).sum::<u64>();
        128 + self.world.weight() + findings + said
    }
}
