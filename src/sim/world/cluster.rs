//! The cluster's groups and their resources: states, goals, dependencies, registry
//! checkpoints, and how a group is built (the Cluster Group, an Exchange group with its
//! resources wired by the rules of its Exchange generation).

use super::{MachineId, Server, ServerId};
use crate::sim::catalog::{Generation, ResKind, Windows};
use crate::sim::rules;
use crate::sim::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResState {
    Offline,
    OnlinePending { until: SimTime },
    Online,
    OfflinePending { until: SimTime },
    Failed,
}

impl ResState {
    pub fn label(self) -> &'static str {
        match self {
            ResState::Offline => "Offline",
            ResState::OnlinePending { .. } => "Online Pending",
            ResState::Online => "Online",
            ResState::OfflinePending { .. } => "Offline Pending",
            ResState::Failed => "Failed",
        }
    }

    pub fn is_up_or_coming(self) -> bool {
        matches!(self, ResState::Online | ResState::OnlinePending { .. })
    }

    pub fn is_pending(self) -> bool {
        matches!(self, ResState::OnlinePending { .. } | ResState::OfflinePending { .. })
    }
}

/// What the resource monitor is driving a resource towards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Goal {
    None,
    Online,
    Offline,
}

/// A registry checkpoint on a resource. `fresh` is false for one whose saved data predates
/// `setup /r` (seed 001, steps 15 to 18).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Checkpoint {
    pub key: String,
    pub fresh: bool,
}

/// The registry key seed 001 tells you to checkpoint on the Information Store.
pub const IS_CHECKPOINT_KEY: &str = "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS";

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Resource {
    pub kind: ResKind,
    pub state: ResState,
    pub goal: Goal,
    /// Bit i set: depends on resource i of the same group.
    pub deps: u32,
    /// Times of recent failures, for the restart policy.
    pub failures: Vec<SimTime>,
    /// How many times it started and stopped: addresses its duration draws.
    pub starts: u32,
    pub stops: u32,
    pub checkpoints: Vec<Checkpoint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupKind {
    /// The default Cluster Group: cluster IP, name, quorum disk, MSDTC.
    Cluster,
    /// A group holding an Exchange virtual server (or one configured for it).
    Exchange,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Group {
    pub name: String,
    pub kind: GroupKind,
    pub owner: MachineId,
    /// The value of the group's Network Name resource.
    pub network_name: String,
    pub resources: Vec<Resource>,
    /// The Exchange server this group runs, once Setup has created its resources.
    pub server: Option<ServerId>,
    /// A move under way: the node, and the resources to bring online there.
    pub moving: Option<(MachineId, u32)>,
    /// Resources to bring back when the owner (or another node) can run the group again.
    pub resume: u32,
    pub failovers: Vec<SimTime>,
    /// When (time and step) the learner brought the System Attendant online by itself, if the
    /// group has not been brought online as a whole since (see finding `sa-only-online`).
    pub sa_alone: Option<(SimTime, u32)>,
}

impl Group {
    pub fn find(&self, kind: ResKind) -> Option<usize> {
        self.resources.iter().position(|r| r.kind == kind)
    }

    pub fn state_of(&self, kind: ResKind) -> Option<ResState> {
        self.find(kind).map(|i| self.resources[i].state)
    }

    pub fn is_online(&self, kind: ResKind) -> bool {
        self.state_of(kind) == Some(ResState::Online)
    }

    /// Group state as Cluster Administrator shows it (reference, section 1).
    pub fn state_label(&self) -> &'static str {
        let rs = &self.resources;
        if rs.iter().any(|r| r.state == ResState::Failed) {
            "Failed"
        } else if rs.iter().any(|r| r.state.is_pending()) || self.moving.is_some() {
            "Pending"
        } else if rs.iter().all(|r| r.state == ResState::Online) {
            "Online"
        } else if rs.iter().all(|r| r.state == ResState::Offline) {
            "Offline"
        } else {
            "Partially Online"
        }
    }

    /// Bit mask of the resources that are online or on their way there.
    pub fn up_mask(&self) -> u32 {
        self.resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r.state.is_up_or_coming() || r.goal == Goal::Online)
            .fold(0, |m, (i, _)| m | 1 << i)
    }
}

impl Resource {
    /// A resource as a group is created with it: online or offline, with no goal.
    pub fn new(kind: ResKind, online: bool) -> Resource {
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
}

impl Group {
    fn with_resources(name: &str, kind: GroupKind, network_name: &str, owner: MachineId, resources: Vec<Resource>) -> Group {
        let mut group = Group {
            name: name.to_string(),
            kind,
            owner,
            network_name: network_name.to_string(),
            resources,
            server: None,
            moving: None,
            resume: 0,
            failovers: Vec::new(),
            sa_alone: None,
        };
        group.wire(None);
        group
    }

    /// The default Cluster Group of a cluster named `cluster_name`: its IP Address, Network
    /// Name and quorum disk, and MSDTC where Windows has it as a cluster resource (2000, 2003).
    pub fn cluster_group(cluster_name: &str, owner: MachineId, windows: Option<Windows>, online: bool) -> Group {
        let mut kinds = vec![ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk];
        if matches!(windows, Some(Windows::W2000 | Windows::W2003)) {
            kinds.push(ResKind::Msdtc);
        }
        let resources = kinds.into_iter().map(|k| Resource::new(k, online)).collect();
        Group::with_resources("Cluster Group", GroupKind::Cluster, cluster_name, owner, resources)
    }

    /// A group for Exchange with only IP Address, Network Name and Physical Disk, as it is
    /// configured before Exchange Setup creates the rest (seed 001).
    pub fn exchange_base(name: &str, network_name: &str, owner: MachineId, online: bool) -> Group {
        let resources = [ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk].into_iter().map(|k| Resource::new(k, online)).collect();
        Group::with_resources(name, GroupKind::Exchange, network_name, owner, resources)
    }

    /// The group of an Exchange virtual server (named as the server, which is its Network
    /// Name), with every resource its server has.
    pub fn evs(server: &Server, id: ServerId, owner: MachineId, online: bool) -> Group {
        let mut group = Group::exchange_base(&server.name, &server.name, owner, online);
        group.add_exchange_resources(server, online);
        group.server = Some(id);
        group
    }

    /// Adds the Exchange resources `server` has (its generation's, its optional ones, the MTA
    /// if it owns it), offline unless `online`, and wires their dependencies.
    pub fn add_exchange_resources(&mut self, server: &Server, online: bool) {
        for k in rules::exchange_resources(server.version.generation(), server.owns_mta, &server.optional) {
            if self.find(k).is_none() {
                self.resources.push(Resource::new(k, online));
            }
        }
        self.wire(Some(server.version.generation()));
    }

    /// Sets each resource's dependency mask from the rules, for the group's generation.
    pub fn wire(&mut self, generation: Option<Generation>) {
        let kinds: Vec<ResKind> = self.resources.iter().map(|r| r.kind).collect();
        for r in &mut self.resources {
            r.deps = rules::depends_on(r.kind, generation).iter().filter_map(|k| kinds.iter().position(|x| x == k)).fold(0, |m, i| m | 1 << i);
        }
    }
}
