//! The simulation: a scenario's world moving through time as actions are applied.
//!
//! Like a sans-IO protocol core, `Sim` never reads a clock: the caller says what time it is.
//! `apply(at, action)` first runs everything due up to `at` (operations completing, resources
//! changing state, users logging on), then performs the action. Between events nothing changes,
//! so downtime is accounted exactly from one event to the next.

use std::rc::Rc;

use super::action::Action;
use super::chance::{self, Span};
use super::findings::FindingId;
use super::rules::{self, Timed};
use super::scenario::Scenario;
use super::time::{Secs, SimTime};
use super::world::*;

/// A finding raised during a session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    pub id: FindingId,
    pub at: SimTime,
    /// The step (1-based count of actions) that caused it; 0 when time alone did.
    pub step: u32,
    /// Which thing it concerns, in a few words.
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Information,
    Warning,
    Error,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Information => "Information",
            Level::Warning => "Warning",
            Level::Error => "Error",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogName {
    Application,
    System,
}

/// One event in a machine's event log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogEntry {
    pub at: SimTime,
    pub machine: MachineId,
    pub log: LogName,
    pub level: Level,
    pub source: &'static str,
    pub text: String,
}

/// A message the learner sees when something they started finishes (a Setup dialog closing,
/// the logon screen after a restart).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Notice {
    pub at: SimTime,
    pub machine: MachineId,
    pub text: String,
}

/// What became of an action the simulated system accepted as well-formed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It took effect at once.
    Done(String),
    /// It started something that finishes later.
    Started(String),
    /// The simulated system said no (the machine is off, access denied, Setup stopped...).
    /// It still counts as a step, and may have raised a finding.
    Refused(String),
}

impl Outcome {
    pub fn message(&self) -> &str {
        match self {
            Outcome::Done(m) | Outcome::Started(m) | Outcome::Refused(m) => m,
        }
    }
    pub fn is_refused(&self) -> bool {
        matches!(self, Outcome::Refused(_))
    }
}

/// An action that cannot be applied at all: it names nothing that exists, or comes too early.
/// Nothing changes and no step is counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError(String);

impl ActionError {
    pub fn new(message: impl AsRef<str>) -> Self {
        ActionError(crate::sim::limits::said(message.as_ref()))
    }
    pub fn message(&self) -> &str {
        &self.0
    }
    pub fn into_message(self) -> String {
        self.0
    }
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ActionError {}

#[derive(Clone, Debug)]
pub struct Sim {
    pub(crate) scenario: Rc<Scenario>,
    pub(crate) seed: u64,
    pub(crate) world: World,
    pub(crate) steps: u32,
    pub(crate) findings: Vec<Finding>,
    pub(crate) log: Vec<LogEntry>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) record_log: bool,
    /// The instructor's faults so far (`faults.rs`).
    pub(crate) faults: Vec<InjectedFault>,
}

/// A fault the instructor injected, at a step of the session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InjectedFault {
    pub at: SimTime,
    pub step: u32,
    pub what: String,
}

impl Sim {
    /// A session of `scenario` with variation `seed`, at time zero.
    pub fn new(scenario: Rc<Scenario>, seed: u64) -> Sim {
        let world = scenario.initial.clone();
        Sim { scenario, seed, world, steps: 0, findings: Vec::new(), log: Vec::new(), notices: Vec::new(), record_log: true, faults: Vec::new() }
    }

    /// The same, without keeping event-log text: for grading and search, where nobody reads it.
    pub fn new_quiet(scenario: Rc<Scenario>, seed: u64) -> Sim {
        Sim { record_log: false, ..Sim::new(scenario, seed) }
    }

    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenario
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn world(&self) -> &World {
        &self.world
    }
    pub fn now(&self) -> SimTime {
        self.world.now
    }
    pub fn steps(&self) -> u32 {
        self.steps
    }
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }
    /// What finished, in order (kept with the event log: empty in quiet sessions).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// A stable hash of everything the session holds: equal fingerprints mean equal sessions,
    /// natively and in wasm alike.
    pub fn fingerprint(&self) -> u64 {
        super::fingerprint::stable_hash(&(&self.world, &self.findings, self.steps, &self.log, &self.notices))
    }

    /// Applies `action` at time `at` (which must not be before `now`).
    pub fn apply(&mut self, at: SimTime, action: &Action) -> Result<Outcome, ActionError> {
        // What a transcript could not write down and read back the same never enters a session.
        action.check_written()?;
        self.apply_written(at, action)
    }

    /// `apply` for an action that is written back as itself by construction: the solver's, made
    /// of the world's own names, each of which passed the one rule for names when it was read
    /// or typed (debug builds check it all the same). Spares the search a parse per move.
    pub(crate) fn apply_written(&mut self, at: SimTime, action: &Action) -> Result<Outcome, ActionError> {
        debug_assert_eq!(action.check_written(), Ok(()), "{action}");
        if at < self.world.now {
            return Err(ActionError::new(format!("time runs forwards: {at} is before {}", self.world.now)));
        }
        if at > SimTime::END {
            return Err(ActionError::new(format!("{at} is past the simulated clock's end ({})", SimTime::END)));
        }
        // Every session must fit a transcript that reads back (`limits`).
        if self.steps as usize >= crate::sim::limits::ACTIONS {
            return Err(ActionError::new(format!("a session may take at most {} actions", crate::sim::limits::ACTIONS)));
        }
        self.advance_to(at);
        let console = self
            .world
            .machine_named(&action.console)
            .ok_or_else(|| ActionError::new(format!("there is no machine `{}`; machines: {}", action.console, self.machine_list())))?;
        // Names are found before the step counts, so that a typo changes nothing.
        let verb = action.verb.resolve(&self.world)?;
        // The one list a session grows without a natural bound (`limits`).
        if let crate::sim::action::Resolved::AddCheckpoint { resource, .. } = &verb
            && self.world.resource(*resource).checkpoints.len() >= crate::sim::limits::CHECKPOINTS
        {
            return Err(ActionError::new(format!("the simulator keeps at most {} registry checkpoints on a resource", crate::sim::limits::CHECKPOINTS)));
        }
        self.steps += 1;
        let found = self.findings.len();
        let outcome = self.perform(console, &verb);
        self.settle();
        if action.verb.is_fault() {
            // Graded as what the learner had to cope with, never as their mistake.
            self.findings.truncate(found);
            let (at, step) = (self.world.now, self.steps);
            self.faults.push(InjectedFault { at, step, what: action.to_string() });
        }
        self.debug_check();
        Ok(outcome)
    }

    fn machine_list(&self) -> String {
        self.world.machines.iter().map(|m| m.slot.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Runs the simulation up to `t`, or to the clock's end (`SimTime::END`) if that is sooner.
    pub fn advance_to(&mut self, t: SimTime) {
        let t = t.min(SimTime::END);
        while let Some(next) = self.next_event().filter(|n| *n <= t) {
            self.accrue(next);
            self.world.now = next;
            // Which groups were changing, to tell the learner when each settles (Cluster
            // Administrator's State column stops saying Pending).
            let pending = |sim: &Sim| -> u64 {
                sim.world.groups.iter().enumerate().filter(|(_, g)| g.moving.is_some() || g.resources.iter().any(|r| r.state.is_pending())).fold(0, |m, (i, _)| m | 1 << i)
            };
            let before = if self.record_log { pending(self) } else { 0 };
            self.process_due();
            self.settle();
            let settled = if before != 0 { before & !pending(self) } else { 0 };
            for g in self.world.group_ids().filter(|g| settled & (1 << g.0) != 0) {
                let group = self.world.group(g);
                let text = format!("{} is {} on {}.", group.name, group.state_label(), self.world.machine(group.owner).slot);
                self.notify(group.owner, || text);
            }
            self.debug_check();
        }
        if t > self.world.now {
            self.accrue(t);
            self.world.now = t;
        }
    }

    /// When something will next happen by itself, if anything will.
    pub fn next_event(&self) -> Option<SimTime> {
        let w = &self.world;
        let ops = w.ops.iter().map(|o| o.due).filter(|d| *d != NEVER);
        let resources = w.groups.iter().flat_map(|g| g.resources.iter()).filter_map(|r| match r.state {
            ResState::OnlinePending { until } | ResState::OfflinePending { until } => Some(until),
            _ => None,
        });
        let logons = w
            .moves
            .iter()
            .filter(|m| m.pending() > 0 && w.reachable(m.from))
            .map(|m| m.logons[m.updated as usize].max(w.now));
        ops.chain(resources).chain(logons).min()
    }

    /// Whether anything is under way that will finish by itself (hung operations never do).
    pub fn is_busy(&self) -> bool {
        self.next_event().is_some()
    }

    /// The next moment a learner watching the screens would see: the next event, or, when all
    /// that is left is an operation that never ends (a hung Setup, which looks exactly like a
    /// working one), [`rules::HOURGLASS_WATCH`] later. `None` when nothing is under way at all.
    pub fn next_watch(&self) -> Option<SimTime> {
        self.next_event().or_else(|| (!self.world.ops.is_empty()).then(|| self.world.now.plus(rules::HOURGLASS_WATCH)))
    }

    /// Runs until nothing more is under way, or until `limit`; returns the time reached.
    pub fn run_until_idle(&mut self, limit: SimTime) -> SimTime {
        let limit = limit.min(SimTime::END);
        while let Some(next) = self.next_event() {
            if next > limit {
                self.advance_to(limit);
                return limit;
            }
            self.advance_to(next);
        }
        self.world.now
    }

    /// Everything due now: operations, resource transitions, logons.
    fn process_due(&mut self) {
        let now = self.world.now;
        loop {
            let due = self.world.ops.iter().filter(|o| o.due <= now).min_by_key(|o| (o.due, o.id)).map(|o| o.id);
            let Some(id) = due else { break };
            let pos = self.world.ops.iter().position(|o| o.id == id).expect("op listed");
            let op = self.world.ops.remove(pos);
            self.complete(op);
        }
        for g in self.world.group_ids() {
            for i in 0..self.world.group(g).resources.len() {
                match self.world.group(g).resources[i].state {
                    ResState::OnlinePending { until } if until <= now => self.finish_online(g, i),
                    ResState::OfflinePending { until } if until <= now => self.finish_offline(g, i),
                    _ => {}
                }
            }
        }
        for k in 0..self.world.moves.len() {
            let from = self.world.moves[k].from;
            if !self.world.reachable(from) {
                continue;
            }
            let m = &mut self.world.moves[k];
            while (m.updated as usize) < m.logons.len() && m.logons[m.updated as usize] <= now {
                m.updated += 1;
            }
        }
    }

    /// Adds downtime from `now` to `to`: the state is constant in between.
    fn accrue(&mut self, to: SimTime) {
        let dt = to.since(self.world.now);
        if dt == 0 {
            return;
        }
        let budget = self.scenario.budget;
        for s in self.world.server_ids() {
            let users = self.world.dependents(s);
            if users == 0 || self.world.reachable(s) {
                continue;
            }
            let before = self.world.downtime.per_server[s.ix()];
            let after = before + dt;
            self.world.downtime.per_server[s.ix()] = after;
            let online_mode = 100 - u64::from(self.world.server(s).cached_percent);
            self.world.downtime.user_seconds += u64::from(users) * u64::from(dt);
            self.world.downtime.noticed_user_seconds_x100 += u64::from(users) * u64::from(dt) * online_mode;
            if before <= budget && after > budget {
                // The first server over budget names the finding, whichever way time was split
                // into intervals: keep the earliest crossing.
                let at = self.world.now.plus(budget - before + 1);
                let detail = format!("{}'s users", self.world.server(s).name);
                // Its step is the last action taken before it: what let the time run out.
                let step = self.steps;
                match self.findings.iter_mut().find(|f| f.id == FindingId::DowntimeOverBudget) {
                    Some(f) if f.at > at => {
                        f.at = at;
                        f.step = step;
                        f.detail = detail;
                    }
                    Some(_) => {}
                    None => self.raise_at(FindingId::DowntimeOverBudget, at, step, detail),
                }
            }
        }
    }

    /// The `n`th draw for (what, subject), with n counted per stream in the world.
    pub(crate) fn draw(&mut self, what: Timed, subject: u32) -> Secs {
        let span: Span = self.scenario.span(what);
        let stream = chance::stream(what.code(), subject);
        let n = match self.world.draws.iter_mut().find(|(s, _)| *s == stream) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                self.world.draws.push((stream, 1));
                0
            }
        };
        chance::draw(self.seed, stream, n, span)
    }

    /// Starts an operation that completes after a drawn duration.
    pub(crate) fn start_op(&mut self, machine: MachineId, kind: OpKind, duration: Secs) -> u32 {
        let id = self.world.next_op;
        self.world.next_op += 1;
        let now = self.world.now;
        self.world.ops.push(Op { id, machine, started: now, due: now.plus(duration.max(1)), kind });
        id
    }

    /// Raises a finding once per session, at the current time and step.
    pub(crate) fn raise(&mut self, id: FindingId, detail: impl Into<String>) {
        let (at, step) = (self.world.now, self.steps);
        self.raise_at(id, at, step, detail.into());
    }

    pub(crate) fn raise_at(&mut self, id: FindingId, at: SimTime, step: u32, detail: String) {
        if !self.findings.iter().any(|f| f.id == id) {
            self.findings.push(Finding { id, at, step, detail });
        }
    }

    /// Tells the learner at a machine's console that something happened (a dialog, a message
    /// box), if this session keeps notices. The text is built lazily.
    pub(crate) fn notify(&mut self, machine: MachineId, text: impl FnOnce() -> String) {
        if self.record_log {
            let at = self.world.now;
            self.notices.push(Notice { at, machine, text: text() });
        }
    }

    /// Writes to a machine's event log, if this session keeps one. The text is built lazily.
    pub(crate) fn note(&mut self, machine: MachineId, log: LogName, level: Level, source: &'static str, text: impl FnOnce() -> String) {
        if self.record_log {
            let at = self.world.now;
            self.log.push(LogEntry { at, machine, log, level, source, text: text() });
        }
    }

    /// Resources left offline after the learner brought the System Attendant online by itself:
    /// the SA is up, and something that depends on it is neither up nor on its way. Judged
    /// when the session ends, since seed 000 itself brings the resources up one by one.
    pub(crate) fn left_offline_after_sa(&self, g: GroupId) -> Vec<super::catalog::ResKind> {
        let group = self.world.group(g);
        let Some(sa) = group.find(super::catalog::ResKind::SystemAttendant) else {
            return Vec::new();
        };
        let up = |r: &Resource| r.state.is_up_or_coming() || r.goal == Goal::Online;
        if group.sa_alone.is_none() || !up(&group.resources[sa]) {
            return Vec::new();
        }
        let dependents = self.dependent_closure(g, sa) & !(1 << sa);
        group.resources.iter().enumerate().filter(|(j, r)| dependents & (1 << j) != 0 && !up(r)).map(|(_, r)| r.kind).collect()
    }
}
