//! The faults an instructor can inject now (the presenter view's menu): only those the state
//! allows, each as the action that injects it.

use crate::sim::action::{Action, ResRef, Verb};
use crate::sim::world::{OpKind, Power, ResState, ResourceId, World};

/// A fault on offer: what the menu says, and the action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultChoice {
    pub label: String,
    pub action: Action,
}

pub fn faults(w: &World) -> Vec<FaultChoice> {
    let mut out = Vec::new();
    let choice = |label: String, slot: &str, verb: Verb| FaultChoice { label, action: Action::new(slot, verb) };
    for m in w.machine_ids() {
        let machine = w.machine(m);
        let slot = machine.slot.as_str();
        if machine.power != Power::Up {
            continue;
        }
        out.push(choice(format!("{slot} loses power"), slot, Verb::FaultPowerLoss));
        out.push(choice(format!("{slot} restarts unexpectedly"), slot, Verb::FaultRestart));
        let ops = w.ops.iter().filter(|o| o.machine == m);
        if ops.clone().any(|o| matches!(o.kind, OpKind::UpgradeEvs { hung: false, .. })) {
            out.push(choice(format!("The Upgrade Exchange Virtual Server session on {slot} hangs"), slot, Verb::FaultHangSetup));
        }
        if ops.clone().any(|o| matches!(o.kind, OpKind::IsRecovery { .. })) {
            out.push(choice(format!("The store recovering on {slot} takes much longer"), slot, Verb::FaultSlowRecovery));
        }
    }
    for g in w.group_ids() {
        let group = w.group(g);
        if group.moving.is_some() {
            continue;
        }
        let owner = w.machine(group.owner).slot.as_str();
        for (index, r) in group.resources.iter().enumerate().filter(|(_, r)| r.state == ResState::Online) {
            let resource = ResRef { group: group.name.clone(), kind: r.kind };
            let label = format!("{} fails", w.resource_name(ResourceId { group: g, index }));
            out.push(choice(label, owner, Verb::FaultFail { resource }));
        }
    }
    out
}
