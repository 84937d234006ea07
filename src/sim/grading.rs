//! Grading: the checks that can only be made when a session ends, the objectives, and the
//! report (score, pass or fail, findings, downtime against budget, steps against par).

use serde::Serialize;

use super::catalog::{Generation, ResKind};
use super::engine::Sim;
use super::findings::{FindingId, Severity};
use super::scenario::{Check, Kind};
use super::time::{Secs, SimTime, format_duration};
use super::world::*;

/// The score a session must reach to pass (besides meeting every objective and making no
/// critical mistake).
pub const PASS_MARK: u32 = 70;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveResult {
    pub text: String,
    pub met: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingReport {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// Seconds since the start.
    pub at: u32,
    /// The step (action number) that caused it; 0 for the passage of time or the session's end.
    pub step: u32,
    pub detail: String,
    pub explanation: &'static str,
    pub source: &'static str,
    /// Points it takes off the 100.
    pub points: u32,
    /// Judged when the session ends (a backup after, the log read...): in a debrief on demand,
    /// something the learner may still put right.
    pub judged_at_end: bool,
}

impl FindingReport {
    /// What raised it, as a report says it: a step, the passage of time, or the end (never the
    /// last step, which did not cause what is judged at the end).
    pub fn when(&self) -> String {
        match (self.step, self.judged_at_end) {
            (_, true) => String::from("judged at the end"),
            (0, _) => String::from("as time passed"),
            (n, _) => format!("step {n}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerDowntime {
    pub server: String,
    pub seconds: u32,
}

/// The solver's best plan for the same scenario and seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Par {
    pub steps: u32,
    /// Total downtime over all servers, in seconds.
    pub downtime: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub scenario_version: u32,
    pub title: String,
    pub seed: u64,
    /// Seconds since the start when the session ended.
    pub ended_at: u32,
    pub score: u32,
    /// How the score is made: (100 - penalty) x objectives_met / objectives_in_play (in play:
    /// not met at the start, or not met now).
    pub penalty: u32,
    pub objectives_met: u32,
    pub objectives_in_play: u32,
    pub passed: bool,
    /// The score a pass needs (the scenario's, or an exam's).
    pub pass_mark: u32,
    /// Every objective met.
    pub completed: bool,
    pub objectives: Vec<ObjectiveResult>,
    pub findings: Vec<FindingReport>,
    pub downtime: Vec<ServerDowntime>,
    /// The longest any server's users were without mail, against the budget.
    pub worst_downtime: u32,
    pub total_downtime: u32,
    pub budget: u32,
    pub user_minutes: u64,
    /// User-minutes of users not in Cached Exchange Mode: what people noticed.
    pub noticed_user_minutes: u64,
    pub steps: u32,
    pub par: Option<Par>,
    /// Times the learner went back to an earlier step (practice only; the transcript keeps the
    /// count, the engine never sees undone steps).
    pub undos: u32,
    /// Hints asked for (practice only).
    pub hints: u32,
    /// The instructor's faults the learner had to cope with (not counted in `steps`).
    pub faults: Vec<FaultReport>,
}

/// A fault the instructor injected: when, at which step of the session, and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FaultReport {
    pub at: u32,
    pub step: u32,
    pub what: String,
}

impl Report {
    /// Whether this report passes with that pass mark: every objective, no critical finding,
    /// downtime within the budget (a hard limit, as for a change board), and the score.
    pub fn passes_with(&self, pass_mark: u32) -> bool {
        let critical = self.findings.iter().any(|f| f.severity == Severity::Critical);
        self.completed && !critical && self.worst_downtime <= self.budget && self.score >= pass_mark
    }

    /// The verdict again, with another pass mark (an exam's).
    pub fn judge_with_pass_mark(&mut self, pass_mark: u32) {
        self.pass_mark = pass_mark;
        self.passed = self.passes_with(pass_mark);
    }

    /// How the score was reached, in a line: "100 − 12 for findings = 88, × 3 of the 4
    /// objectives in play met = 66" (in play: not met at the start, or no longer met).
    pub fn score_explained(&self) -> String {
        let marks = 100u32.saturating_sub(self.penalty);
        let mut out = if self.penalty == 0 { "100 (no findings)".to_string() } else { format!("100 − {} for findings = {marks}", self.penalty) };
        if self.objectives_in_play > 0 && self.objectives_met < self.objectives_in_play {
            out.push_str(&format!(
                "; × {} of the {} objectives in play met (those not met at the start, or lost since) = {}",
                self.objectives_met, self.objectives_in_play, self.score
            ));
        }
        out.push_str(&format!("; a pass needs every objective, no critical finding, downtime within the budget and {} or more", self.pass_mark));
        out
    }
}

impl Report {
    /// The report as text, for the terminal and for reading a golden session's diff.
    pub fn to_text(&self) -> String {
        let r = self;
        let mut out = String::new();
        out.push_str(&format!("{} ({} v{}), seed {}\n", r.title, r.scenario, r.scenario_version, r.seed));
        let par = r.par.map_or(String::new(), |p| format!(" (par {})", p.steps));
        let undos = match r.undos {
            0 => String::new(),
            1 => ", with 1 undo".to_string(),
            n => format!(", with {n} undos"),
        };
        out.push_str(&format!("Ended at {} after {} steps{par}{undos}.\n", SimTime(r.ended_at), r.steps));
        let verdict = if r.passed { "PASSED" } else { "FAILED" };
        out.push_str(&format!("Score {}/100: {verdict}\n  {}\n\nObjectives:\n", r.score, r.score_explained()));
        for o in &r.objectives {
            out.push_str(&format!("  [{}] {}\n", if o.met { "x" } else { " " }, o.text));
        }
        out.push_str("\nDowntime (users without their mailbox):\n");
        for d in &r.downtime {
            let over = if d.seconds > r.budget { "  OVER BUDGET" } else { "" };
            out.push_str(&format!("  {:<10} {:>8}{over}\n", d.server, format_duration(d.seconds)));
        }
        let par_down = r.par.map_or(String::new(), |p| format!(", par {} in all", format_duration(p.downtime)));
        out.push_str(&format!(
            "  budget {} per server{par_down}; {} user-minutes lost, {} of them noticed outside Cached Exchange Mode\n",
            format_duration(r.budget),
            r.user_minutes,
            r.noticed_user_minutes
        ));
        if !r.faults.is_empty() {
            out.push_str(&format!("\nInjected by the instructor ({}), not counted as steps or mistakes:\n", r.faults.len()));
            for f in &r.faults {
                out.push_str(&format!("  {} (step {}) {}\n", SimTime(f.at), f.step, f.what));
            }
        }
        if r.findings.is_empty() {
            out.push_str("\nFindings: none.\n");
        } else {
            out.push_str(&format!("\nFindings ({}):\n", r.findings.len()));
            for f in &r.findings {
                let step = f.when();
                out.push_str(&format!("  [{}, -{}] {} ({step}, {}): {}\n", f.severity.label(), f.points, SimTime(f.at), f.id, f.title));
                if !f.detail.is_empty() {
                    out.push_str(&format!("      {}\n", f.detail));
                }
                out.push_str(&format!("      {}\n      Source: {}\n", f.explanation, f.source));
            }
        }
        out
    }
}

impl Sim {
    /// What the backup after a rolling upgrade still lacks (seed 000, page 2: "Take a backup of
    /// the Exchange cluster nodes, the system state on each node, and a full Exchange database
    /// backup"), in a fixed order: each node whose Exchange changed, backed up (files, then
    /// system state) at its new build; each upgraded server's databases, backed up since they
    /// were stamped. A backup is named by the machine to take it on and, for Exchange, the server.
    pub(crate) fn backups_after_missing(&self) -> Vec<(MachineId, BackupKind, Option<ServerId>)> {
        let w = &self.world;
        let mut missing = Vec::new();
        for node in w.cluster_nodes() {
            let build = w.machine(node).exchange;
            if build == self.scenario.initial.machine(node).exchange {
                continue;
            }
            for kind in w.node_backup_kinds(node) {
                if !w.backups.iter().any(|b| b.kind == kind && b.machine == node && b.server.is_none() && b.version == build) {
                    missing.push((node, kind, None));
                }
            }
        }
        for s in w.server_ids() {
            let server = w.server(s);
            let (Some(upgraded), Some(g)) = (server.upgraded_at, w.group_of(s)) else { continue };
            let fresh = w.backups.iter().any(|b| {
                b.kind == BackupKind::Exchange && b.server == Some(s) && b.at >= upgraded && b.version == Some(server.version)
            });
            if !fresh {
                missing.push((w.group(g).owner, BackupKind::Exchange, Some(s)));
            }
        }
        missing
    }

    /// The findings that are settled by the end of the session (nothing after the last action
    /// can make up for them).
    pub(crate) fn closing_findings(&mut self) {
        for g in self.world.group_ids() {
            let left = self.left_offline_after_sa(g);
            // Judged at the end, dated from the step that brought the SA online alone.
            if let (false, Some((at, step))) = (left.is_empty(), self.world.group(g).sa_alone) {
                let kinds: Vec<&str> = left.iter().map(|k| k.type_name()).collect();
                let detail = format!("{}: {} still offline at the end", self.world.group(g).name, kinds.join(", "));
                self.raise_at(FindingId::SaOnlyOnline, at, step, detail);
            }
        }
        let missing = self.backups_after_missing();
        if self.scenario.kind == Kind::RollingUpgrade && !missing.is_empty() {
            let w = &self.world;
            let what: Vec<String> = missing
                .iter()
                .map(|(m, kind, s)| format!("{} backup of {}", kind.label(), s.map_or(&w.machine(*m).slot, |s| &w.server(s).name)))
                .collect();
            self.raise(FindingId::NoBackupAfter, format!("no new backup: {}", what.join(", ")));
        }
        for s in self.world.server_ids() {
            let server = self.world.server(s);
            if server.upgraded_at.is_none() {
                continue;
            }
            let name = server.name.clone();
            if let Some(g) = self.world.group_of(s)
                && self.world.reachable(s)
                && !self.world.server(s).log_checked
            {
                let slot = self.world.machine(self.world.group(g).owner).slot.clone();
                self.raise(FindingId::AppLogNotChecked, format!("{name} on {slot}"));
            }
        }
        if self.scenario.kind == Kind::Migration {
            let clustered_55 = self.world.groups.iter().any(|g| g.server.is_some_and(|s| self.world.server(s).version.generation() == Generation::Ex5x));
            if clustered_55 {
                let missing: Vec<String> = self
                    .planned_nodes()
                    .into_iter()
                    .filter(|n| self.world.machine(*n).exchange.is_none() || !self.world.machine(*n).is_cluster_node())
                    .map(|n| self.world.machine(n).slot.clone())
                    .collect();
                if !missing.is_empty() {
                    self.raise(FindingId::UpdateNodeForgotten, missing.join(", "));
                }
            }
            let skipped: Vec<String> = self
                .world
                .machines
                .iter()
                .filter(|m| m.recovered_here && !m.performance_optimized)
                .map(|m| m.slot.clone())
                .collect();
            if !skipped.is_empty() {
                self.raise(FindingId::PerformanceOptimizerSkipped, skipped.join(", "));
            }
            for g in self.world.group_ids() {
                if let Some(i) = self.world.group(g).find(ResKind::InformationStore)
                    && self.stale_checkpoint(g, i)
                {
                    let name = self.world.group(g).name.clone();
                    self.raise(FindingId::StaleCheckpoint, name);
                }
            }
        }
    }

    /// The cluster's nodes: those the scenario plans, or else those with Cluster Server.
    pub fn planned_nodes(&self) -> Vec<MachineId> {
        let w = &self.world;
        let planned: Vec<MachineId> = self.scenario.planned_nodes.iter().filter_map(|n| w.machine_named(n)).collect();
        if planned.is_empty() { w.cluster_nodes().collect() } else { planned }
    }

    pub fn check(&self, check: &Check) -> bool {
        let w = &self.world;
        let server_is = |name: &str, f: &dyn Fn(ServerId) -> bool| w.server_named(name).is_some_and(f);
        match check {
            Check::NodesAt(b) => w.cluster_nodes().all(|n| w.machine(n).exchange == Some(*b)) && w.cluster_nodes().count() > 0,
            Check::EvsAt(b) => w.servers.iter().filter(|s| matches!(s.host, Host::Group(_))).all(|s| s.version == *b),
            Check::FrontEndsAt(b) => w.servers.iter().filter(|s| s.front_end).all(|s| s.version == *b),
            Check::GroupsOnline => !w.groups.is_empty() && w.groups.iter().all(|g| g.resources.iter().all(|r| r.state == ResState::Online)),
            Check::MailboxesOn(name) => server_is(name, &|s| w.server(s).mailboxes == w.users_total() && w.reachable(s)),
            Check::ServerRemoved(name) => server_is(name, &|s| w.server(s).removed),
            Check::FoldersOn(name) => {
                !w.org.folders_lost && w.org.folders_copying_from.is_none() && server_is(name, &|s| w.org.folders_home == Some(s))
            }
            Check::SystemFoldersOn(name) => server_is(name, &|s| w.org.system_folder_replicas & (1 << s.0) != 0),
            Check::UsersReachable => w.users_down() == 0,
            Check::ExchangeOnAllNodes => {
                let nodes = self.planned_nodes();
                !nodes.is_empty() && nodes.iter().all(|n| w.machine(*n).is_cluster_node() && w.machine(*n).exchange.is_some())
            }
            Check::Clustered(name) => server_is(name, &|s| matches!(w.server(s).host, Host::Group(_)) && w.reachable(s)),
        }
    }

    /// The report for a session that ends at `end` (not before `now`). Nothing is changed:
    /// the closing checks run on a copy, so a learner may ask for a debrief and carry on.
    pub fn report(&self, end: SimTime, par: Option<Par>) -> Report {
        let mut sim = self.clone();
        sim.record_log = false;
        sim.advance_to(end.max(self.world.now));
        let during = sim.findings.len();
        sim.closing_findings();
        sim.build_report(par, during)
    }

    /// The report; findings after the first `during` were judged at the end.
    fn build_report(&self, par: Option<Par>, during: usize) -> Report {
        let objectives: Vec<ObjectiveResult> =
            self.scenario.objectives.iter().map(|o| ObjectiveResult { text: o.text.clone(), met: self.check(&o.check) }).collect();
        let completed = objectives.iter().all(|o| o.met);
        // What the instructor's faults brought about is not the learner's mistake: a finding
        // made at a fault's step (at it, or as time passed before the learner's next step) is
        // not counted. What is judged at the end is the learner's, whatever came last.
        let fault_steps: Vec<u32> = self.faults.iter().map(|f| f.step).collect();
        let mut findings: Vec<FindingReport> = self
            .findings
            .iter()
            .enumerate()
            .filter(|(i, f)| *i >= during || !fault_steps.contains(&f.step))
            .map(|(i, f)| FindingReport {
                id: f.id.slug(),
                title: f.id.title(),
                severity: f.id.severity(),
                at: f.at.secs(),
                step: f.step,
                detail: f.detail.clone(),
                explanation: f.id.explanation(),
                source: f.id.source(),
                points: f.id.severity().penalty(),
                judged_at_end: i >= during,
            })
            .collect();
        // Most severe first, then in the order they were made: a critical mistake heads the list.
        findings.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.at, f.step));
        // The procedure's marks (100 less each finding's penalty), in proportion to the work done:
        // of the objectives in play (not met at the start, or not met now), those met now. A
        // session that has done nothing has earned nothing, however clean; one that undid what
        // held at the start loses that share too.
        let penalty: u32 = findings.iter().map(|f| f.severity.penalty()).sum();
        let start = Sim::new_quiet(self.scenario.clone(), self.seed);
        let in_play: Vec<bool> =
            self.scenario.objectives.iter().zip(&objectives).filter(|(o, r)| !r.met || !start.check(&o.check)).map(|(_, r)| r.met).collect();
        let (done, of) = (in_play.iter().filter(|m| **m).count() as u32, in_play.len() as u32);
        let score = (100u32.saturating_sub(penalty) * done).checked_div(of).unwrap_or(100u32.saturating_sub(penalty));
        debug_assert!(score <= 100 && done <= of, "a score of {score} with {done} of {of} objectives");
        let critical = findings.iter().any(|f| f.severity == Severity::Critical);
        let w = &self.world;
        let downtime: Vec<ServerDowntime> = w
            .servers
            .iter()
            .zip(&w.downtime.per_server)
            .filter(|(s, _)| !s.front_end)
            .map(|(s, d)| ServerDowntime { server: s.name.clone(), seconds: *d })
            .collect();
        let worst_downtime = downtime.iter().map(|d| d.seconds).max().unwrap_or(0);
        Report {
            scenario: self.scenario.id.clone(),
            scenario_version: self.scenario.version,
            title: self.scenario.title.clone(),
            seed: self.seed,
            ended_at: w.now.secs(),
            score,
            penalty,
            objectives_met: done,
            objectives_in_play: of,
            // A window agreed with users is a hard limit, as for a change board: going over it
            // fails the exercise, whatever the score (which still shows how far over it went).
            passed: completed && !critical && score >= PASS_MARK && worst_downtime <= self.scenario.budget,
            pass_mark: PASS_MARK,
            completed,
            objectives,
            findings,
            total_downtime: w.downtime.per_server.iter().sum(),
            downtime,
            worst_downtime,
            budget: self.scenario.budget,
            user_minutes: w.downtime.user_seconds / 60,
            noticed_user_minutes: w.downtime.noticed_user_seconds_x100 / 6000,
            steps: self.steps - self.faults.len() as u32,
            par,
            undos: 0,
            hints: 0,
            faults: self.faults.iter().map(|f| FaultReport { at: f.at.secs(), step: f.step, what: f.what.clone() }).collect(),
        }
    }

    /// Total downtime so far, over all servers: what the solver minimises.
    pub fn total_downtime(&self) -> Secs {
        self.world.downtime.per_server.iter().sum()
    }
}
