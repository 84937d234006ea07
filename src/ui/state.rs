//! The trainer's state and everything that changes it, apart from the components that draw
//! it (as in yew's function_todomvc). A session is the core's `Sim` plus the clock: the front
//! end decides what time it is and hands it to the core, which never reads a clock.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::Reducible;

use crate::sim::grading::{Par, Report};
use crate::sim::scenario::{Scenario, builtins, parse_scenario};
use crate::sim::solver::{INTERACTIVE_EXPANSIONS, SolveError, solve_from_within, solve_within};
use crate::sim::script::describe;
use crate::sim::transcript::{Transcript, WAIT_LIMIT, replay_steps};
use crate::sim::{Action, Outcome, Sim, SimTime};

/// Simulated seconds per real second that the speed control offers.
pub const SPEEDS: [u32; 5] = [1, 10, 60, 300, 1800];

/// One step of the session, as the timeline shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: SimTime,
    pub action: Action,
    pub outcome: Outcome,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub sim: Sim,
    pub steps: Vec<Step>,
    pub running: bool,
    pub speed: u32,
    /// Stop the clock when nothing is under way and every user has mail, so that time spent
    /// reading costs nothing; while users are down the clock keeps running.
    pub pause_when_idle: bool,
    /// Real milliseconds not yet turned into simulated seconds.
    carry_ms: f64,
    last_tick: Option<f64>,
    /// The debrief on screen, with the solver's par when it could be found.
    pub debrief: Option<Report>,
    /// The solver's par for this scenario and seed, once worked out (off the click path).
    pub par: Option<Option<Par>>,
    pub hint: Option<String>,
    /// Set once the learner ends the session: the clock stops for good.
    pub ended: bool,
}

impl Session {
    pub fn new(scenario: Rc<Scenario>, seed: u64) -> Session {
        Session {
            sim: Sim::new(scenario, seed),
            steps: Vec::new(),
            running: false,
            speed: SPEEDS[1],
            pause_when_idle: true,
            carry_ms: 0.0,
            last_tick: None,
            debrief: None,
            par: None,
            hint: None,
            ended: false,
        }
    }

    pub fn transcript(&self) -> Transcript {
        let actions = self.steps.iter().map(|st| (st.at, st.action.clone())).collect();
        let mut t = Transcript::new(self.sim.scenario(), self.sim.seed(), actions, self.sim.now());
        t.claimed_score = self.debrief.as_ref().map(|r| r.score);
        t
    }

    /// The par, worked out now if the background computation has not delivered it yet.
    fn par(&mut self) -> Option<Par> {
        *self.par.get_or_insert_with(|| solve_within(self.sim.scenario(), self.sim.seed(), INTERACTIVE_EXPANSIONS).ok().map(|p| p.par()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Session,
}

#[derive(Clone, Debug)]
pub struct AppState {
    /// Bumped on every change, so that components compare states in O(1).
    pub version: u64,
    pub screen: Screen,
    pub scenarios: Vec<Rc<Scenario>>,
    pub selected: usize,
    pub seed: u64,
    /// The session in progress. Shared and changed in place: a click or a clock tick must not
    /// copy the whole simulation and its logs; `version` tells components what changed.
    pub session: Option<Rc<RefCell<Session>>>,
    /// A message for the learner that is not part of the simulation (a file that would not load).
    pub notice: Option<String>,
    /// The notice reports a success (a file loaded), not a problem.
    pub notice_good: bool,
    /// A session saved in the browser that can be resumed.
    pub saved: Option<Transcript>,
    /// Bumped whenever a session starts afresh (start, try again, resume, open): the session
    /// view is keyed on it, so its tools start from their defaults rather than the last session's.
    pub session_serial: u64,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl AppState {
    pub fn new(seed: u64, saved: Option<Transcript>, custom: Vec<Rc<Scenario>>, notice: Option<String>) -> AppState {
        let mut scenarios = builtins();
        scenarios.extend(custom);
        AppState { version: 0, screen: Screen::Picker, scenarios, selected: 0, seed, session: None, notice, notice_good: false, saved, session_serial: 0 }
    }

    pub fn session(&self) -> Option<Ref<'_, Session>> {
        self.session.as_ref().map(|s| s.borrow())
    }

    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenarios[self.selected]
    }

    fn find(&self, id: &str) -> Option<Rc<Scenario>> {
        self.scenarios.iter().find(|s| s.id == id).cloned()
    }

    /// Shows a session resumed from a transcript (saved, or opened from a file).
    fn open(&mut self, scenario: &Scenario, seed: u64, session: Session) {
        self.selected = self.scenarios.iter().position(|x| x.id == scenario.id).unwrap_or(0);
        self.seed = seed;
        self.session = Some(Rc::new(RefCell::new(session)));
        self.screen = Screen::Session;
        self.session_serial += 1;
    }
}

const NOTHING_UNDER_WAY: &str = "Nothing is under way: nothing will happen until you act.";

pub enum Msg {
    Select(usize),
    SetSeed(u64),
    Start,
    /// A clock tick, with the browser's monotonic time in milliseconds.
    Tick(f64),
    SetRunning(bool),
    SetSpeed(u32),
    /// Jump to the next moment something happens by itself.
    SkipToNext,
    /// Let time run until nothing is under way (a script's `wait`).
    WaitIdle,
    SetPauseWhenIdle(bool),
    Act(Action),
    Hint,
    ShowDebrief,
    CloseDebrief,
    /// End the session: the clock stops and the debrief is final.
    End,
    Restart,
    BackToPicker,
    Resume,
    DiscardSaved,
    /// A scenario file the instructor loaded: (file name, text).
    LoadScenario(String, String),
    /// The transcript was downloaded under this file name.
    Saved(String),
    /// Forget a scenario an instructor loaded (by id).
    RemoveScenario(String),
    /// A transcript file: (file name, text).
    LoadTranscript(String, String),
    Notice(Option<String>),
    /// Work out the current session's par (sent just after a session starts).
    ComputePar,
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        s.version += 1;
        let cell = s.session.clone();
        let mut guard = cell.as_ref().map(|c| c.borrow_mut());
        let session = guard.as_deref_mut();
        // A notice set by this message is a problem unless the message says otherwise.
        let notice_before = s.notice.clone();
        let mut good = false;
        match (msg, session) {
            (Msg::Select(i), _) if i < s.scenarios.len() => s.selected = i,
            (Msg::Select(_), _) => return self,
            (Msg::SetSeed(seed), _) => s.seed = seed,
            (Msg::Start, _) => {
                s.session = Some(Rc::new(RefCell::new(Session::new(s.scenario().clone(), s.seed))));
                s.screen = Screen::Session;
                s.session_serial += 1;
                s.notice = None;
                // The saved session stays saved until this one takes a step.
            }
            (Msg::Tick(now_ms), Some(session)) => {
                if !session.running || session.ended {
                    return self;
                }
                let last = session.last_tick.replace(now_ms).unwrap_or(now_ms);
                session.carry_ms += (now_ms - last).max(0.0) * f64::from(session.speed);
                let secs = (session.carry_ms / 1000.0).floor();
                if secs < 1.0 {
                    // Not a whole simulated second yet: nothing to show, nothing to re-render.
                    return self;
                }
                session.carry_ms -= secs * 1000.0;
                let to = session.sim.now().plus(secs as u32);
                session.sim.advance_to(to);
                // Pause when nothing is under way, unless users are down: then time is what the
                // learner must see passing. A hung Setup looks under way: the clock runs on.
                if session.pause_when_idle && session.sim.next_watch().is_none() && session.sim.world().users_down() == 0 {
                    session.running = false;
                }
            }
            (Msg::SetRunning(on), Some(session)) => {
                session.running = on && !session.ended;
                session.last_tick = None;
                session.carry_ms = 0.0;
            }
            (Msg::SetSpeed(speed), Some(session)) => session.speed = speed,
            (Msg::SetPauseWhenIdle(on), Some(session)) => session.pause_when_idle = on,
            (Msg::WaitIdle, Some(session)) => {
                if session.ended {
                    return self;
                }
                if session.sim.is_busy() {
                    let limit = session.sim.now().plus(WAIT_LIMIT);
                    session.sim.run_until_idle(limit);
                } else if let Some(t) = session.sim.next_watch() {
                    // Only an hourglass is left: the learner watches it for a while.
                    session.sim.advance_to(t);
                } else {
                    s.notice = Some(NOTHING_UNDER_WAY.into());
                }
            }
            (Msg::SkipToNext, Some(session)) => {
                if session.ended {
                    return self;
                }
                match session.sim.next_watch() {
                    Some(t) => session.sim.advance_to(t),
                    None => s.notice = Some(NOTHING_UNDER_WAY.into()),
                }
            }
            (Msg::Act(action), Some(session)) => {
                if session.ended {
                    return self;
                }
                let at = session.sim.now();
                match session.sim.apply(at, &action) {
                    Ok(outcome) => {
                        session.steps.push(Step { at, action, outcome });
                        session.hint = None;
                        // This session is the one kept in the browser from now on.
                        s.saved = None;
                    }
                    // The screens only offer names that exist; say so if one did not.
                    Err(e) => s.notice = Some(e.0),
                }
            }
            (Msg::Hint, Some(session)) => {
                session.hint = Some(match solve_from_within(&session.sim, INTERACTIVE_EXPANSIONS) {
                    Ok(plan) => match plan.actions.first() {
                        Some((_, a)) => format!("Hint: {}.", describe(a)),
                        None => "Everything is done: open the debrief.".into(),
                    },
                    Err(SolveError::NoPlan { .. }) => "No clean way on from here: consider starting again.".into(),
                    Err(SolveError::TooHard { .. }) => "This scenario is too big for a hint to be worked out here.".into(),
                });
            }
            (Msg::ComputePar, Some(session)) => {
                session.par();
            }
            (Msg::ShowDebrief, Some(session)) => {
                let par = session.par();
                session.debrief = Some(session.sim.report(session.sim.now(), par));
                session.running = false;
            }
            (Msg::CloseDebrief, Some(session)) => {
                if session.ended {
                    s.screen = Screen::Picker;
                }
                session.debrief = None;
            }
            (Msg::End, Some(session)) => {
                let par = session.par();
                session.debrief = Some(session.sim.report(session.sim.now(), par));
                session.running = false;
                session.ended = true;
            }
            (Msg::Restart, Some(session)) => {
                let (scenario, seed, par) = (session.sim.scenario().clone(), session.sim.seed(), session.par);
                let mut fresh = Session::new(scenario, seed);
                fresh.par = par;
                *session = fresh;
                s.session_serial += 1;
            }
            (Msg::BackToPicker, session) => {
                // The session left behind is the one kept in the browser: offer that one.
                // A session that took no step saved nothing: what was saved before still is.
                match session {
                    Some(x) if !x.steps.is_empty() => s.saved = (!x.ended).then(|| x.transcript()),
                    _ => {}
                }
                s.screen = Screen::Picker;
                s.session = None;
            }
            (Msg::Resume, _) => {
                let Some(t) = s.saved.clone() else { return self };
                match s.find(&t.scenario) {
                    Some(scenario) => match resume(&scenario, &t) {
                        Ok(session) => {
                            s.open(&scenario, t.seed, session);
                            s.saved = None;
                        }
                        Err(e) => s.notice = Some(format!("The saved session cannot be resumed: {e}")),
                    },
                    None => s.notice = Some(format!("The saved session is for scenario `{}`, which is not loaded.", t.scenario)),
                }
            }
            (Msg::DiscardSaved, _) => s.saved = None,
            (Msg::LoadScenario(name, text), _) => match parse_scenario(&name, &text) {
                Ok(scenario) => {
                    good = true;
                    let scenario = Rc::new(scenario);
                    match s.scenarios.iter().position(|x| x.id == scenario.id) {
                        Some(i) => {
                            s.scenarios[i] = scenario;
                            s.selected = i;
                            s.notice = Some(format!("{name}: loaded (replacing the earlier version)."));
                        }
                        None => {
                            s.scenarios.push(scenario);
                            s.selected = s.scenarios.len() - 1;
                            s.notice = Some(format!("{name}: loaded. It is at the end of the list, selected."));
                        }
                    }
                }
                Err(e) => s.notice = Some(format!("This scenario file has a problem: {e}")),
            },
            (Msg::Saved(name), _) => {
                s.notice = Some(format!("Transcript downloaded as {name}: open it from the scenario list to regrade it."));
                good = true;
            }
            (Msg::RemoveScenario(id), _) => {
                if crate::sim::scenario::is_builtin(&id) {
                    return self;
                }
                s.scenarios.retain(|x| x.id != id);
                s.selected = s.selected.min(s.scenarios.len() - 1);
                s.notice = Some(format!("Scenario `{id}` removed from this browser."));
                good = true;
            }
            (Msg::LoadTranscript(name, text), _) => match Transcript::parse(&text) {
                Ok(t) => match s.find(&t.scenario) {
                    Some(scenario) => match resume(&scenario, &t) {
                        Ok(mut session) => {
                            let par = session.par();
                            session.debrief = Some(session.sim.report(t.end, par));
                            session.ended = true;
                            s.open(&scenario, t.seed, session);
                            s.notice = None;
                        }
                        Err(e) => s.notice = Some(format!("{name}: {e}")),
                    },
                    None => s.notice = Some(format!("{name}: no scenario `{}` is loaded.", t.scenario)),
                },
                Err(e) => s.notice = Some(format!("{name} is not a readable transcript: {e}")),
            },
            (Msg::Notice(n), _) => s.notice = n,
            // A session message with no session: nothing to do.
            (_, None) => return self,
        }
        if s.notice != notice_before {
            s.notice_good = good;
        }
        drop(guard);
        Rc::new(s)
    }
}

/// Rebuilds a session from a transcript, step by step, with each step's outcome as it was.
pub fn resume(scenario: &Rc<Scenario>, t: &Transcript) -> Result<Session, String> {
    if t.scenario_version != scenario.version {
        return Err(format!("it was made with version {} of `{}`; this is version {}", t.scenario_version, scenario.id, scenario.version));
    }
    let (sim, outcomes) = replay_steps(scenario, t, false).map_err(|e| e.to_string())?;
    let mut session = Session::new(scenario.clone(), t.seed);
    session.steps = t.actions.iter().zip(outcomes).map(|((at, action), outcome)| Step { at: *at, action: action.clone(), outcome }).collect();
    session.sim = sim;
    Ok(session)
}
