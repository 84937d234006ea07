//! The resource monitor: drives each resource towards its goal in dependency order, completes
//! pending transitions, applies the restart policy, moves groups and fails them over when a
//! node goes away (reference, section 1).

use super::catalog::{Generation, ResKind};
use super::engine::{Level, LogName, Sim};
use super::findings::FindingId;
use super::rules::{self, HostRefusal, Timed};
use super::world::*;

/// The random-stream subject of a resource.
fn subject(g: GroupId, i: usize) -> u32 {
    u32::from(g.0) * 64 + i as u32
}

impl Sim {
    /// Starts every transition that can start now; repeats until nothing more can.
    pub(crate) fn settle(&mut self) {
        loop {
            let mut changed = false;
            for g in self.world.group_ids() {
                changed |= self.settle_group(g);
            }
            if !changed {
                break;
            }
        }
    }

    fn settle_group(&mut self, g: GroupId) -> bool {
        let group = self.world.group(g);
        // Most groups sit still most of the time: nothing to drive, nothing to do.
        if group.moving.is_none() && group.resources.iter().all(|r| r.goal == Goal::None) {
            return false;
        }
        let mut changed = false;
        let node_ok = self.world.machine(self.world.group(g).owner).cluster_available();
        for i in 0..self.world.group(g).resources.len() {
            let r = &self.world.group(g).resources[i];
            match (r.goal, r.state) {
                (Goal::Online, ResState::Online) | (Goal::Offline, ResState::Offline) => {
                    self.world.group_mut(g).resources[i].goal = Goal::None;
                    changed = true;
                }
                (Goal::Offline, ResState::Failed) => {
                    // Taking a failed resource offline stops whatever is left of it.
                    self.stopping(g, i);
                    let r = &mut self.world.group_mut(g).resources[i];
                    r.state = ResState::Offline;
                    r.goal = Goal::None;
                    changed = true;
                }
                (Goal::Online, ResState::Offline | ResState::Failed) if node_ok && self.deps_online(g, i) => {
                    self.start_online(g, i);
                    changed = true;
                }
                (Goal::Offline, ResState::Online) if !self.dependents_up(g, i) => {
                    self.start_offline(g, i);
                    changed = true;
                }
                _ => {}
            }
        }
        if let Some((to, bring)) = self.world.group(g).moving
            && self.world.group(g).resources.iter().all(|r| matches!(r.state, ResState::Offline | ResState::Failed))
        {
            self.complete_move(g, to, bring);
            changed = true;
        }
        changed
    }

    fn deps_online(&self, g: GroupId, i: usize) -> bool {
        let group = self.world.group(g);
        let deps = group.resources[i].deps;
        group.resources.iter().enumerate().all(|(j, r)| deps & (1 << j) == 0 || r.state == ResState::Online)
    }

    /// Whether anything that depends on resource `i` is still up or changing.
    fn dependents_up(&self, g: GroupId, i: usize) -> bool {
        self.world.group(g).resources.iter().any(|r| r.deps & (1 << i) != 0 && r.state != ResState::Offline && r.state != ResState::Failed)
    }

    /// Resource `i` and everything it depends on, directly or not.
    pub(crate) fn dependency_closure(&self, g: GroupId, i: usize) -> u32 {
        let rs = &self.world.group(g).resources;
        let mut mask = 1u32 << i;
        loop {
            let next = rs.iter().enumerate().filter(|(j, _)| mask & (1 << j) != 0).fold(mask, |m, (_, r)| m | r.deps);
            if next == mask {
                return mask;
            }
            mask = next;
        }
    }

    /// Resource `i` and everything that depends on it, directly or not.
    pub(crate) fn dependent_closure(&self, g: GroupId, i: usize) -> u32 {
        let rs = &self.world.group(g).resources;
        let mut mask = 1u32 << i;
        loop {
            let next = rs.iter().enumerate().filter(|(_, r)| r.deps & mask != 0).fold(mask, |m, (j, _)| m | 1 << j);
            if next == mask {
                return mask;
            }
            mask = next;
        }
    }

    pub(crate) fn set_goal(&mut self, g: GroupId, mask: u32, goal: Goal) {
        for (j, r) in self.world.group_mut(g).resources.iter_mut().enumerate() {
            if mask & (1 << j) != 0 {
                r.goal = goal;
            }
        }
    }

    fn start_online(&mut self, g: GroupId, i: usize) {
        let kind = self.world.group(g).resources[i].kind;
        self.store_managed_again(g, i);
        let mut duration = self.draw(Timed::ResourceOnline(kind), subject(g, i));
        // The Exchange 5.5 store's first start after a restore replays the logs, under the
        // 600 s the Cluster service allows it (seed 001, step 19).
        if kind == ResKind::InformationStore
            && self.world.generation_of(g) == Some(Generation::Ex5x)
            && let Some(s) = self.world.group(g).server
        {
            match self.world.server(s).store {
                Data::Restored => {
                    let recovery = self.draw(Timed::IsRecovery, u32::from(s.0));
                    let owner = self.world.group(g).owner;
                    self.start_op(owner, OpKind::IsRecovery { server: s }, recovery);
                    self.world.server_mut(s).store = Data::Recovering;
                    duration = rules::IS55_START_TIMEOUT;
                    // As the database engine logged it: the only sign, besides store.exe busy in
                    // Task Manager, that recovery is running (rules.rs: event texts).
                    self.note(owner, LogName::Application, Level::Information, rules::ESE_SOURCE, || {
                        "MSExchangeIS: The database engine is initiating recovery steps.".into()
                    });
                    self.note(owner, LogName::Application, Level::Information, rules::ESE_SOURCE, || {
                        "MSExchangeIS: The database engine is replaying the transaction log files of the restored databases.".into()
                    });
                }
                Data::Recovering => duration = rules::IS55_START_TIMEOUT,
                _ => {}
            }
        }
        if kind == ResKind::InformationStore && self.stale_checkpoint(g, i) {
            let name = self.world.group(g).name.clone();
            self.raise(FindingId::StaleCheckpoint, name);
        }
        let now = self.world.now;
        let r = &mut self.world.group_mut(g).resources[i];
        r.state = ResState::OnlinePending { until: now.plus(duration) };
        r.starts += 1;
    }

    /// The cluster takes the store over again (starting or stopping its resource): a store that
    /// had finished starting on its own is the cluster's to run once more.
    fn store_managed_again(&mut self, g: GroupId, i: usize) {
        if self.world.group(g).resources[i].kind == ResKind::InformationStore
            && let Some(s) = self.world.group(g).server
        {
            self.world.server_mut(s).store_running_unmanaged = false;
        }
    }

    /// After `setup /r`, the store's checkpoint of `MSExchangeIS` is missing or still the one
    /// saved before the recovery (seed 001, steps 15 to 18).
    pub(crate) fn stale_checkpoint(&self, g: GroupId, i: usize) -> bool {
        let w = &self.world;
        let recovered = w.machines.iter().any(|m| m.recovered_here);
        recovered
            && w.generation_of(g) == Some(Generation::Ex5x)
            && !w.group(g).resources[i].checkpoints.iter().any(|c| c.fresh && c.key.eq_ignore_ascii_case(IS_CHECKPOINT_KEY))
    }

    fn start_offline(&mut self, g: GroupId, i: usize) {
        self.stopping(g, i);
        let kind = self.world.group(g).resources[i].kind;
        let duration = self.draw(Timed::ResourceOffline(kind), subject(g, i));
        let now = self.world.now;
        let r = &mut self.world.group_mut(g).resources[i];
        r.state = ResState::OfflinePending { until: now.plus(duration) };
        r.stops += 1;
    }

    /// Called whenever a resource is stopped. Stopping the Exchange 5.5 store while it is still
    /// recovering damages it (seed 001, step 19).
    pub(crate) fn stopping(&mut self, g: GroupId, i: usize) {
        self.store_managed_again(g, i);
        if self.world.group(g).resources[i].kind != ResKind::InformationStore {
            return;
        }
        let Some(s) = self.world.group(g).server else { return };
        if self.world.server(s).store != Data::Recovering {
            return;
        }
        self.world.server_mut(s).store = Data::Damaged;
        self.world.ops.retain(|o| o.kind != OpKind::IsRecovery { server: s });
        let owner = self.world.group(g).owner;
        self.note(owner, LogName::Application, Level::Error, rules::ESE_SOURCE, || {
            "MSExchangeIS: Recovery was interrupted. The database is inconsistent.".into()
        });
        let name = self.world.server(s).name.clone();
        self.raise(FindingId::StoppedIsDuringRecovery, name);
    }

    pub(crate) fn finish_online(&mut self, g: GroupId, i: usize) {
        match self.start_failure(g, i) {
            Some((message, restartable)) => {
                let owner = self.world.group(g).owner;
                let resource = &self.world.group(g).resources[i];
                let source = source_of(resource.kind);
                // Cluster Administrator shows the first failure of a run of restarts; the
                // retries only add to the event log. A failure with no message of its own (a
                // timeout) is only the resource's state.
                let now = self.world.now;
                if !resource.failures.iter().any(|t| now.since(*t) < rules::RESTART_PERIOD) {
                    let (group, kind, node) = (self.world.group(g).name.clone(), self.world.resource_name(ResourceId { group: g, index: i }), self.world.machine(owner).slot.clone());
                    let text = message.clone();
                    self.notify(owner, move || if text.is_empty() { format!("{group}: {kind} failed on {node}.") } else { format!("{group}: {kind} failed on {node}. {text}") });
                }
                if !message.is_empty() {
                    self.note(owner, LogName::Application, Level::Error, source, || message);
                }
                self.note_resource_failed(g, i);
                self.resource_failed(g, i, restartable);
            }
            None => self.now_online(g, i),
        }
    }

    pub(crate) fn now_online(&mut self, g: GroupId, i: usize) {
        let now = self.world.now;
        self.world.group_mut(g).resources[i].state = ResState::Online;
        let kind = self.world.group(g).resources[i].kind;
        let owner = self.world.group(g).owner;
        let Some(s) = self.world.group(g).server else { return };
        match kind {
            ResKind::InformationStore => {
                self.world.server_mut(s).online_since = Some(now);
                self.note(owner, LogName::Application, Level::Information, "MSExchangeIS", || {
                    "The Microsoft Exchange Information Store service started. Databases mounted.".into()
                });
            }
            ResKind::SystemAttendant => self.note(owner, LogName::Application, Level::Information, "MSExchangeSA", || {
                "The Microsoft Exchange System Attendant service started.".into()
            }),
            ResKind::Directory if !self.world.server(s).replicated && !self.replication_pending(s) => {
                // A new server in the site: the directory replicates with the others.
                let d = self.draw(Timed::DirectoryReplication, u32::from(s.0));
                self.start_op(owner, OpKind::DirectoryReplication { server: s }, d);
            }
            _ => {}
        }
    }

    pub(crate) fn replication_pending(&self, s: ServerId) -> bool {
        self.world.ops.iter().any(|o| o.kind == OpKind::DirectoryReplication { server: s })
    }

    /// Why resource `i` fails to come online on its owner now, if it does, and whether the
    /// restart policy may retry it.
    fn start_failure(&self, g: GroupId, i: usize) -> Option<(String, bool)> {
        let w = &self.world;
        let group = w.group(g);
        let kind = group.resources[i].kind;
        let node = w.machine(group.owner);
        if kind == ResKind::NetworkName
            && w.machines.iter().any(|m| m.is_up() && m.computer_name.eq_ignore_ascii_case(&group.network_name))
        {
            return Some((format!("Network Name '{}' failed: a duplicate name exists on the network.", group.network_name), true));
        }
        if !kind.is_exchange() {
            return None;
        }
        let s = group.server?;
        let server = w.server(s);
        if node.exchange.is_none() {
            return Some((format!("The service {} is not installed on {}.", kind.type_name(), node.slot), true));
        }
        match kind {
            ResKind::SystemAttendant => match rules::can_host(node.exchange, server.version) {
                Ok(()) => None,
                Err(HostRefusal::NodeOlder) => Some((
                    format!("Version of Exchange on this machine does not match the version of Exchange server {}.", server.name),
                    true,
                )),
                // The same mismatch, whichever side is newer (seed 000 quotes the message).
                Err(HostRefusal::NeedsEvsUpgrade) => Some((
                    format!("Version of Exchange on this machine does not match the version of Exchange server {}.", server.name),
                    true,
                )),
                Err(HostRefusal::NotInstalled) => Some((format!("The service {} is not installed on {}.", kind.type_name(), node.slot), true)),
            },
            ResKind::Directory if server.directory == Data::Empty => {
                Some(("The Microsoft Exchange Directory service could not start: no directory database was found.".into(), true))
            }
            ResKind::Directory if server.config_mismatch => Some((
                "The Microsoft Exchange Directory service could not start: the directory database belongs to another organization, site or service account.".into(),
                true,
            )),
            ResKind::InformationStore => match server.store {
                // Past the Cluster service's 600 s: the resource is failed, and that is all
                // Cluster Administrator says; the store carries on recovering (seed 001, step 19).
                Data::Recovering => Some((String::new(), rules::RESTART_STORE_AFTER_RECOVERY_TIMEOUT)),
                Data::Damaged => Some(("The Microsoft Exchange Information Store service could not start: the database is inconsistent.".into(), true)),
                Data::Empty | Data::Lost => Some(("The Microsoft Exchange Information Store service could not start: no database was found.".into(), true)),
                Data::Live | Data::Restored => self.checkpoint_failure(g, i),
            },
            _ => None,
        }
    }

    /// After `setup /r`, the store's registry parameters reach the other node only through a
    /// current checkpoint (seed 001, steps 15 to 18).
    fn checkpoint_failure(&self, g: GroupId, i: usize) -> Option<(String, bool)> {
        let w = &self.world;
        let group = w.group(g);
        if w.generation_of(g) != Some(Generation::Ex5x) || !w.machines.iter().any(|m| m.recovered_here) {
            return None;
        }
        if w.machine(group.owner).recovered_here && !rules::STALE_CHECKPOINT_FAILS_ON_RECOVERED_NODE {
            return None;
        }
        let cps = &group.resources[i].checkpoints;
        match cps.iter().find(|c| c.key.eq_ignore_ascii_case(IS_CHECKPOINT_KEY)) {
            Some(c) if c.fresh => None,
            Some(_) => Some(("The Microsoft Exchange Information Store service could not start: its parameters in the registry do not match the databases.".into(), true)),
            None => Some(("The Microsoft Exchange Information Store service could not start: its parameters are missing from the registry.".into(), true)),
        }
    }

    pub(crate) fn finish_offline(&mut self, g: GroupId, i: usize) {
        self.world.group_mut(g).resources[i].state = ResState::Offline;
    }

    /// The Cluster service's System log entry for a failed resource, naming it as Cluster
    /// Administrator does.
    pub(crate) fn note_resource_failed(&mut self, g: GroupId, i: usize) {
        let owner = self.world.group(g).owner;
        let (group, name) = (self.world.group(g).name.clone(), self.world.resource_name(ResourceId { group: g, index: i }));
        self.note(owner, LogName::System, Level::Error, "ClusSvc", || format!("Cluster resource '{name}' in resource group '{group}' failed."));
    }

    /// A resource failed: its dependents stop, and the restart policy decides what follows.
    pub(crate) fn resource_failed(&mut self, g: GroupId, i: usize, restartable: bool) {
        let before = self.world.group(g).up_mask() | 1 << i;
        let dependents = self.dependent_closure(g, i) & !(1 << i);
        for j in 0..self.world.group(g).resources.len() {
            if dependents & (1 << j) != 0 && self.world.group(g).resources[j].state.is_up_or_coming() {
                self.stopping(g, j);
                self.world.group_mut(g).resources[j].state = ResState::Offline;
            }
        }
        let now = self.world.now;
        {
            let r = &mut self.world.group_mut(g).resources[i];
            r.state = ResState::Failed;
            r.goal = Goal::None;
            r.failures.retain(|t| now.since(*t) < rules::RESTART_PERIOD);
            r.failures.push(now);
        }
        let waiting = before & dependents;
        if !restartable {
            self.set_goal(g, dependents, Goal::None);
            return;
        }
        if self.world.group(g).resources[i].failures.len() <= rules::RESTART_THRESHOLD {
            self.set_goal(g, waiting | 1 << i, Goal::Online);
        } else {
            self.set_goal(g, dependents, Goal::None);
            self.failover(g, before);
        }
    }

    /// Affect the group: fail it over to the other node if it may still go.
    fn failover(&mut self, g: GroupId, bring: u32) {
        let owner = self.world.group(g).owner;
        let Some(to) = self.world.other_node(owner).filter(|m| self.world.machine(*m).cluster_available()) else {
            let name = self.world.group(g).name.clone();
            self.note(owner, LogName::System, Level::Error, "ClusSvc", || format!("Cluster group '{name}' failed and no other node is available to run it."));
            return;
        };
        let now = self.world.now;
        let group = self.world.group_mut(g);
        group.failovers.retain(|t| now.since(*t) < rules::GROUP_FAILOVER_PERIOD);
        if group.failovers.len() >= rules::GROUP_FAILOVER_THRESHOLD {
            let name = group.name.clone();
            self.note(owner, LogName::System, Level::Error, "ClusSvc", || {
                format!("Cluster group '{name}' exceeded its failover threshold and is left failed.")
            });
            return;
        }
        group.failovers.push(now);
        let (name, dest) = (group.name.clone(), self.world.machine(to).slot.clone());
        self.notify(owner, || format!("{name} is failing over to {dest}."));
        self.begin_move(g, to, bring);
    }

    /// Starts moving a group: everything up goes offline here, then comes online on `to`.
    pub(crate) fn begin_move(&mut self, g: GroupId, to: MachineId, bring: u32) {
        if let Some(s) = self.world.group(g).server {
            let server = self.world.server(s);
            if rules::can_host(self.world.machine(to).exchange, server.version) == Err(HostRefusal::NodeOlder) {
                let name = server.name.clone();
                self.raise(FindingId::EvsOnOldNode, name);
            }
        }
        let mut all = 0u32;
        for (j, r) in self.world.group(g).resources.iter().enumerate() {
            if r.state != ResState::Offline {
                all |= 1 << j;
            }
        }
        self.set_goal(g, all, Goal::Offline);
        self.world.group_mut(g).moving = Some((to, bring));
        let owner = self.world.group(g).owner;
        let (name, dest) = (self.world.group(g).name.clone(), self.world.machine(to).slot.clone());
        self.note(owner, LogName::System, Level::Information, "ClusSvc", || format!("Moving cluster group '{name}' to {dest}."));
    }

    fn complete_move(&mut self, g: GroupId, to: MachineId, bring: u32) {
        if self.world.machine(to).cluster_available() {
            self.world.group_mut(g).owner = to;
        }
        let group = self.world.group_mut(g);
        group.moving = None;
        for r in &mut group.resources {
            if r.state == ResState::Failed {
                r.state = ResState::Offline;
            }
            r.failures.clear();
            r.goal = Goal::None;
        }
        self.set_goal(g, bring, Goal::Online);
    }

    /// A node stops running groups. On a clean stop (a restart or shutdown from Windows, Setup
    /// stopping the Cluster service) the Cluster service first moves its groups to the other
    /// node, taking them offline in dependency order as Move Group does; when the machine just
    /// goes away (Windows Setup from CD), they stop at once. With no node to go to, they wait
    /// to be brought back when a node can run them.
    pub(crate) fn node_lost(&mut self, m: MachineId, clean: bool) {
        for g in self.world.group_ids() {
            if let Some((to, bring)) = self.world.group(g).moving
                && to == m
            {
                // The move's destination went away: the group stays where it is, or, if that
                // node is going too, stops and waits.
                self.world.group_mut(g).moving = None;
                let owner = self.world.group(g).owner;
                if self.world.machine(owner).cluster_available() {
                    self.set_goal(g, bring, Goal::Online);
                } else {
                    self.stop_at_once(g);
                    self.world.group_mut(g).resume |= bring;
                }
            }
            if self.world.group(g).owner != m {
                continue;
            }
            let mut bring = self.world.group(g).up_mask();
            if let Some((_, b)) = self.world.group(g).moving {
                bring |= b;
            }
            let other = self.world.other_node(m).filter(|o| self.world.machine(*o).cluster_available());
            if let (Some(to), true) = (other, bring != 0) {
                let (name, from, dest) = (self.world.group(g).name.clone(), self.world.machine(m).slot.clone(), self.world.machine(to).slot.clone());
                self.notify(m, || format!("{name} is failing over from {from} to {dest}."));
            }
            if let (true, Some(to), true) = (clean, other, bring != 0) {
                let now = self.world.now;
                self.world.group_mut(g).failovers.push(now);
                self.begin_move(g, to, bring);
                continue;
            }
            self.stop_at_once(g);
            match other {
                Some(to) if bring != 0 => {
                    let now = self.world.now;
                    self.world.group_mut(g).failovers.push(now);
                    // Through begin_move for its checks; everything is already offline here.
                    self.begin_move(g, to, bring);
                }
                _ => self.world.group_mut(g).resume |= bring,
            }
        }
    }

    /// Every resource of the group stops now, without the offline sequence.
    fn stop_at_once(&mut self, g: GroupId) {
        for j in 0..self.world.group(g).resources.len() {
            if self.world.group(g).resources[j].state != ResState::Offline {
                self.stopping(g, j);
            }
            let r = &mut self.world.group_mut(g).resources[j];
            r.state = ResState::Offline;
            r.goal = Goal::None;
        }
        self.world.group_mut(g).moving = None;
    }

    /// A node can run groups again: it takes back what it had to drop, and what nobody runs.
    pub(crate) fn node_joined(&mut self, m: MachineId) {
        for g in self.world.group_ids() {
            let owner = self.world.group(g).owner;
            let owner_ok = self.world.machine(owner).cluster_available();
            if owner != m && owner_ok {
                continue;
            }
            if self.world.group(g).moving.is_some() {
                continue;
            }
            self.world.group_mut(g).owner = m;
            let resume = std::mem::take(&mut self.world.group_mut(g).resume);
            self.set_goal(g, resume, Goal::Online);
        }
    }
}

/// The event source a resource's failures are logged under.
fn source_of(kind: ResKind) -> &'static str {
    match kind {
        ResKind::SystemAttendant => "MSExchangeSA",
        ResKind::InformationStore => "MSExchangeIS",
        ResKind::Directory => "MSExchangeDS",
        ResKind::Mta => "MSExchangeMTA",
        _ => "ClusSvc",
    }
}
