//! Cluster Administrator: the context menus of groups and resources (greyed as the real tool
//! greys them), a resource's Properties, and what the tool is busy with.

use crate::sim::action::{ResRef, Target, Verb};
use crate::sim::catalog::{Generation, ResKind};
use crate::sim::rules;
use crate::sim::time::Secs;
use crate::sim::world::*;

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

/// A resource's Properties dialog: General, Dependencies, Advanced, Registry Replication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceProperties {
    pub name: String,
    pub type_name: &'static str,
    pub group: String,
    pub state: &'static str,
    pub possible_owners: Vec<String>,
    pub dependencies: Vec<String>,
    /// The restart policy, as the Advanced tab words it.
    pub restart: String,
    /// How long the Cluster service lets it stay pending before it fails it.
    pub pending_timeout: Secs,
    pub checkpoints: Vec<String>,
}

pub fn resource_properties(w: &World, r: ResourceId) -> ResourceProperties {
    let group = w.group(r.group);
    let res = w.resource(r);
    let dependencies =
        (0..group.resources.len()).filter(|j| res.deps & (1 << j) != 0).map(|index| w.resource_name(ResourceId { group: r.group, index })).collect();
    // The Cluster service gives the Exchange 5.5 store 600 s to start (seed 001, step 19).
    let five_store = res.kind == ResKind::InformationStore && w.generation_of(r.group) == Some(Generation::Ex5x);
    ResourceProperties {
        name: w.resource_name(r),
        type_name: res.kind.type_name(),
        group: group.name.clone(),
        state: res.state.label(),
        possible_owners: w.cluster_nodes().map(|n| w.machine(n).slot.clone()).collect(),
        dependencies,
        restart: format!("Affect the group; threshold {} in {} seconds", rules::RESTART_THRESHOLD, rules::RESTART_PERIOD),
        pending_timeout: if five_store { rules::IS55_START_TIMEOUT } else { rules::PENDING_TIMEOUT },
        checkpoints: res.checkpoints.iter().map(|c| c.key.clone()).collect(),
    }
}

/// What Cluster Administrator on `console` is busy with: the Upgrade Exchange Virtual Server
/// sessions running in it. Each shows an hourglass and nothing more, whether it is working or
/// hung (KB 822582: the interface gives no warning).
pub fn cluadmin_sessions(w: &World, console: MachineId) -> Vec<String> {
    w.ops
        .iter()
        .filter(|o| o.machine == console)
        .filter_map(|o| match o.kind {
            OpKind::UpgradeEvs { group, .. } => Some(format!("Upgrading Exchange Virtual Server {}… (since {})", w.group(group).name, o.started)),
            _ => None,
        })
        .collect()
}
