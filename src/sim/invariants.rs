//! What must hold of a session after every event, whatever the learner did. Debug builds
//! assert it after each event and each action (so every test checks it, not only the property
//! tests); `check_invariants` says which one broke.

use super::engine::Sim;
use super::world::*;

impl Sim {
    /// Every invariant of the state, or the first one broken, in words.
    pub fn check_invariants(&self) -> Result<(), String> {
        let w = &self.world;
        for g in &w.groups {
            check_group(w, g)?;
        }
        for (s, server) in w.servers.iter().enumerate() {
            if let Host::Group(g) = server.host {
                if w.groups.get(g.ix()).and_then(|g| g.server) != Some(ServerId(s as u8)) {
                    return Err(format!("{} runs in a group that does not run it", server.name));
                }
            }
        }
        if w.downtime.per_server.len() != w.servers.len() {
            return Err(format!("downtime is kept for {} servers, but there are {}", w.downtime.per_server.len(), w.servers.len()));
        }
        for (s, d) in w.servers.iter().zip(&w.downtime.per_server) {
            if *d > w.now.secs() {
                return Err(format!("{} has more downtime ({d} s) than time has passed", s.name));
            }
        }
        if w.downtime.noticed_user_seconds_x100 > w.downtime.user_seconds * 100 {
            return Err("users noticed more downtime than they had".into());
        }
        for m in &w.machines {
            if let Some(id) = m.installer {
                if !w.ops.iter().any(|o| o.id == id) {
                    return Err(format!("{}'s installer is no operation under way", m.slot));
                }
            }
        }
        for o in &w.ops {
            if o.due < o.started || o.machine.ix() >= w.machines.len() {
                return Err(format!("operation {} is due before it started, or on no machine", o.id));
            }
        }
        Ok(())
    }

    /// Panics, naming the invariant, if one is broken: called after each event and action in
    /// debug builds.
    pub(crate) fn debug_check(&self) {
        if cfg!(debug_assertions)
            && let Err(e) = self.check_invariants()
        {
            panic!("invariant broken at {} (step {}): {e}", self.world.now, self.steps);
        }
    }
}

/// A group is owned by one machine that exists; a resource is up (or coming up) only while what
/// it depends on is online, and only on a machine that can run groups unless the group is being
/// moved off it; dependencies stay inside the group and never loop back on a resource.
fn check_group(w: &World, g: &Group) -> Result<(), String> {
    if g.owner.ix() >= w.machines.len() {
        return Err(format!("{} is owned by a machine that does not exist", g.name));
    }
    let all = if g.resources.len() >= 32 { u32::MAX } else { (1u32 << g.resources.len()) - 1 };
    for (i, r) in g.resources.iter().enumerate() {
        if r.deps & !all != 0 || r.deps & (1 << i) != 0 {
            return Err(format!("{}/{} depends on itself or on a resource outside its group", g.name, r.kind.id()));
        }
        if r.state.is_up_or_coming() {
            for (j, d) in g.resources.iter().enumerate() {
                if r.deps & (1 << j) != 0 && d.state != ResState::Online {
                    return Err(format!("{}/{} is {} while its dependency {} is {}", g.name, r.kind.id(), r.state.label(), d.kind.id(), d.state.label()));
                }
            }
        }
    }
    let up = g.resources.iter().any(|r| r.state.is_up_or_coming());
    if up && !w.machine(g.owner).cluster_available() && g.moving.is_none() {
        return Err(format!("{} has resources up on {}, which cannot run groups", g.name, w.machine(g.owner).slot));
    }
    if let Some((to, _)) = g.moving
        && !w.machines.get(to.ix()).is_some_and(Machine::is_cluster_node)
    {
        return Err(format!("{} is being moved to a machine that is not a cluster node", g.name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::sim::Sim;
    use crate::sim::catalog::ResKind;
    use crate::sim::scenario::builtin;
    use crate::sim::world::ResState;

    #[test]
    fn a_broken_state_is_named() {
        let mut sim = Sim::new(builtin("e2003-sp1-active-passive").unwrap(), 1);
        assert_eq!(sim.check_invariants(), Ok(()));
        let g = sim.world.group_named("EVS1").unwrap();
        let sa = sim.world.group(g).find(ResKind::SystemAttendant).unwrap();
        let disk = sim.world.group(g).find(ResKind::PhysicalDisk).unwrap();
        sim.world.group_mut(g).resources[disk].state = ResState::Offline;
        let e = sim.check_invariants().unwrap_err();
        assert!(e.contains("EVS1/sa is Online while its dependency disk is Offline"), "{e}");
        sim.world.group_mut(g).resources[disk].state = ResState::Online;
        sim.world.group_mut(g).resources[sa].deps |= 1 << sa;
        assert!(sim.check_invariants().unwrap_err().contains("depends on itself"));
        sim.world.group_mut(g).resources[sa].deps &= !(1 << sa);
        sim.world.downtime.per_server[0] = 5;
        assert!(sim.check_invariants().unwrap_err().contains("more downtime"));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "invariant broken")]
    fn debug_builds_assert_them_after_every_event() {
        let mut sim = Sim::new(builtin("e2003-sp1-active-passive").unwrap(), 1);
        let node1 = sim.world.machine_named("NODE1").unwrap();
        sim.world.machine_mut(node1).installer = Some(99);
        sim.advance_to(sim.now().plus(60));
        let action = crate::sim::script::parse_line("NODE1: logon CORP\\exadmin").unwrap();
        let crate::sim::script::Line::Action(a) = action else { unreachable!() };
        let _ = sim.apply(sim.now(), &a);
    }
}
