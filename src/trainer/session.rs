//! One learner's session: the simulation, the steps taken, the clock, and what the trainer
//! offers around them (hint, par, debrief, end, restart, rewind, resume from a transcript).

use std::rc::Rc;

use super::clock::Clock;
use super::exam::ExamRun;
use crate::sim::exam::Exam;
use crate::sim::grading::{Par, Report};
use crate::sim::scenario::Scenario;
use crate::sim::solver::{INTERACTIVE, SolveError, solve_from_within, solve_within};
use crate::sim::transcript::{MadeBy, Meta, Mode, Transcript, WAIT_LIMIT, replay_steps, result_code};
use crate::sim::{Action, ActionError, Outcome, Sim, SimTime};

/// One step of the session, as the timeline shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: SimTime,
    pub action: Action,
    pub outcome: Outcome,
}

/// What the solver advised when a hint was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Advice {
    /// This step next: in an instructor's words, and as a script line.
    Step { said: String, script: String },
    Done,
    NoCleanWay,
    TooLarge,
}

/// A hint as the trainer shows it: what to do, as an instructor would say it (naming the screen
/// and the control), and the same step as a script line, for those who want it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub text: String,
    pub script: Option<String>,
}

/// What a real-time tick did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Not a whole simulated second yet, or the clock is stopped.
    Still,
    Moved,
    /// Time moved, and auto-pause then stopped the clock.
    Paused,
}

/// Why the clock could not be moved on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idle {
    /// Nothing is under way: nothing will happen until the learner acts.
    NothingUnderWay,
    /// The session has ended.
    Ended,
}

#[derive(Clone, Debug)]
pub struct Session {
    sim: Sim,
    steps: Vec<Step>,
    clock: Clock,
    /// The debrief on screen.
    debrief: Option<Report>,
    /// The solver's par for this scenario and seed, once worked out (`None` inside: the
    /// search gave up within the interactive budget).
    par: Option<Option<Par>>,
    /// The solver's advice, and whether it was to wait for what was under way first.
    hint: Option<(Advice, bool)>,
    /// The final report, once the learner ends the session: the clock stops for good.
    ended: Option<Report>,
    /// Who, when, in which mode; hints and undos so far (written in the transcript).
    meta: Meta,
    /// The exam this session is, if it is one: no help, a pass mark, perhaps a time limit.
    exam: Option<ExamRun>,
}

impl Session {
    pub fn new(scenario: Rc<Scenario>, seed: u64) -> Session {
        Session::from_sim(Sim::new(scenario, seed), Vec::new())
    }

    fn from_sim(sim: Sim, steps: Vec<Step>) -> Session {
        Session { sim, steps, clock: Clock::default(), debrief: None, par: None, hint: None, ended: None, meta: Meta { made_by: MadeBy::Learner, ..Meta::default() }, exam: None }
    }

    /// An attempt at an exam on one of its seeds: in exam mode from the first step to the last.
    pub fn exam(scenario: Rc<Scenario>, exam: Exam, seed: u64) -> Session {
        let mut s = Session::new(scenario, seed);
        s.meta.mode = Mode::Exam;
        s.meta.pass_mark = Some(exam.pass_mark);
        s.exam = Some(ExamRun::new(exam, 0, 0));
        s
    }

    /// An exam in progress, resumed from its transcript: the same seed, steps, simulated clock
    /// and real time used. `now` (UTC, as the front end's clock says) counts the time the page
    /// was away too: an exam's time is real time since it started, however often it was
    /// closed; never less than the time the transcript records.
    pub fn resume_exam(scenario: &Rc<Scenario>, t: &Transcript, exam: Exam, now: Option<&str>) -> Result<Session, String> {
        if t.meta.mode != Mode::Exam {
            return Err("the saved session is not an exam".into());
        }
        if t.scenario != exam.scenario {
            return Err(format!("the saved session is of scenario `{}`, not the exam's `{}`", t.scenario, exam.scenario));
        }
        if !exam.seeds.iter().any(|(s, _)| *s == t.seed) {
            return Err(format!("seed {} is not one of this exam's", t.seed));
        }
        let mut s = Session::resume(scenario, t)?;
        let kept = t.meta.time_used.unwrap_or(0);
        let since_start = t.meta.started.as_deref().zip(now).and_then(|(from, to)| crate::sim::transcript::utc_seconds_between(from, to));
        let used = if t.finished { kept } else { since_start.map_or(kept, |s| kept.max(u32::try_from(s).unwrap_or(u32::MAX))) };
        s.exam = Some(ExamRun::new(exam, used, t.meta.extensions));
        // An ended exam comes back as it ended: its final debrief, by its pass mark.
        if t.finished {
            s.end();
        }
        Ok(s)
    }

    pub fn exam_run(&self) -> Option<&ExamRun> {
        self.exam.as_ref()
    }
    pub(crate) fn exam_run_mut(&mut self) -> Option<&mut ExamRun> {
        self.exam.as_mut()
    }

    /// Rebuilds a session from a transcript, step by step, with each step's outcome as it was,
    /// and its clock where the transcript's stood. It goes on from there, whether or not the
    /// transcript was ended (see [`Session::open`]).
    pub fn resume(scenario: &Rc<Scenario>, t: &Transcript) -> Result<Session, String> {
        if t.scenario_version != scenario.version {
            return Err(format!("it was made with version {} of `{}`; this is version {}", t.scenario_version, scenario.id, scenario.version));
        }
        let (sim, outcomes) = replay_steps(scenario, t, false).map_err(|e| e.to_string())?;
        let steps = t.actions.iter().zip(outcomes).map(|((at, action), outcome)| Step { at: *at, action: action.clone(), outcome }).collect();
        // Who made it stays as the transcript says: a plan of the solver's (or a script's)
        // opened and carried on is never a learner's own work.
        Ok(Session { meta: t.meta.clone(), ..Session::from_sim(sim, steps) })
    }

    /// A transcript opened from a file: an ended session shows its final debrief; an
    /// unfinished one goes on.
    /// An exam's transcript opens only ended (to review it): an exam in progress goes on only
    /// under its exam, with its clock and without help (`resume_exam`).
    pub fn open(scenario: &Rc<Scenario>, t: &Transcript) -> Result<Session, String> {
        if t.meta.mode == Mode::Exam && !t.finished {
            return Err("it is an exam in progress: it goes on only with its exam file (Start an exam…)".into());
        }
        let mut session = Session::resume(scenario, t)?;
        if t.finished {
            session.end();
        }
        Ok(session)
    }

    /// Whatever it was, this session goes on as practice: an exam goes on only under its
    /// `ExamRun` (so that a session in exam mode without one is only ever an ended one, under
    /// review). Hints and undos keep counting.
    /// The console the latest step that `fits` was taken on: where a tool that runs on a
    /// console is shown, stepping through a recording.
    pub fn last_console(&self, fits: impl Fn(&str) -> bool) -> Option<&str> {
        self.steps.iter().rev().map(|s| s.action.console.as_str()).find(|c| fits(c))
    }

    /// A session taken over from a recording: its steps so far are the recording's, not the
    /// learner's who goes on (none: every step will be theirs).
    pub(crate) fn taken_over(mut self) -> Session {
        self.meta.made_by = if self.steps.is_empty() { MadeBy::Learner } else { MadeBy::Continued };
        self
    }

    pub(crate) fn into_practice(mut self) -> Session {
        if self.exam.is_none() {
            self.meta = Meta { mode: Mode::Practice, pass_mark: None, time_used: None, extensions: 0, ..self.meta };
        }
        self
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
    pub fn debrief(&self) -> Option<&Report> {
        self.debrief.as_ref()
    }
    /// The hint asked for, as it reads now: "wait first" only while something is still under way.
    pub fn hint(&self) -> Option<Hint> {
        let (advice, wait_first) = self.hint.as_ref()?;
        let wait = *wait_first && self.sim.is_busy();
        let then = |what: &str| {
            if !wait {
                return format!("Hint: {what}");
            }
            let mut chars = what.chars();
            let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
            format!("Hint: wait for what is under way to finish (Wait »), then {first}{}", chars.as_str())
        };
        Some(match advice {
            Advice::Step { said, script } => Hint { text: then(said), script: Some(script.clone()) },
            Advice::Done => Hint { text: then("Everything is done: open the debrief."), script: None },
            Advice::NoCleanWay => Hint { text: "No clean way on from here: consider starting again.".into(), script: None },
            Advice::TooLarge => Hint { text: "This scenario is too big for a hint to be worked out here.".into(), script: None },
        })
    }
    /// The final report, once the session has ended.
    pub fn final_report(&self) -> Option<&Report> {
        self.ended.as_ref()
    }
    pub fn ended(&self) -> bool {
        self.ended.is_some()
    }

    /// The name a downloaded transcript of this session gets.
    pub fn transcript_file_name(&self) -> String {
        format!("{}-seed{}.transcript", self.sim.scenario().id, self.sim.seed())
    }

    /// The session written down: unfinished until the learner ends it; an ended one carries
    /// the score of its final report.
    pub fn transcript(&self) -> Transcript {
        let actions = self.steps.iter().map(|st| (st.at, st.action.clone())).collect();
        let mut meta = self.meta.clone();
        if let Some(run) = &self.exam {
            meta.time_used = Some(run.used_secs());
            meta.extensions = run.extensions_taken();
        }
        let mut t = Transcript::new(self.sim.scenario(), self.sim.seed(), actions, self.sim.now()).with_meta(meta);
        match &self.ended {
            Some(report) => {
                t.claimed_score = Some(report.score);
                t.claimed_code = Some(result_code(&t, report));
                t
            }
            None => t.unfinished(),
        }
    }

    /// A real-time tick (milliseconds on the front end's monotonic clock): moves simulated
    /// time on while the clock runs. Auto-pause stops it when nothing is under way and every
    /// user has mail; a hung Setup looks under way, so the clock runs on.
    pub fn tick(&mut self, now_ms: u64) -> Tick {
        if self.ended() {
            return Tick::Still;
        }
        let secs = self.clock.elapse(now_ms);
        if secs == 0 {
            return Tick::Still;
        }
        let to = self.sim.now().plus(secs);
        self.sim.advance_to(to);
        if self.clock.pause_when_idle() && self.sim.next_watch().is_none() && self.sim.world().users_down() == 0 {
            self.clock.set_running(false);
            return Tick::Paused;
        }
        Tick::Moved
    }

    pub fn set_running(&mut self, on: bool) {
        self.clock.set_running(on && !self.ended());
    }
    pub fn set_speed(&mut self, speed: u32) {
        self.clock.set_speed(speed);
    }
    pub fn set_pause_when_idle(&mut self, on: bool) {
        self.clock.set_pause_when_idle(on);
    }

    /// Jumps to the next moment something happens by itself.
    pub fn skip_to_next(&mut self) -> Result<(), Idle> {
        if self.ended() {
            return Err(Idle::Ended);
        }
        let t = self.sim.next_watch().ok_or(Idle::NothingUnderWay)?;
        self.sim.advance_to(t);
        Ok(())
    }

    /// Lets time run until nothing is under way (a script's `wait`); when all that is left is
    /// an hourglass that never ends (a hung Setup), watches it for a while, as a learner would.
    pub fn wait(&mut self) -> Result<(), Idle> {
        if self.ended() {
            return Err(Idle::Ended);
        }
        if self.sim.is_busy() {
            let limit = self.sim.now().plus(WAIT_LIMIT);
            self.sim.run_until_idle(limit);
            return Ok(());
        }
        self.skip_to_next()
    }

    /// Performs an action now. A name that does not exist is an error, and changes nothing.
    pub fn act(&mut self, action: Action) -> Result<&Step, ActionError> {
        if self.ended() {
            return Err(ActionError::new("The session has ended."));
        }
        let at = self.sim.now();
        let outcome = self.sim.apply(at, &action)?;
        self.steps.push(Step { at, action, outcome });
        self.hint = None;
        // A learner going on from a plan's or a script's steps: theirs from here on; with none
        // of those steps left (undone, or none taken), every step is the learner's. A
        // transcript that never said who made it still does not.
        if matches!(self.meta.made_by, MadeBy::Solver | MadeBy::Script | MadeBy::Continued) {
            self.meta.made_by = if self.steps.len() == 1 { MadeBy::Learner } else { MadeBy::Continued };
        }
        Ok(self.steps.last().expect("just pushed"))
    }

    /// Asks the solver for the next step, within the interactive budget. While something is
    /// under way the plan starts from when it has finished: acting in the middle of a move, a
    /// restart or a restore is what the learner should not be told to do.
    pub fn ask_hint(&mut self) {
        let busy = self.sim.is_busy();
        let waited;
        let from = if busy {
            let mut s = self.sim.clone();
            s.run_until_idle(s.now().plus(WAIT_LIMIT));
            waited = s;
            &waited
        } else {
            &self.sim
        };
        let advice = match solve_from_within(from, INTERACTIVE) {
            Ok(plan) => plan.actions.first().map_or(Advice::Done, |(_, a)| Advice::Step { said: a.instruction(from.world()), script: a.to_string() }),
            Err(SolveError::NoPlan { .. }) => Advice::NoCleanWay,
            Err(SolveError::TooHard { .. }) => Advice::TooLarge,
        };
        self.hint = Some((advice, busy));
        self.meta.hints += 1;
    }

    /// The par, worked out now if it has not been yet (front ends ask for it off the click
    /// path, just after a session starts).
    pub fn par(&mut self) -> Option<Par> {
        // An exam gives no solver answers, the par included.
        if self.exam.is_some() {
            return None;
        }
        let (scenario, seed) = (self.sim.scenario(), self.sim.seed());
        *self.par.get_or_insert_with(|| solve_within(scenario, seed, INTERACTIVE).ok().map(|p| p.par()))
    }

    /// Takes a par already worked out for this scenario and seed.
    pub(crate) fn set_par(&mut self, par: Option<Par>) {
        self.par = Some(par);
    }

    /// The pass mark this session is judged by, when not the usual one: an exam's, or the one
    /// a transcript opened from a file recorded (an exam's, regraded as `clusterdrill grade`
    /// does).
    pub fn pass_mark(&self) -> Option<u32> {
        self.exam.as_ref().map(|run| run.exam().pass_mark).or(self.meta.pass_mark)
    }

    /// The debrief as things stand; the session goes on, paused.
    pub fn show_debrief(&mut self) {
        let par = self.par();
        let mut report = self.sim.report(self.sim.now(), par);
        report.undos = self.meta.undos;
        report.hints = self.meta.hints;
        if let Some(mark) = self.pass_mark() {
            report.judge_with_pass_mark(mark);
        }
        self.debrief = Some(report);
        self.clock.set_running(false);
    }

    pub fn close_debrief(&mut self) {
        self.debrief = None;
    }

    /// Ends the session for good: the clock stops and the debrief is final.
    pub fn end(&mut self) {
        self.show_debrief();
        self.ended = self.debrief.clone();
    }

    /// The same scenario and seed from the start (the par, already known, is kept).
    pub fn restart(&mut self) {
        let par = self.par;
        // A new attempt by the same learner, in the same mode (practice: an exam is not
        // restarted): no hints or undos yet.
        let meta = Meta { hints: 0, undos: 0, made_by: MadeBy::Learner, ..self.meta.clone() };
        *self = Session { par, meta, ..Session::new(self.sim.scenario().clone(), self.sim.seed()) }.into_practice();
    }

    /// The session as it was just after step `n` (at the start for 0), replayed from the
    /// scenario: the same state, findings, logs and notices that step had, and the steps up
    /// to it. Its clock is stopped, and it goes on from there.
    pub fn rewound(&self, n: usize) -> Result<Session, ActionError> {
        let mut sim = Sim::new(self.sim.scenario().clone(), self.sim.seed());
        let steps = &self.steps[..n.min(self.steps.len())];
        for step in steps {
            sim.apply(step.at, &step.action)?;
        }
        Ok(Session { par: self.par, meta: self.meta.clone(), ..Session::from_sim(sim, steps.to_vec()) })
    }

    /// Takes a recorded step at its time (a presenter stepping a recording on).
    pub(crate) fn replay_step(&mut self, at: SimTime, action: &Action) -> Result<(), ActionError> {
        let outcome = self.sim.apply(at, action)?;
        self.steps.push(Step { at, action: action.clone(), outcome });
        Ok(())
    }

    /// Moves the clock on to where a recording stopped.
    pub(crate) fn advance_to_end(&mut self, t: SimTime) {
        self.sim.advance_to(t);
    }

    pub fn undos(&self) -> u32 {
        self.meta.undos
    }
    pub fn meta(&self) -> &Meta {
        &self.meta
    }
    /// Who the learner is and when the session started (real time, from the front end).
    pub fn set_learner(&mut self, learner: Option<String>, started: Option<String>) {
        self.meta.learner = learner;
        self.meta.started = started;
    }

    /// Undo, back to just after step `n` (at its time), the later steps gone, counted as one
    /// undo. Not after the end, and not to where the session already stands.
    pub fn undo_to(&mut self, n: usize) -> Result<(), ActionError> {
        self.undo(n, false)
    }

    /// Undo of the last step only (Ctrl+Z): back to the moment just before it, so that the
    /// time waited before it stays waited (what finished meanwhile stays finished).
    pub fn undo_last(&mut self) -> Result<(), ActionError> {
        self.undo(self.steps.len().saturating_sub(1), true)
    }

    fn undo(&mut self, n: usize, keep_wait: bool) -> Result<(), ActionError> {
        if self.ended() || n >= self.steps.len() {
            return Err(ActionError::new("There is no later step to undo."));
        }
        let mut back = self.rewound(n)?;
        if keep_wait {
            back.sim.advance_to(self.steps[n].at);
        }
        back.meta.undos += 1;
        *self = back;
        Ok(())
    }
}
