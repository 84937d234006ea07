//! The presenter's view of a recorded session (a reel, a transcript, a shared link): the whole
//! trainer as it was at any step, stepped forward and back, played with a stop at each
//! caption, the solver's judgement from any step (the par from there, whether the run can
//! still pass, the point of no return), and "take over from here" into a live session.
//!
//! Positions on the timeline: `0` is the start, `n` just after step `n`, and `steps + 1` the
//! end, where the clock stands where the recording stopped and its debrief is final.

use std::rc::Rc;

use super::session::Session;
use crate::sim::grading::Par;
use crate::sim::reel::{Caption, Mark, Reel};
use crate::sim::scenario::Scenario;
use crate::sim::solver::{INTERACTIVE, SolveError, solve_from_within};
use crate::sim::transcript::WAIT_LIMIT;
use crate::sim::ActionError;

/// What the solver says of the run from one position on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// It can still pass: the best way on, counted from the start (steps still to take, and the
    /// downtime in all at its end).
    CanPass(Par),
    /// No way on passes any more.
    CannotPass,
    /// The search gave up within the interactive budget.
    Unknown,
}

/// How long a played reel rests on each step, in real milliseconds, that the view offers.
pub const STEP_INTERVALS: [u64; 3] = [3000, 1500, 700];

pub struct Presenter {
    reel: Reel,
    /// Every step of the recording, played forward once: the outcomes the timeline shows.
    full: Session,
    at: usize,
    /// The session as it was at `at`.
    view: Session,
    /// Playing: the real time the next step is due (set at the first tick).
    playing: Option<Option<u64>>,
    interval_ms: u64,
    /// The solver's judgement at each position, once worked out.
    judgements: Vec<Option<Judgement>>,
    /// The findings as they stand at `at` (worked out once per position).
    findings: Vec<FindingSoFar>,
}

/// A finding as it stands at a position of a recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingSoFar {
    pub title: &'static str,
    /// Judged only at the end (a resource left down, no backup after): it would count if the
    /// recording ended here, and may still be put right.
    pub if_it_ended_here: bool,
}

/// What a session's findings are where it stands: those raised, and those judged at the end
/// as they would be if it ended there (what the captions tell as it happens).
fn findings_of(view: &Session) -> Vec<FindingSoFar> {
    let report = match view.final_report() {
        Some(r) => r.clone(),
        None => view.sim().report(view.sim().now(), None),
    };
    let ended = view.ended();
    report.findings.iter().map(|f| FindingSoFar { title: f.title, if_it_ended_here: f.judged_at_end && !ended }).collect()
}

impl Presenter {
    /// A reel (or a transcript, given as a reel without captions) on its scenario, at its start.
    pub fn new(scenario: &Rc<Scenario>, reel: Reel) -> Result<Presenter, String> {
        let full = Session::resume(scenario, &reel.transcript)?;
        let positions = full.steps().len() + 2;
        let view = full.rewound(0).map_err(ActionError::into_message)?;
        let findings = findings_of(&view);
        Ok(Presenter { reel, full, at: 0, view, playing: None, interval_ms: STEP_INTERVALS[1], judgements: vec![None; positions], findings })
    }


    pub fn reel(&self) -> &Reel {
        &self.reel
    }
    /// The recorded steps, with their outcomes.
    pub fn recording(&self) -> &Session {
        &self.full
    }
    /// The session as it was at the position shown.
    pub fn view(&self) -> &Session {
        &self.view
    }
    pub(crate) fn view_mut(&mut self) -> &mut Session {
        &mut self.view
    }
    pub fn at(&self) -> usize {
        self.at
    }
    /// The last position: the end.
    pub fn end(&self) -> usize {
        self.full.steps().len() + 1
    }
    pub fn mark(&self, position: usize) -> Mark {
        if position >= self.end() { Mark::End } else { Mark::After(position) }
    }
    pub fn caption(&self) -> Option<&Caption> {
        self.reel.caption(self.mark(self.at))
    }
    pub fn playing(&self) -> bool {
        self.playing.is_some()
    }
    pub fn interval_ms(&self) -> u64 {
        self.interval_ms
    }

    /// Works out the par once, for every position: each view is a copy of the recording.
    pub fn compute_par(&mut self) {
        let par = self.full.par();
        self.view.set_par(par);
    }

    /// The findings where the recording stands.
    pub fn findings(&self) -> &[FindingSoFar] {
        &self.findings
    }

    /// Shows the session as it was at `position` (clamped to the end).
    pub fn go_to(&mut self, position: usize) -> Result<(), ActionError> {
        let position = position.min(self.end());
        if position == self.at {
            return Ok(());
        }
        self.view = if position == self.end() {
            let mut s = self.take_over_at_end();
            if self.reel.transcript.finished {
                s.end();
            }
            s
        } else if position == self.at + 1 {
            // One step on: that step alone, on what is shown.
            let mut s = self.view.clone();
            let step = &self.full.steps()[self.at];
            s.replay_step(step.at, &step.action)?;
            s
        } else {
            self.full.rewound(position)?
        };
        self.at = position;
        self.findings = findings_of(&self.view);
        Ok(())
    }

    /// One step forward (`+1`) or back (`-1`), within the timeline.
    pub fn step_by(&mut self, delta: isize) -> Result<(), ActionError> {
        self.go_to(self.at.saturating_add_signed(delta))
    }

    /// Plays the recording on, a step every interval, stopping at each captioned position
    /// and at the end.
    pub fn set_playing(&mut self, on: bool) {
        self.playing = (on && self.at < self.end()).then_some(None);
    }
    pub fn set_interval(&mut self, ms: u64) {
        self.interval_ms = ms.clamp(STEP_INTERVALS[2], STEP_INTERVALS[0]);
    }

    /// A real-time tick while playing: whether the view moved.
    pub fn tick(&mut self, now_ms: u64) -> Result<bool, ActionError> {
        let Some(due) = self.playing else { return Ok(false) };
        let due = match due {
            Some(due) => due,
            None => {
                self.playing = Some(Some(now_ms + self.interval_ms));
                return Ok(false);
            }
        };
        if now_ms < due {
            return Ok(false);
        }
        self.step_by(1)?;
        let stop = self.at >= self.end() || self.caption().is_some();
        self.playing = (!stop).then_some(Some(now_ms + self.interval_ms));
        Ok(true)
    }

    /// The session to go on with from the position shown: the steps so far are kept, the clock
    /// stopped; from the end, the recording goes on unended.
    pub fn take_over(&self) -> Session {
        // The view at the end is ended (a finished recording): go on from the same state unended.
        let session = if self.at >= self.end() { self.take_over_at_end() } else { self.view.clone() };
        // Live from a recording is practice, whatever the recording was, and its steps so far
        // are the recording's.
        session.into_practice().taken_over()
    }

    fn take_over_at_end(&self) -> Session {
        let mut s = self.full.clone();
        s.advance_to_end(self.reel.transcript.end);
        s
    }

    pub fn judgement(&self, position: usize) -> Option<Judgement> {
        self.judgements.get(position).copied().flatten()
    }

    /// Works out the judgement at the position shown, or else the first one not yet worked out;
    /// one search within the interactive budget per call, so that a front end can spread them
    /// out. Returns whether it worked one out.
    pub fn judge_next(&mut self) -> bool {
        let position = if self.at < self.judgements.len() && self.judgements[self.at].is_none() {
            self.at
        } else {
            match self.judgements.iter().position(Option::is_none) {
                Some(p) => p,
                None => return false,
            }
        };
        let judged = if position == self.at {
            judge(&self.view)
        } else if position == self.end() {
            judge(&self.take_over_at_end())
        } else {
            match self.full.rewound(position) {
                Ok(s) => judge(&s),
                Err(_) => Judgement::Unknown,
            }
        };
        self.judgements[position] = Some(judged);
        true
    }

    /// How many positions have their judgement.
    pub fn judged_count(&self) -> usize {
        self.judgements.iter().filter(|j| j.is_some()).count()
    }

    /// Every position has its judgement.
    pub fn judged_all(&self) -> bool {
        self.judgements.iter().all(Option::is_some)
    }

    /// The first position from which the run can no longer pass, once every position before
    /// it is known to be passable (`None` while unknown, or if it never comes).
    pub fn point_of_no_return(&self) -> Option<usize> {
        for (p, j) in self.judgements.iter().enumerate() {
            match j {
                Some(Judgement::CanPass(_)) => {}
                Some(Judgement::CannotPass) => return (p > 0).then_some(p),
                _ => return None,
            }
        }
        None
    }
}

/// What the solver says of a session's chances from where it stands: it searches for the best
/// way on, within the interactive budget, and grades where that way ends (by the session's
/// pass mark: an exam's, when it recorded one).
pub fn judge(session: &Session) -> Judgement {
    let mut from = session.sim().clone();
    from.record_log = false;
    // As for a hint: the way on starts once what is under way has finished.
    if from.is_busy() {
        from.run_until_idle(from.now().plus(WAIT_LIMIT));
    }
    let done = from.steps();
    match solve_from_within(&from, INTERACTIVE) {
        Ok(plan) => {
            for (at, action) in &plan.actions {
                if from.apply_written(*at, action).is_err() {
                    return Judgement::Unknown;
                }
            }
            from.advance_to(plan.end);
            let report = from.report(plan.end, None);
            if report.passes_with(session.pass_mark().unwrap_or(report.pass_mark)) {
                Judgement::CanPass(Par { steps: from.steps() - done, downtime: plan.downtime })
            } else {
                Judgement::CannotPass
            }
        }
        Err(SolveError::NoPlan { .. }) => Judgement::CannotPass,
        Err(SolveError::TooHard { .. }) => Judgement::Unknown,
    }
}
