//! The instructor's faults: unplanned events injected into a session from the presenter view,
//! made of what the model already knows (a machine going down as a restart or a power cut takes
//! it, Initiate Failure, a hung Upgrade Exchange Virtual Server session, a slow store recovery).
//! A fault is a step of the session and a line of its transcript (`NODE1: fault power-loss`),
//! so a replay meets it again; it raises no finding (`Sim::apply` drops any): the learner is
//! graded on how they cope with it.

use super::engine::{Level, LogName, Outcome, Sim};
use super::rules::{self, Timed};
use super::verbs::refuse;
use super::world::{MachineId, NEVER, OpKind, Power, ResourceId};

impl Sim {
    /// The machine goes down at once, as a power cut or a crash and restart takes it: nothing
    /// is asked first, Setup running on it dies with it, and its groups fail over.
    pub(super) fn fault_stop(&mut self, m: MachineId, then: Power) -> Result<Outcome, Outcome> {
        let slot = self.world.machine(m).slot.clone();
        if self.world.machine(m).power != Power::Up {
            return Err(refuse(format!("{slot} is not running: there is nothing to take down.")));
        }
        let was_member = self.world.machine(m).cluster_service;
        self.world.machine_mut(m).installer = None;
        // Nothing is taken offline in order: the groups stop at once and fail over.
        self.going_down_as(m, then, false);
        // What the surviving node's System log says when a member leaves without warning
        // (ClusSvc event 1135).
        if was_member && let Some(other) = self.world.other_node(m).filter(|o| self.world.machine(*o).cluster_service) {
            self.note(other, LogName::System, Level::Error, "ClusSvc", || {
                format!(
                    "Cluster node {slot} was removed from the active server cluster membership. Cluster service may have been stopped on the node, the node may have failed, or the node may have lost communication with the other active server cluster nodes."
                )
            });
        }
        if then == Power::Off {
            return Ok(Outcome::Done(format!("{slot} lost power.")));
        }
        let d = self.draw(Timed::Reboot, u32::from(m.0));
        self.start_op(m, OpKind::Reboot, d);
        Ok(Outcome::Started(format!("{slot} restarted unexpectedly.")))
    }

    pub(super) fn fault_fail(&mut self, r: ResourceId) -> Result<Outcome, Outcome> {
        if let Some(name) = self.world.group(r.group).moving.map(|_| self.world.group(r.group).name.clone()) {
            return Err(refuse(format!("{name} is being moved.")));
        }
        self.fail_resource(r)
    }

    /// The Upgrade Exchange Virtual Server session running in this machine's Cluster
    /// Administrator hangs, as the second of two parallel sessions does (KB 822582).
    pub(super) fn fault_hang_setup(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        let mut hung = false;
        for o in self.world.ops.iter_mut().filter(|o| o.machine == m) {
            if let OpKind::UpgradeEvs { hung: h @ false, .. } = &mut o.kind {
                *h = true;
                o.due = NEVER;
                hung = true;
            }
        }
        let slot = self.world.machine(m).slot.clone();
        if !hung {
            return Err(refuse(format!("No Upgrade Exchange Virtual Server session is running on {slot}.")));
        }
        self.world.machine_mut(m).cluadmin_hung = true;
        Ok(Outcome::Done(format!("The Upgrade Exchange Virtual Server session on {slot} hangs.")))
    }

    /// The information store recovering on this machine takes longer.
    pub(super) fn fault_slow_recovery(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        let mut slowed = false;
        for o in self.world.ops.iter_mut().filter(|o| o.machine == m && matches!(o.kind, OpKind::IsRecovery { .. })) {
            o.due = o.due.plus(rules::SLOW_RECOVERY_EXTRA);
            slowed = true;
        }
        let slot = self.world.machine(m).slot.clone();
        if !slowed {
            return Err(refuse(format!("No information store is recovering on {slot}.")));
        }
        Ok(Outcome::Done(format!("The store recovering on {slot} will take {} minutes longer.", rules::SLOW_RECOVERY_EXTRA / 60)))
    }
}
