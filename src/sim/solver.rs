//! The solver: an A* search over the model for a plan that meets every objective with no
//! findings, least total downtime first and fewest steps second. Its result is a scenario's
//! par for a seed, the proof that a scenario can be solved, and the source of hints.
//!
//! A move is one action followed by waiting until nothing is under way. Moves come from
//! [`candidates`], which proposes only actions that can matter in the state at hand (a backup
//! not yet taken, the next package on the path to the target, a group's SA to take offline...);
//! any move that is refused, changes nothing, or raises a finding is discarded. States reached
//! along different orders of the same work are merged by a key that ignores absolute times.
//!
//! The heuristic counts the actions still certainly needed and the downtime each EVS still has
//! to go through (its store and SA stopping, the upgrade, their starting again), using the
//! durations the seed will draw next. The downtime part assumes each resource's next start
//! takes its next drawn duration, which holds for every sensible plan.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::Hash;
use std::rc::Rc;

use super::action::{Action, AfterRestore, Target, Verb};
use super::catalog::{ExBuild, Package, ResKind, Windows};
use super::chance;
use super::engine::Sim;
use super::fingerprint::StableHasher;
use super::grading::Par;
use super::rules::Timed;
use super::scenario::Scenario;
use super::time::{Secs, SimTime};
use super::transcript::{Transcript, WAIT_LIMIT};
use super::world::*;

/// How much a search may do before it gives up: states expanded, bytes of simulation kept
/// waiting to be expanded (memory), and bytes of simulation copied to try moves (time: each
/// try copies the state and runs it until nothing is under way, in proportion to its size).
/// Bytes are `Sim::weight`'s estimate, the same on every platform, so a search gives up at
/// the same point natively and in wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub expansions: usize,
    pub kept_bytes: u64,
    pub work_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

/// Proving a scenario solvable (`check`, `solve`, the tests): about a minute and 1 GB at most.
pub const PROOF: Budget = Budget { expansions: 100_000, kept_bytes: 512 * MIB, work_bytes: 12 * 1024 * MIB };
/// When someone is waiting for the answer (the par in a report, a hint in the trainer, which
/// runs on the page's only thread): several times what the hardest built-in scenario needs at
/// any of seeds 1 to 30 (1,784 states), well under a second. A larger instructor's scenario
/// then goes without a par rather than freezing the page.
pub const INTERACTIVE: Budget = Budget { expansions: 10_000, kept_bytes: 48 * MIB, work_bytes: 192 * MIB };

/// States kept per state expanded, at most (the node list's length, whatever the states' size).
const KEPT_PER_EXPANSION: usize = 4;

#[derive(Clone, Debug)]
pub struct Plan {
    /// Each action with the time it is taken.
    pub actions: Vec<(SimTime, Action)>,
    pub end: SimTime,
    pub downtime: Secs,
    pub expanded: usize,
    /// The most bytes of simulation kept at once, and the bytes copied to try moves.
    pub peak_bytes: u64,
    pub work_bytes: u64,
}

impl Plan {
    pub fn par(&self) -> Par {
        Par { steps: self.actions.len() as u32, downtime: self.downtime }
    }

    /// The plan as an action script: a `wait` wherever time must pass before the next action.
    pub fn script(&self) -> String {
        let mut out = String::new();
        for (k, (t, a)) in self.actions.iter().enumerate() {
            out.push_str(&a.to_string());
            out.push('\n');
            let next = self.actions.get(k + 1).map_or(self.end, |(n, _)| *n);
            if next > *t {
                out.push_str("wait\n");
            }
        }
        out
    }

    pub fn transcript(&self, scenario: &Scenario, seed: u64) -> Transcript {
        Transcript::new(scenario, seed, self.actions.clone(), self.end)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SolveError {
    NoPlan { expanded: usize },
    TooHard { expanded: usize, spent: Spent },
}

/// Which part of the budget a search spent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spent {
    States,
    Memory,
    Time,
}

impl std::fmt::Display for SolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SolveError::NoPlan { expanded } => write!(f, "no plan completes this scenario without findings ({} searched)", super::counted(*expanded as u64, "state", "states")),
            SolveError::TooHard { expanded, spent } => write!(
                f,
                "the search gave up after {expanded} states, its {} budget spent: the scenario is too large for the solver to prove (each EVS more multiplies the orders to try); it can still be played, without a par or hints",
                match spent {
                    Spent::States => "state",
                    Spent::Memory => "memory",
                    Spent::Time => "time",
                }
            ),
        }
    }
}

/// What stands in the way of a plan, for the author of a scenario: where to look in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The downtime budget is too tight for the best plan.
    Budget,
    /// Without this objective (its index), a clean plan exists.
    Objective(usize),
    /// Neither alone: the message says what to try.
    Unknown,
}

/// Why `solve` found no plan, and what the message names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub cause: Cause,
    /// Says `FILE` where the scenario file's name goes ([`Diagnosis::for_file`]).
    pub message: String,
}

/// Where a diagnosis names the scenario's file.
const FILE: &str = "`clusterdrill play FILE --verbose`";

impl Diagnosis {
    /// The message, naming the scenario's file where it says what to run.
    pub fn for_file(&self, file: &str) -> String {
        let file = if file.contains(char::is_whitespace) { format!("'{file}'") } else { file.to_string() };
        self.message.replace(FILE, &format!("`clusterdrill play {file} --verbose`"))
    }
}

/// Why `solve` found no plan, for the author of a scenario: if lifting the downtime budget lets
/// a plan through, the budget is the cause, and the message says what the best plan needs; else
/// an objective without which a plan exists. All its searches together spend one proof's
/// budget of time at most ([`PROOF`]), however many objectives there are; an objective
/// checked twice is tried once.
pub fn diagnose(scenario: &Rc<Scenario>, seed: u64, error: &SolveError) -> Diagnosis {
    diagnose_within(scenario, seed, error, PROOF)
}

/// `diagnose`, all its searches within one `budget`'s time (the browser's: `INTERACTIVE`).
pub fn diagnose_within(scenario: &Rc<Scenario>, seed: u64, error: &SolveError, budget: Budget) -> Diagnosis {
    let SolveError::NoPlan { .. } = error else { return Diagnosis { cause: Cause::Unknown, message: error.to_string() } };
    let each = Budget { expansions: budget.expansions.min(INTERACTIVE.expansions), kept_bytes: budget.kept_bytes.min(INTERACTIVE.kept_bytes), ..budget };
    let left = std::cell::Cell::new(budget.work_bytes);
    let spend = |scenario: Scenario, budget: Budget| {
        let (result, work) = search(&Sim::new_quiet(Rc::new(scenario), seed), Budget { work_bytes: left.get().min(budget.work_bytes), ..budget });
        left.set(left.get().saturating_sub(work));
        result
    };
    let lifted = Scenario { budget: Secs::MAX / 4, ..(**scenario).clone() };
    if let Ok(plan) = spend(lifted.clone(), budget) {
        let lifted = Rc::new(lifted);
        let worst = crate::sim::transcript::replay(&lifted, &plan.transcript(&lifted, seed), true)
            .map(|sim| sim.report(plan.end, None).worst_downtime)
            .unwrap_or(plan.downtime);
        let message = format!(
            "{error}: the downtime budget ({}) is too tight; the best plan at seed {seed} keeps users of one server down for {}",
            crate::sim::time::format_duration(scenario.budget),
            crate::sim::time::format_duration(worst)
        );
        return Diagnosis { cause: Cause::Budget, message };
    }
    // An objective that stands in the way: without it, a clean plan exists.
    let mut unknown = false;
    for (i, o) in scenario.objectives.iter().enumerate() {
        if scenario.objectives[..i].iter().any(|p| p.check == o.check) {
            continue;
        }
        let objectives: Vec<_> = scenario.objectives.iter().filter(|p| p.check != o.check).cloned().collect();
        if objectives.is_empty() {
            continue;
        }
        if left.get() == 0 {
            unknown = true;
            break;
        }
        match spend(Scenario { objectives, ..(**scenario).clone() }, each) {
            Ok(_) => {
                let message = format!("{error}: the objective \"{}\" cannot be met, or not without a mistake; without it the scenario can be passed", o.text);
                return Diagnosis { cause: Cause::Objective(i), message };
            }
            Err(SolveError::TooHard { .. }) => unknown = true,
            Err(SolveError::NoPlan { .. }) => {}
        }
    }
    let unsure = if unknown { " (for some objectives the search was too long to tell)" } else { "" };
    let message = format!(
        "{error}: every way tried either misses an objective or makes a mistake the grading names (rights an account lacks, a node that must be empty...){unsure}; play the intended procedure with {FILE} to see which"
    );
    Diagnosis { cause: Cause::Unknown, message }
}

struct Node {
    /// Dropped once the node is expanded: only the path back is needed from then on.
    sim: Option<Sim>,
    weight: u64,
    key: u64,
    parent: usize,
    action: Option<(SimTime, Action)>,
}

/// Finds the best plan for `scenario` with `seed`.
pub fn solve(scenario: &Rc<Scenario>, seed: u64) -> Result<Plan, SolveError> {
    solve_within(scenario, seed, PROOF)
}

/// `solve`, giving up when `budget` is spent.
pub fn solve_within(scenario: &Rc<Scenario>, seed: u64, budget: Budget) -> Result<Plan, SolveError> {
    solve_from_within(&Sim::new_quiet(scenario.clone(), seed), budget)
}

/// Finds the best way on from a session in progress (for hints): the plan's actions start at
/// the session's current time. Mistakes already made stay; the plan makes no new ones.
pub fn solve_from(sim: &Sim) -> Result<Plan, SolveError> {
    solve_from_within(sim, PROOF)
}

/// `solve_from`, giving up when `budget` is spent.
pub fn solve_from_within(sim: &Sim, budget: Budget) -> Result<Plan, SolveError> {
    search(sim, budget).0
}

/// The search, and the bytes it copied (its time) whatever came of it.
fn search(sim: &Sim, budget: Budget) -> (Result<Plan, SolveError>, u64) {
    let mut start = sim.clone();
    start.record_log = false;
    let scenario = start.scenario().clone();
    let target = scenario.target();
    let allowed = start.findings().len();
    let start_key = key(&start);
    let h = heuristic(&start, target);
    let g0 = (start.total_downtime(), start.steps());
    let mut best: HashMap<u64, (Secs, u32)> = HashMap::new();
    best.insert(start_key, g0);
    let mut open = BinaryHeap::new();
    open.push(Reverse((g0.0 + h.0, g0.1 + h.1, Reverse(g0.1), 0usize)));
    let (mut kept, mut peak, mut work) = (start.weight(), start.weight(), 0u64);
    let mut nodes = vec![Node { weight: kept, sim: Some(start), key: start_key, parent: usize::MAX, action: None }];
    let mut expanded = 0;
    while let Some(Reverse((_, _, _, id))) = open.pop() {
        let Some(sim) = nodes[id].sim.take() else { continue };
        kept -= nodes[id].weight;
        let sim = &sim;
        let g = (sim.total_downtime(), sim.steps());
        if best.get(&nodes[id].key).is_some_and(|b| *b < g) {
            continue;
        }
        if is_goal(sim, allowed) {
            return (Ok(Plan { peak_bytes: peak, work_bytes: work, ..rebuild(&nodes, id, sim, expanded) }), work);
        }
        expanded += 1;
        let spent = if expanded > budget.expansions || nodes.len() > budget.expansions * KEPT_PER_EXPANSION {
            Some(Spent::States)
        } else if kept > budget.kept_bytes {
            Some(Spent::Memory)
        } else if work > budget.work_bytes {
            Some(Spent::Time)
        } else {
            None
        };
        if let Some(spent) = spent {
            return (Err(SolveError::TooHard { expanded, spent }), work);
        }
        let weight = sim.weight();
        let parent_key = nodes[id].key;
        // Needed local work goes first, alone, when some of it can run cleanly now.
        let mut children: Vec<(Action, Sim, u64)> = Vec::new();
        for action in eager(sim, target) {
            work += weight;
            if let Some((child, k)) = try_move(sim, &action, parent_key) {
                children.push((action, child, k));
                break;
            }
        }
        if children.is_empty() {
            for action in candidates(sim, target) {
                work += weight;
                if let Some((child, k)) = try_move(sim, &action, parent_key) {
                    children.push((action, child, k));
                }
            }
        }
        for (action, child, k) in children {
            let at = sim.now();
            let g = (child.total_downtime(), child.steps());
            if best.get(&k).is_some_and(|b| *b <= g) {
                continue;
            }
            best.insert(k, g);
            let h = heuristic(&child, target);
            let f = (g.0 + h.0, g.1 + h.1);
            let steps = child.steps();
            let weight = child.weight();
            kept += weight;
            peak = peak.max(kept);
            nodes.push(Node { weight, sim: Some(child), key: k, parent: id, action: Some((at, action)) });
            open.push(Reverse((f.0, f.1, Reverse(steps), nodes.len() - 1)));
        }
    }
    (Err(SolveError::NoPlan { expanded }), work)
}

/// Applies an action and waits until nothing is under way; `None` if the move is refused,
/// raises a finding, or changes nothing.
fn try_move(sim: &Sim, action: &Action, parent_key: u64) -> Option<(Sim, u64)> {
    let mut child = sim.clone();
    let at = child.now();
    let findings = child.findings().len();
    match child.apply_written(at, action) {
        Ok(outcome) if !outcome.is_refused() => {}
        _ => return None,
    }
    let limit = child.now().plus(WAIT_LIMIT);
    child.run_until_idle(limit);
    if child.findings().len() > findings {
        return None;
    }
    let k = key(&child);
    (k != parent_key).then_some((child, k))
}

/// Work that is needed, costs no downtime and touches only its own machine: a pending restart
/// of a machine that runs nothing, the next package on its path to the target. While every
/// user has mail, it is done at once, in machine order, without branching: doing it earlier
/// never costs downtime or steps, and it spares the search every interleaving.
fn eager(sim: &Sim, target: Option<ExBuild>) -> Vec<Action> {
    let w = sim.world();
    let mut out = Vec::new();
    let Some(target) = target else { return out };
    // Waiting for local work costs downtime while anyone is down.
    if w.users_down() > 0 {
        return out;
    }
    for m in w.machine_ids() {
        let machine = w.machine(m);
        if !machine.is_up() || machine.installer.is_some() || !machine.logged_on.is_some_and(|a| w.has_local_admin(a, m)) {
            continue;
        }
        let act = |verb: Verb| Action::new(machine.slot.clone(), verb);
        // Owning any part of an EVS that is up means a restart or Setup moves it: not local.
        // Nor is a Setup that wants the node empty while it owns any group that is up.
        let hosting = w.groups.iter().any(|g| g.owner == m && g.kind == GroupKind::Exchange && g.up_mask() != 0);
        let hosting_any = w.groups.iter().any(|g| g.owner == m && g.up_mask() != 0);
        if machine.reboot_pending {
            if !hosting {
                out.push(act(Verb::Reboot));
            }
            continue;
        }
        let Some(have) = machine.exchange else { continue };
        if target >= ExBuild::Ex2003Sp1 && have < target && machine.windows == Some(Windows::W2003) && !machine.hotfix_831464 {
            if !hosting {
                out.push(act(Verb::Install { package: Package::Hotfix831464 }));
            }
            continue;
        }
        if let Some(p) = Package::ALL.into_iter().find(|p| p.base() == Some(have) && p.result().is_some_and(|r| r <= target))
            && !hosting
            && !(super::rules::setup_needs_empty_node(p) && hosting_any)
        {
            out.push(act(Verb::Install { package: p }));
        }
    }
    out
}

fn rebuild(nodes: &[Node], mut id: usize, goal: &Sim, expanded: usize) -> Plan {
    let (end, downtime) = (goal.now(), goal.total_downtime());
    let mut actions = Vec::new();
    while id != usize::MAX {
        if let Some(a) = &nodes[id].action {
            actions.push(a.clone());
        }
        id = nodes[id].parent;
    }
    actions.reverse();
    Plan { actions, end, downtime, expanded, peak_bytes: 0, work_bytes: 0 }
}

/// Every objective met, and no findings beyond the `allowed` ones the session started with.
fn is_goal(sim: &Sim, allowed: usize) -> bool {
    if !sim.scenario().objectives.iter().all(|o| sim.check(&o.check)) {
        return false;
    }
    let report = sim.report(sim.now(), None);
    report.completed && report.findings.len() <= allowed
}

/// A key for the state that ignores when things happened, keeping only their order, and how
/// many times each duration was drawn: two orders of the same work reach the same key.
fn key(sim: &Sim) -> u64 {
    let mut w = sim.world().clone();
    w.downtime = Downtime::default();
    // How often each duration was drawn changes only repeated operations' timings; keeping it
    // would make every futile retry look like a new state.
    w.draws.clear();
    let mut times: Vec<u32> = Vec::new();
    visit_times(&mut w, &mut |t| times.push(t.0));
    times.push(w.now.0);
    times.sort_unstable();
    times.dedup();
    visit_times(&mut w, &mut |t| {
        if *t != NEVER {
            t.0 = times.binary_search(&t.0).unwrap_or(0) as u32;
        }
    });
    w.now = SimTime(times.binary_search(&w.now.0).unwrap_or(0) as u32);
    let mut h = StableHasher::default();
    w.hash(&mut h);
    std::hash::Hasher::finish(&h)
}

/// Calls `f` on every point in time the world stores.
fn visit_times(w: &mut World, f: &mut impl FnMut(&mut SimTime)) {
    for g in &mut w.groups {
        for r in &mut g.resources {
            if let ResState::OnlinePending { until } | ResState::OfflinePending { until } = &mut r.state {
                f(until);
            }
            r.failures.iter_mut().for_each(&mut *f);
        }
        g.failovers.iter_mut().for_each(&mut *f);
    }
    for m in &mut w.machines {
        if let Some(t) = &mut m.log_read_at {
            f(t);
        }
    }
    for s in &mut w.servers {
        if let Some(t) = &mut s.online_since {
            f(t);
        }
        if let Some(t) = &mut s.upgraded_at {
            f(t);
        }
    }
    for b in &mut w.backups {
        f(&mut b.at);
    }
    for mv in &mut w.moves {
        mv.logons.iter_mut().for_each(&mut *f);
    }
    for o in &mut w.ops {
        f(&mut o.started);
        f(&mut o.due);
    }
    if let Some(t) = &mut w.marks.first_change {
        f(t);
    }
}

/// The duration the seed will draw next for (what, subject), without drawing it.
fn peek(sim: &Sim, what: Timed, subject: u32) -> Secs {
    let stream = chance::stream(what.code(), subject);
    let n = sim.world().draws.iter().find(|(s, _)| *s == stream).map_or(0, |(_, n)| *n);
    chance::draw(sim.seed(), stream, n, sim.scenario().span(what))
}

/// A lower bound on (downtime, steps) still to come.
pub fn heuristic(sim: &Sim, target: Option<ExBuild>) -> (Secs, u32) {
    if sim.scenario().migration.is_some() {
        return migration_heuristic(sim);
    }
    let w = sim.world();
    let mut down = 0;
    let mut steps = 0;
    let Some(target) = target else { return (0, 0) };
    for s in w.server_ids() {
        let server = w.server(s);
        let Host::Group(g) = server.host else { continue };
        if server.version >= target {
            continue;
        }
        // SA offline (unless it is already), upgrade, bring online; a backup afterwards
        // (counted below once upgraded).
        let sa_up = w.group(g).find(ResKind::SystemAttendant).is_some_and(|i| w.group(g).resources[i].state.is_up_or_coming());
        steps += 3 + u32::from(sa_up);
        if server.mailboxes > 0 {
            down += upgrade_window(sim, g, s, target);
        }
    }
    for m in w.cluster_nodes().chain(w.machine_ids().filter(|m| w.servers.iter().any(|s| s.front_end && s.host == Host::Machine(*m)))) {
        let machine = w.machine(m);
        let Some(have) = machine.exchange else { continue };
        steps += ExBuild::ALL.iter().filter(|b| **b > have && **b <= target && Package::producing(**b).is_some()).count() as u32;
        if target >= ExBuild::Ex2003Sp1 && machine.windows == Some(Windows::W2003) && !machine.hotfix_831464 {
            steps += 2;
        }
        // A node still to change is backed up afterwards, files and system state (once it has
        // changed, the backups it lacks are counted below instead).
        if machine.is_cluster_node() && have < target && machine.exchange == sim.scenario().initial.machine(m).exchange {
            steps += w.node_backup_kinds(m).count() as u32;
        }
    }
    // And the backups after that work already done still lacks.
    steps += sim.backups_after_missing().len() as u32;
    (down, steps)
}

/// A lower bound for migrations: each milestone still missing is at least one action, and while
/// the old server's users are cut off (or will be, for `setup /r`), the chain that brings their
/// store back still has to run end to end.
fn migration_heuristic(sim: &Sim) -> (Secs, u32) {
    let w = sim.world();
    let scenario = sim.scenario();
    let Some(mig) = &scenario.migration else { return (0, 0) };
    let Some(old) = w.server_named(&mig.server) else { return (0, 0) };
    let recover = mig.new_name.is_none();
    let min = |t: Timed| scenario.span(t).min;
    let mut steps = 0u32;
    let planned: Vec<MachineId> = scenario.planned_nodes.iter().filter_map(|n| w.machine_named(n)).collect();
    let mut node_ready = false;
    for &m in &planned {
        let machine = w.machine(m);
        steps += u32::from(machine.windows != Some(Windows::Nt4Enterprise));
        steps += u32::from(!machine.is_cluster_node());
        steps += u32::from(machine.exchange.is_none());
        node_ready |= machine.cluster_available();
    }
    let group = w.group_ids().find(|g| w.group(*g).kind == GroupKind::Exchange);
    steps += u32::from(group.is_none());
    let server = w.server(old);
    let mut down = 0;
    if recover {
        let rebuilt = matches!(server.host, Host::Group(_));
        steps += u32::from(server.version < ExBuild::Ex55);
        steps += u32::from(!w.machines.iter().any(|m| m.performance_optimized));
        steps += u32::from(matches!(server.store, Data::Empty | Data::Damaged | Data::Lost));
        // The chain from "old server down" to "store online in the cluster".
        let mut chain = 0;
        if !node_ready {
            chain += min(Timed::MscsInstall);
        }
        if !rebuilt {
            chain += min(Timed::ExchangeSetup);
        }
        if !matches!(server.store, Data::Live | Data::Recovering) {
            chain += min(Timed::Restore) + min(Timed::IsRecovery).min(super::rules::IS55_START_TIMEOUT);
        }
        if server.version < ExBuild::Ex55 {
            // The in-place upgrade stops the services for its whole run.
            down += peek(sim, Timed::Install(Package::Ex55Upgrade), 0).min(min(Timed::Install(Package::Ex55Upgrade)));
        }
        if !w.reachable(old) || server.version == ExBuild::Ex55 {
            down += chain;
        }
    } else {
        steps += u32::from(server.mailboxes > 0);
        steps += u32::from(w.org.folders_home == Some(old));
        steps += u32::from(!server.removed);
        steps += u32::from(w.reachable(old));
        let new = mig.new_name.as_deref().and_then(|n| w.server_named(n));
        steps += u32::from(new.is_none_or(|n| w.org.system_folder_replicas & (1 << n.0) == 0));
    }
    (down, steps)
}

/// The downtime an EVS still has ahead of it, following the only procedure without findings:
/// its Exchange resources stop (dependents first), the group moves if its owner is not at the
/// target, the upgrade runs, the SA and then the store start. Durations are the ones the seed
/// will draw next, and parallel branches count by their longest, so this is what that
/// procedure will cost from here.
fn upgrade_window(sim: &Sim, g: GroupId, s: ServerId, target: ExBuild) -> Secs {
    let w = sim.world();
    let group = w.group(g);
    let rs = &group.resources;
    let subject = |i: usize| u32::from(g.0) * 64 + i as u32;
    let off = |i: usize| peek(sim, Timed::ResourceOffline(rs[i].kind), subject(i));
    let on = |i: usize| peek(sim, Timed::ResourceOnline(rs[i].kind), subject(i));
    let (Some(sa), Some(is)) = (group.find(ResKind::SystemAttendant), group.find(ResKind::InformationStore)) else { return 0 };
    // Stopping: each online resource in the SA's dependent closure stops once everything that
    // depends on it has stopped.
    let closure = sim.dependent_closure(g, sa);
    let mut done: Vec<Option<Secs>> = vec![None; rs.len()];
    for _ in 0..rs.len() {
        for i in 0..rs.len() {
            if closure & (1 << i) == 0 || done[i].is_some() {
                continue;
            }
            let mut start = 0;
            let mut ready = true;
            for (j, r) in rs.iter().enumerate() {
                if closure & (1 << j) != 0 && r.deps & (1 << i) != 0 {
                    match done[j] {
                        Some(t) => start = start.max(t),
                        None => ready = false,
                    }
                }
            }
            if ready {
                done[i] = Some(if rs[i].state == ResState::Offline { start } else { start + off(i) });
            }
        }
    }
    let is_start = if rs[is].state == ResState::Offline { 0 } else { done[is].unwrap_or(0) - off(is) };
    let mut window = done[sa].unwrap_or(0).saturating_sub(is_start);
    // Moving to an upgraded node, with only the network resources and disk up.
    let owner_old = w.machine(group.owner).exchange.is_none_or(|b| b < target);
    if owner_old && let (Some(ip), Some(name), Some(disk)) = (group.find(ResKind::IpAddress), group.find(ResKind::NetworkName), group.find(ResKind::PhysicalDisk)) {
        window += (off(name) + off(ip)).max(off(disk)) + (on(ip) + on(name)).max(on(disk));
    }
    window + peek(sim, Timed::UpgradeEvs, u32::from(s.0)) + on(sa) + on(is)
}

/// The backup a full backup still needs first, in a fixed order: taking them first and in one
/// order loses nothing (they cost no downtime and must precede any change) and spares the
/// search every subset of them.
fn next_required_backup(sim: &Sim) -> Option<(MachineId, BackupKind, Option<ServerId>)> {
    let w = sim.world();
    if w.marks.first_change.is_some() || sim.scenario().kind != super::scenario::Kind::RollingUpgrade {
        return None;
    }
    for node in w.cluster_nodes() {
        for kind in w.node_backup_kinds(node) {
            if !w.backups.iter().any(|b| b.kind == kind && b.machine == node) {
                return Some((node, kind, None));
            }
        }
    }
    for s in w.server_ids() {
        if let Host::Group(g) = w.server(s).host
            && !w.backups.iter().any(|b| b.kind == BackupKind::Exchange && b.server == Some(s))
        {
            return Some((w.group(g).owner, BackupKind::Exchange, Some(s)));
        }
    }
    None
}

/// The backup that the backup after the upgrade still needs, once the upgrade is done and
/// every user has mail, in the grading's fixed order: nothing is lost by taking them last and
/// in one order (they cost no downtime), and the search is spared their interleavings.
fn next_closing_backup(sim: &Sim, target: Option<ExBuild>) -> Option<(MachineId, BackupKind, Option<ServerId>)> {
    let (w, target) = (sim.world(), target?);
    let done = sim.scenario().kind == super::scenario::Kind::RollingUpgrade
        && w.cluster_nodes().all(|n| w.machine(n).exchange.is_none_or(|b| b >= target))
        && w.server_ids().all(|s| !matches!(w.server(s).host, Host::Group(_)) || w.server(s).version >= target)
        && w.users_down() == 0
        && !sim.is_busy();
    if !done {
        return None;
    }
    sim.backups_after_missing().into_iter().next().filter(|(m, _, _)| w.machine(*m).is_up())
}

/// A backup at its machine's console, or what must come first: switching the machine on,
/// bringing the server's group online (an online backup needs the store running), logging on.
/// Files and system state both still to take go as one job.
fn backup_or_logon(w: &World, (m, kind, server): (MachineId, BackupKind, Option<ServerId>), system_state_too: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let machine = w.machine(m);
    if machine.power == Power::Off {
        out.push(Action::new(machine.slot.clone(), Verb::PowerOn));
        return out;
    }
    if let Some(s) = server
        && !w.reachable(s)
        && let Some(g) = w.group_of(s)
        && machine.logged_on.is_some_and(|a| w.has_local_admin(a, m))
        && super::rules::can_host(machine.exchange, w.server(s).version).is_ok()
    {
        out.push(Action::new(machine.slot.clone(), Verb::BringOnline { target: Target::Group(w.group(g).name.clone()) }));
        return out;
    }
    if machine.logged_on.is_some_and(|a| w.has_local_admin(a, m)) {
        let verb = match (kind, server) {
            (BackupKind::Files, _) if system_state_too => Verb::BackupFilesAndSystemState,
            (BackupKind::Files, _) => Verb::BackupFiles,
            (BackupKind::SystemState, _) => Verb::BackupSystemState,
            (BackupKind::Exchange, Some(s)) => Verb::BackupExchange { server: w.server(s).name.clone() },
            // Every Exchange backup names its server.
            (BackupKind::Exchange, None) => return out,
        };
        out.push(Action::new(machine.slot.clone(), verb));
    } else {
        logons(w, m, &mut out);
    }
    out
}

/// Log on at `m` as each account that could do more there than whoever is logged on, and
/// that no other account outdoes.
fn logons(w: &World, m: MachineId, out: &mut Vec<Action>) {
    let machine = w.machine(m);
    // What an account can do at m: administer it, be a domain admin, be Full Administrator.
    let rights = |id: AccountId| {
        let a = w.account(id);
        (w.has_local_admin(id, m), a.domain_admin, a.full_admin)
    };
    let covers = |x: (bool, bool, u8), y: (bool, bool, u8)| (x.0 || !y.0) && (x.1 || !y.1) && (x.2 & y.2 == y.2);
    let ids: Vec<AccountId> = (0..w.accounts.len() as u8).map(AccountId).collect();
    for &id in &ids {
        let r = rights(id);
        if Some(id) == machine.logged_on || !r.0 {
            continue;
        }
        if machine.logged_on.is_some_and(|c| covers(rights(c), r)) {
            continue;
        }
        let outdone = ids.iter().any(|&o| o != id && covers(rights(o), r) && !covers(r, rights(o)));
        if !outdone {
            out.push(Action::new(machine.slot.clone(), Verb::Logon { account: w.account(id).name.clone() }));
        }
    }
}

/// The actions worth trying from this state: the ones that can move a rolling upgrade on.
/// Moves that only undo or repeat work (a group sent back to an older node, an SA taken
/// offline with nothing to upgrade, an EVS brought online before its upgrade) are left out.
pub fn candidates(sim: &Sim, target: Option<ExBuild>) -> Vec<Action> {
    if sim.scenario().migration.is_some() {
        return migration_candidates(sim);
    }
    let w = sim.world();
    let mut out = Vec::new();
    if let Some(backup) = next_required_backup(sim) {
        // Users the scenario starts without mail get it back before the hours of backups.
        let down = w.server_ids().filter(|s| w.server(*s).mailboxes > 0 && !w.reachable(*s)).find_map(|s| w.group_of(s));
        let startable = |g: GroupId| {
            let group = w.group(g);
            let version = group.server.map(|s| w.server(s).version);
            group.moving.is_none() && w.machine(group.owner).is_up() && version.is_some_and(|v| super::rules::can_host(w.machine(group.owner).exchange, v).is_ok())
        };
        if let Some(g) = down.filter(|g| startable(*g)) {
            let owner = w.group(g).owner;
            if w.machine(owner).logged_on.is_some_and(|a| w.has_local_admin(a, owner)) {
                return vec![Action::new(w.machine(owner).slot.clone(), Verb::BringOnline { target: Target::Group(w.group(g).name.clone()) })];
            }
            logons(w, owner, &mut out);
            return out;
        }
        let (node, kind, _) = backup;
        let system_state_too = kind == BackupKind::Files
            && w.node_backup_kinds(node).any(|k| k == BackupKind::SystemState)
            && !w.backups.iter().any(|b| b.kind == BackupKind::SystemState && b.machine == node);
        return backup_or_logon(w, backup, system_state_too);
    }
    if let Some(backup) = next_closing_backup(sim, target) {
        let system_state_too = backup.1 == BackupKind::Files && sim.backups_after_missing().contains(&(backup.0, BackupKind::SystemState, None));
        return backup_or_logon(w, backup, system_state_too);
    }
    let Some(target) = target else { return out };
    let needs_upgrade = |s: ServerId| w.server(s).version < target;
    // The admin groups each pending EVS upgrade needs Full Administrator on.
    let upgrade_needs: Vec<u8> =
        w.server_ids().filter(|s| matches!(w.server(*s).host, Host::Group(_)) && needs_upgrade(*s)).map(|s| w.server(s).admin_groups).collect();
    for m in w.machine_ids() {
        machine_candidates(w, m, target, &upgrade_needs, &mut out);
    }
    cluadmin_candidates(w, target, &mut out);
    out
}

/// What can be done at one machine's console: switch it on, log on, end a hung Cluster
/// Administrator, restart, the next installer, a delegation that unblocks an upgrade, read the
/// log after an upgrade, Upgrade Exchange Virtual Server on a group it owns.
/// A machine that is off but could run: every machine a scenario has may take part (a node, a
/// front-end server, the old server of a migration), and a switched-off one serves nobody.
fn switch_on(w: &World, m: MachineId) -> bool {
    let machine = w.machine(m);
    machine.power == Power::Off && machine.windows.is_some() && machine.installer.is_none()
}

fn machine_candidates(w: &World, m: MachineId, target: ExBuild, upgrade_needs: &[u8], out: &mut Vec<Action>) {
    let machine = w.machine(m);
    let slot = &machine.slot;
    let act = |verb: Verb| Action::new(slot.clone(), verb);
    if switch_on(w, m) {
        out.push(act(Verb::PowerOn));
    }
    if !machine.is_up() {
        return;
    }
    logons(w, m, out);
    let Some(me) = machine.logged_on else { return };
    // A Cluster Administrator hung by parallel upgrades (KB 822582): end it first, nothing
    // else in it answers.
    if machine.cluadmin_hung {
        out.push(act(Verb::EndTask));
    }
    if machine.reboot_pending {
        out.push(act(Verb::Reboot));
    }
    if let Some(have) = machine.exchange
        && machine.installer.is_none()
        && !machine.reboot_pending
    {
        for p in Package::ALL {
            let relevant = match p.result() {
                None => target >= ExBuild::Ex2003Sp1 && have < target && machine.windows == Some(Windows::W2003) && !machine.hotfix_831464,
                Some(r) => p.base() == Some(have) && r <= target,
            };
            if relevant {
                out.push(act(Verb::Install { package: p }));
            }
        }
    }
    // Delegate an admin group to an account administering every node, when that makes it
    // able to upgrade an EVS nobody can upgrade yet.
    let me_acc = w.account(me);
    for (bit, name) in w.org.admin_groups.iter().enumerate().map(|(i, n)| (1u8 << i, n)) {
        if !(me_acc.domain_admin || me_acc.full_admin & bit != 0) {
            continue;
        }
        for (i, a) in w.accounts.iter().enumerate() {
            let id = AccountId(i as u8);
            let completes = |need: u8| {
                need & bit != 0 && a.full_admin & need != need && (a.full_admin | bit) & need == need && !w.accounts.iter().any(|b| b.full_admin & need == need)
            };
            if w.cluster_nodes().all(|n| w.has_local_admin(id, n)) && upgrade_needs.iter().any(|need| completes(*need)) {
                out.push(act(Verb::DelegateFullAdmin { account: a.name.clone(), admin_group: name.clone() }));
            }
        }
    }
    for s in w.server_ids() {
        let server = w.server(s);
        let home = match server.host {
            Host::Group(g) => w.group(g).owner == m,
            Host::Machine(h) => h == m,
            Host::Nowhere => false,
        };
        if !home || server.front_end || !w.reachable(s) {
            continue;
        }
        if server.upgraded_at.is_some() && !server.log_checked {
            out.push(act(Verb::ReadLog));
        }
    }
    if machine.cluster_available() {
        for g in w.group_ids() {
            let group = w.group(g);
            let Some(s) = group.server else { continue };
            let newer_here = machine.exchange.is_some_and(|b| b > w.server(s).version);
            if newer_here && group.moving.is_none() && group.owner == m {
                out.push(act(Verb::UpgradeEvs { group: group.name.clone() }));
            }
        }
    }

}

/// Cluster Administrator verbs that do not depend on the console, from the first node up:
/// bring a group online, move the Cluster Group off a node whose Setup wants it empty, bring up
/// what Upgrade Exchange Virtual Server needs, take an SA offline, move a group towards a newer
/// node.
fn cluadmin_candidates(w: &World, target: ExBuild, out: &mut Vec<Action>) {
    let needs_upgrade = |s: ServerId| w.server(s).version < target;
    let Some(console) = w.cluster_nodes().find(|n| w.machine(*n).cluster_available()).map(|n| w.machine(n).slot.clone()) else {
        return;
    };
    let act = |verb: Verb| Action::new(console.clone(), verb);
    let build = |m: MachineId| w.machine(m).exchange;
    for g in w.group_ids() {
        let group = w.group(g);
        if group.moving.is_some() {
            continue;
        }
        let pending_upgrade = group.server.is_some_and(needs_upgrade);
        if group.resources.iter().any(|r| r.state != ResState::Online) && !pending_upgrade {
            out.push(act(Verb::BringOnline { target: Target::Group(group.name.clone()) }));
        }
        // The Cluster Group leaves a node whose next Setup wants it empty (rules.rs), for one
        // that has had its own: one way only, or moving it to and fro would cost nothing and
        // never end.
        let wants_empty = |m: MachineId| {
            Package::ALL.iter().any(|p| p.base().is_some() && p.base() == build(m) && p.result() <= Some(target) && super::rules::setup_needs_empty_node(*p))
        };
        if group.kind == GroupKind::Cluster
            && let Some(other) = w.other_node(group.owner).filter(|o| w.machine(*o).cluster_available())
            && wants_empty(group.owner)
            && !wants_empty(other)
        {
            out.push(act(Verb::MoveGroup { group: group.name.clone(), to: Some(w.machine(other).slot.clone()) }));
        }
        if group.kind != GroupKind::Exchange || group.server.is_none() {
            continue;
        }
        // An EVS that is down and still to be upgraded: what Upgrade Exchange Virtual Server
        // needs online under it (the Network Name brings its IP Address; the disk).
        if pending_upgrade && super::rules::UPGRADE_EVS_NEEDS_NAME_AND_DISK {
            for kind in [ResKind::NetworkName, ResKind::PhysicalDisk] {
                if group.find(kind).is_some_and(|i| group.resources[i].state == ResState::Offline || group.resources[i].state == ResState::Failed) {
                    out.push(act(Verb::BringOnline { target: Target::Resource(super::action::ResRef { group: group.name.clone(), kind }) }));
                }
            }
        }
        if pending_upgrade && group.is_online(ResKind::SystemAttendant) {
            out.push(act(Verb::TakeOffline {
                target: Target::Resource(super::action::ResRef { group: group.name.clone(), kind: ResKind::SystemAttendant }),
            }));
        }
        // Move towards a newer node, or off a node that still needs upgrading.
        if let Some(other) = w.other_node(group.owner).filter(|o| w.machine(*o).cluster_available())
            && (build(group.owner) < Some(target) || build(other) > build(group.owner))
        {
            out.push(act(Verb::MoveGroup { group: group.name.clone(), to: Some(w.machine(other).slot.clone()) }));
        }
    }
}

/// The actions worth trying in a migration: the steps of seed 001, whichever method applies,
/// each proposed only when it can still be useful.
fn migration_candidates(sim: &Sim) -> Vec<Action> {
    let w = sim.world();
    let scenario = sim.scenario();
    let mut out = Vec::new();
    let Some(mig) = &scenario.migration else { return out };
    let Some(old) = w.server_named(&mig.server) else { return out };
    let recover = mig.new_name.is_none();
    let new_name = mig.new_name.clone().unwrap_or_else(|| mig.server.clone());
    let new = w.server_named(&new_name).filter(|s| matches!(w.server(*s).host, Host::Group(_)));
    let site = w.org.sites[w.server(old).site as usize].clone();
    let cluster = w.cluster_name.clone().unwrap_or_else(|| "CLUSTER".into());
    let exchange_group = w.group_ids().find(|g| w.group(*g).kind == GroupKind::Exchange);
    let backed_up = |s: ServerId| w.backups.iter().any(|b| b.kind == BackupKind::Exchange && b.server == Some(s) && b.version == Some(w.server(s).version));
    for m in w.machine_ids() {
        let machine = w.machine(m);
        let act = |verb: Verb| Action::new(machine.slot.clone(), verb);
        let planned = scenario.planned_nodes.iter().any(|n| n.eq_ignore_ascii_case(&machine.slot));
        if planned && machine.windows != Some(Windows::Nt4Enterprise) && machine.installer.is_none() {
            out.push(act(Verb::InstallWindows { computer_name: machine.slot.clone() }));
        }
        if !machine.is_up() {
            // Off since the start (the old server is shut down on purpose later, and stays so).
            if switch_on(w, m) && sim.scenario().initial.machine(m).power == Power::Off {
                out.push(act(Verb::PowerOn));
            }
            continue;
        }
        logons(w, m, &mut out);
        if machine.logged_on.is_none() || machine.installer.is_some() {
            continue;
        }
        let hosts_old = w.server(old).host == Host::Machine(m);
        if hosts_old {
            if !backed_up(old) {
                out.push(act(Verb::BackupExchange { server: mig.server.clone() }));
            }
            if let Some(p) = machine.exchange.and_then(|have| Package::ALL.into_iter().find(|p| p.base() == Some(have))) {
                out.push(act(Verb::Install { package: p }));
            }
            let done_here = if recover { backed_up(old) && machine.exchange == Some(ExBuild::Ex55) } else { w.server(old).mailboxes == 0 };
            if done_here {
                out.push(act(Verb::Shutdown));
            }
        }
        if planned && machine.windows == Some(Windows::Nt4Enterprise) && !machine.is_cluster_node() {
            out.push(act(Verb::InstallMscs { cluster: cluster.clone(), account: mig.service_account.clone() }));
        }
        if machine.cluster_available() && machine.exchange.is_none() {
            let clustered = w.groups.iter().any(|g| g.server.is_some());
            if clustered {
                out.push(act(Verb::UpdateNode));
            } else if let Some(g) = exchange_group.filter(|g| w.group(*g).owner == m) {
                let (org, site, account, group) = (w.org.name.clone(), site.clone(), mig.service_account.clone(), w.group(g).name.clone());
                out.push(act(if recover { Verb::SetupRecover { org, site, account, group } } else { Verb::SetupInstall { org, site, account, group } }));
            }
        }
        if machine.recovered_here && !machine.performance_optimized {
            out.push(act(Verb::PerformanceOptimizer));
        }
        if let Some(g) = w.group_of(old)
            && w.group(g).owner == m
            && matches!(w.server(old).store, Data::Empty | Data::Damaged)
        {
            out.push(act(Verb::Restore { server: mig.server.clone(), services: AfterRestore::DoNotStartServices }));
        }
        if machine.exchange.is_some_and(|b| b.generation() == super::catalog::Generation::Ex5x) && !hosts_old {
            if let Some(n) = new.filter(|_| !recover) {
                let n_name = w.server(n).name.clone();
                if w.server(old).mailboxes > 0 {
                    out.push(act(Verb::MoveUsers { from: mig.server.clone(), to: n_name.clone() }));
                }
                if w.org.folders_home == Some(old) || w.org.folders_copying_from == Some(old) {
                    out.push(act(Verb::RehomeFolders { from: mig.server.clone(), to: n_name.clone() }));
                }
                if w.org.system_folder_replicas & (1 << n.0) == 0 {
                    out.push(act(Verb::ReplicateSystemFolders { to: n_name }));
                }
            }
            if !recover && !w.server(old).removed && !w.reachable(old) {
                out.push(act(Verb::RemoveServer { server: mig.server.clone() }));
            }
        }
    }
    let Some(console) = w.cluster_nodes().find(|n| w.machine(*n).cluster_available()) else { return out };
    let console = w.machine(console).slot.clone();
    let act = |verb: Verb| Action::new(console.clone(), verb);
    let Some(g) = exchange_group else {
        out.push(act(Verb::CreateGroup { group: "EXVS".into(), network_name: new_name }));
        return out;
    };
    let group = w.group(g);
    // Nothing comes online while another machine still answers to the group's network name.
    let name_taken = w.machines.iter().any(|m| m.is_up() && m.computer_name.eq_ignore_ascii_case(&group.network_name));
    if group.moving.is_some() || name_taken {
        return out;
    }
    let name = group.name.clone();
    let res = |kind: ResKind| Target::Resource(super::action::ResRef { group: name.clone(), kind });
    if group.resources.iter().any(|r| r.state != ResState::Online) {
        out.push(act(Verb::BringOnline { target: Target::Group(name.clone()) }));
    }
    for kind in [ResKind::SystemAttendant, ResKind::Directory, ResKind::InformationStore] {
        if group.find(kind).is_some_and(|i| group.resources[i].state != ResState::Online) {
            out.push(act(Verb::BringOnline { target: res(kind) }));
        }
    }
    if let Some(i) = group.find(ResKind::InformationStore) {
        let cps = &group.resources[i].checkpoints;
        let r = super::action::ResRef { group: name.clone(), kind: ResKind::InformationStore };
        match cps.iter().find(|c| c.key.eq_ignore_ascii_case(IS_CHECKPOINT_KEY)) {
            Some(c) if !c.fresh => out.push(act(Verb::RemoveCheckpoint { resource: r, key: IS_CHECKPOINT_KEY.into() })),
            None => out.push(act(Verb::AddCheckpoint { resource: r, key: IS_CHECKPOINT_KEY.into() })),
            _ => {}
        }
    }
    out
}
