//! The trainer as a whole: the scenario picker's choices, the session in progress, the session
//! kept in the browser, and the messages for the learner that are not part of the simulation.
//! A front end turns clicks, keys and timer ticks into [`Msg`]s, hands them to
//! [`Trainer::update`], draws what it holds, and does what [`Trainer::keep`] says with its
//! storage.

use std::rc::Rc;

use super::exam::ExamTick;
use super::presenter::Presenter;
use crate::sim::exam::Exam;
use super::session::{Idle, Session, Tick};
use crate::sim::link;
use crate::sim::roster;
use crate::sim::reel::{self, Reel};
use super::lms::{self, Launch, LaunchMode, Record};
use super::stored::{SetAside, Stored};
use crate::sim::{Action, SimTime};
use crate::sim::scenario::{Scenario, builtins, is_builtin, parse_scenario};
use crate::sim::transcript::Transcript;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Session,
    /// A recording shown step by step (a reel, a transcript, a shared link).
    Presenter,
}

pub enum Msg {
    Select(usize),
    SetSeed(u64),
    Start,
    /// A clock tick, with the front end's monotonic time in milliseconds.
    Tick(u64),
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
    /// Forget a piece of saved data that was set aside (by its place in the list).
    ForgetSetAside(usize),
    Notice(Option<String>),
    /// Work out the current session's par (sent just after a session starts).
    ComputePar,
    /// Undo (practice): back to just after step n, the later steps gone.
    UndoTo(usize),
    /// Undo the last step (practice): back to the moment just before it.
    Undo,
    /// Show a built-in reel (by name) in the presenter view.
    PresentReel(String),
    /// Show a reel or transcript file in the presenter view: (file name, text).
    Present(String, String),
    /// Show what a shared link holds (its URL fragment) in the presenter view.
    PresentLink(String),
    /// The presenter view: go to a position (0: the start, n: after step n, past the last
    /// step: the end), or step by some positions.
    PresentAt(usize),
    PresentStep(isize),
    PresentPlay(bool),
    /// Real milliseconds the played recording rests on each step.
    PresentInterval(u64),
    /// Work out one more of the solver's judgements (the position shown first).
    Judge,
    /// Go on live from the position shown: the steps so far are kept.
    TakeOver,
    /// The learner's name, for their transcripts (empty: none given).
    SetLearner(String),
    /// The real date and time now (UTC, `2026-12-02T09:30:00Z`), which a front end sends before
    /// a message that may start a session: the trainer reads no clock.
    WallClock(String),
    /// Start an exam from its definition: (file name, text, a number the front end drew, which
    /// picks the learner's seed from the exam's list).
    StartExam(String, String, u64),
    /// Resume the exam in progress saved in the browser, under its definition (text).
    ResumeExam(String),
    /// Take one more of the extensions the exam allows.
    ExtendTime,
    /// Check a loaded scenario as `clusterdrill check` does, within the interactive budget (by
    /// id; sent just after it loads, off the click path).
    CheckScenario(String),
    /// A transcript for the instructor's roster: (file name, text).
    AddToRoster(String, String),
    ClearRoster,
    /// The exam the roster's transcripts were handed in for: (file name, text). Each is then
    /// held to its rules (pass mark, seeds, time), as `grade --scenario EXAM` does.
    RosterExam(String, String),
    /// Back to any exam's rules.
    ForgetRosterExam,
    /// The page was launched by an LMS (SCORM 1.2 or cmi5): what the launch gave.
    Launch(Launch),
}

/// What the front end's storage should hold for the session, now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Leave what is stored as it is: no session, or one that is not the kept one yet (a new
    /// one, one opened from a file, one started again, until it takes a step here).
    Unchanged,
    /// Store this transcript (unfinished) as the session to resume.
    Session(Transcript),
    /// The session was ended: nothing is left to resume.
    Clear,
}

const NOTHING_UNDER_WAY: &str = "Nothing is under way: nothing will happen until you act.";
const NOT_IN_EXAM: &str = "Not in an exam: hints, undo, the par and the debrief are off until you end it.";
/// Leaving an exam for the picker would open practice on its very variant, with hints.
const EXAM_GOES_ON: &str = "The exam goes on until you end it (End) or the time is up; the scenarios are there afterwards.";
/// Trying an exam's variant again would be practice on it, with the seed known.
const ONE_ATTEMPT: &str = "An exam is one attempt: it cannot be tried again on the same seed.";
const AUTO_PAUSED: &str = "The clock stopped: nothing is under way and every user has mail (auto-pause).";

pub struct Trainer {
    screen: Screen,
    scenarios: Vec<Rc<Scenario>>,
    selected: usize,
    seed: u64,
    session: Option<Session>,
    /// The recording shown in the presenter view.
    presenter: Option<Presenter>,
    /// A message for the learner that is not part of the simulation (a file that would not load).
    notice: Option<String>,
    /// The notice reports a success (a file loaded), not a problem.
    notice_good: bool,
    /// A session saved in the browser that can be resumed.
    saved: Option<Transcript>,
    /// The session on screen is the one kept in the browser: it was resumed from there, or has
    /// taken a step here. Until then (a new session, one opened from a file, one started
    /// again) what the browser keeps stays as it is.
    kept: bool,
    /// Saved data that could not be used, kept for the learner to download or remove.
    set_aside: Vec<SetAside>,
    /// The learner's name, as given in the picker.
    learner: Option<String>,
    /// The real time the front end last said it was.
    wall_clock: Option<String>,
    /// The definition of the exam last started or resumed here (to resume it again).
    exam_text: Option<String>,
    /// The instructor's roster: each transcript dropped in, regraded, or why it could not be.
    roster: Vec<(String, Result<roster::Checked, String>)>,
    /// What each row of the roster was read from, to regrade it when the exam changes.
    roster_texts: Vec<String>,
    /// The exam the roster holds transcripts to, with its file's name and its scenario, found
    /// once (or why not).
    roster_exam: Option<(String, Exam, Result<Rc<Scenario>, String>)>,
    /// The LMS launch this page is under, if any.
    lms: Option<Launch>,
    /// The scenario file last taken (added or replacing one), numbered, for a front end to
    /// keep: (number, id, file text).
    loaded: Option<(u64, String, String)>,
    /// Bumped whenever a session starts afresh (start, try again, resume, open): a front end
    /// keys its session view on it, so its tools start from their defaults.
    session_serial: u64,
}

impl Trainer {
    /// The built-in scenarios and `custom` ones, with a session `saved` earlier if any.
    pub fn new(seed: u64, saved: Option<Transcript>, custom: Vec<Rc<Scenario>>, notice: Option<String>) -> Trainer {
        let mut scenarios = builtins();
        scenarios.extend(custom);
        Trainer {
            screen: Screen::Picker,
            scenarios,
            selected: 0,
            seed,
            session: None,
            presenter: None,
            notice,
            notice_good: false,
            saved,
            kept: false,
            set_aside: Vec::new(),
            session_serial: 0,
            learner: None,
            wall_clock: None,
            exam_text: None,
            roster: Vec::new(),
            roster_texts: Vec::new(),
            roster_exam: None,
            lms: None,
            loaded: None,
        }
    }

    /// The trainer over what a front end kept, checked (`trainer::check_stored`).
    pub fn from_stored(seed: u64, stored: Stored) -> Trainer {
        Trainer { set_aside: stored.set_aside, ..Trainer::new(seed, stored.saved, stored.custom, None) }
    }

    /// Saved data that could not be used, with why.
    pub fn set_aside(&self) -> &[SetAside] {
        &self.set_aside
    }

    /// The session on screen: the live one, or in the presenter view the recording as it was
    /// at the step shown.
    pub fn session(&self) -> Option<&Session> {
        match (&self.presenter, self.screen) {
            (Some(p), Screen::Presenter) => Some(p.view()),
            _ => self.session.as_ref(),
        }
    }
    pub fn presenter(&self) -> Option<&Presenter> {
        self.presenter.as_ref().filter(|_| self.screen == Screen::Presenter)
    }
    pub fn screen(&self) -> Screen {
        self.screen
    }
    pub fn scenarios(&self) -> &[Rc<Scenario>] {
        &self.scenarios
    }
    pub fn selected(&self) -> usize {
        self.selected
    }
    /// The scenario selected in the picker.
    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenarios[self.selected]
    }
    /// The seed the next session starts with.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// A message for the learner, and whether it reports a success rather than a problem.
    pub fn notice(&self) -> Option<(&str, bool)> {
        self.notice.as_deref().map(|n| (n, self.notice_good))
    }
    /// The session saved in the browser that the picker offers to resume.
    pub fn saved(&self) -> Option<&Transcript> {
        self.saved.as_ref()
    }
    pub fn learner(&self) -> Option<&str> {
        self.learner.as_deref()
    }
    pub fn session_serial(&self) -> u64 {
        self.session_serial
    }

    fn find(&self, id: &str) -> Option<Rc<Scenario>> {
        self.scenarios.iter().find(|s| s.id == id).cloned()
    }

    /// Changes whenever [`Trainer::keep`]'s answer may have: a session started, a step, the
    /// end, the clock moving (so that a reload comes back to the time the learner reached).
    /// A front end stores what `keep` says each time this changes.
    pub fn keep_marker(&self) -> Option<(u64, bool, usize, bool, SimTime, (u32, u32))> {
        self.session.as_ref().map(|s| {
            // An exam's real time is kept too, every few seconds (a reload counts the time
            // since its start anyway), and an extension at once.
            let exam = s.exam_run().map_or((0, 0), |r| (r.used_secs() / 5, r.extensions_taken()));
            (self.session_serial, self.kept, s.steps().len(), s.ended(), s.sim().now(), exam)
        })
    }

    /// The scenario file last taken, numbered (the number changes with each): a front end
    /// keeps it whenever the number changes, and only then (a refused or unchanged file is
    /// not taken).
    pub fn loaded(&self) -> Option<(u64, &str, &str)> {
        self.loaded.as_ref().map(|(n, id, text)| (*n, id.as_str(), text.as_str()))
    }

    /// What the front end's storage should hold now (see [`Keep`]).
    pub fn keep(&self) -> Keep {
        match &self.session {
            // An ended exam's result stays (until another session replaces it): a reload before
            // the transcript was downloaded must not lose it.
            Some(s) if self.kept && s.ended() && s.exam_run().is_some() => Keep::Session(s.transcript()),
            Some(s) if self.kept && s.ended() => Keep::Clear,
            Some(s) if self.kept => Keep::Session(s.transcript()),
            _ => Keep::Unchanged,
        }
    }

    /// Changes the state for a message; returns whether anything a front end shows changed.
    pub fn update(&mut self, msg: Msg) -> bool {
        let notice_before = self.notice.clone();
        let good = match self.apply(msg) {
            Some(good) => good,
            None => return false,
        };
        if self.notice != notice_before {
            self.notice_good = good;
            // Whatever a notice quotes (a file's name, a value from a file) is shown short and plain.
            self.notice = self.notice.as_deref().map(crate::sim::limits::said);
        }
        true
    }

    /// `None`: nothing changed. `Some(good)`: something did, and a notice it set reports a
    /// success (`true`) rather than a problem.
    fn apply(&mut self, msg: Msg) -> Option<bool> {
        if self.screen == Screen::Presenter {
            if let Some(result) = self.presenter_msg(&msg) {
                return result;
            }
        }
        if let Some(result) = self.session_msg(&msg) {
            return result;
        }
        match msg {
            Msg::Select(i) if i < self.scenarios.len() => self.selected = i,
            Msg::Select(_) => return None,
            Msg::SetSeed(seed) => self.seed = seed,
            Msg::Start => {
                // The saved session stays saved until this one takes a step.
                let mut session = Session::new(self.scenario().clone(), self.seed);
                session.set_learner(self.learner.clone(), self.wall_clock.clone());
                self.show(session);
                self.notice = None;
            }
            Msg::BackToPicker => {
                // What was said about the session is over with it (unless leaving says more).
                self.notice = None;
                self.leave_session();
                self.presenter = None;
                self.screen = Screen::Picker;
            }
            Msg::PresentReel(name) => match reel::builtin(&name) {
                Some(r) => self.present_or_say(r),
                None => self.notice = Some(format!("There is no reel `{name}`.")),
            },
            Msg::Present(name, text) => self.load_recording(&name, &text),
            Msg::StartExam(name, text, draw) => self.start_exam(&name, &text, draw),
            Msg::AddToRoster(name, text) => {
                if self.roster.len() >= crate::sim::limits::ROSTER {
                    self.notice = Some(format!("The roster holds at most {} transcripts.", crate::sim::limits::ROSTER));
                    return Some(false);
                }
                let checked = self.regrade(&text);
                // The same file again replaces its row.
                if let Some(i) = self.roster.iter().position(|(n, _)| *n == name) {
                    let _ = self.roster.remove(i);
                    self.roster_texts.remove(i);
                }
                self.roster.push((name, checked));
                self.roster_texts.push(text);
            }
            Msg::ClearRoster => {
                self.roster.clear();
                self.roster_texts.clear();
            }
            Msg::RosterExam(name, text) => match Exam::parse(&text) {
                Ok(exam) => {
                    let scenario = exam.scenario_with(|id| self.find(id)).map(|(s, _)| s);
                    self.roster_exam = Some((name, exam, scenario));
                    self.regrade_roster();
                }
                Err(e) => self.notice = Some(format!("{name} is not an exam definition: {e}")),
            },
            Msg::ForgetRosterExam => {
                self.roster_exam = None;
                self.regrade_roster();
            }
            Msg::CheckScenario(id) => {
                let Some(scenario) = self.find(&id) else { return None };
                let (verdict, good) = check_within_interactive(&scenario);
                self.notice = Some(match self.notice.take() {
                    Some(before) => format!("{before} {verdict}"),
                    None => verdict,
                });
                return Some(good);
            }
            Msg::ResumeExam(text) => self.resume_exam(&text),
            Msg::PresentLink(fragment) => self.open_link(&fragment),
            Msg::SetLearner(_) if self.lms.is_some() => {
                self.notice = Some("Your name is the one the LMS gave.".into());
                return Some(false);
            }
            Msg::Launch(launch) => self.launch(launch),
            Msg::SetLearner(name) => {
                let name = name.trim();
                // One line, within a name's length: what a transcript can hold.
                let ok = name.chars().count() <= crate::sim::limits::NAME_CHARS && !name.chars().any(char::is_control);
                if !ok {
                    self.notice = Some(format!("A name has at most {} characters, on one line.", crate::sim::limits::NAME_CHARS));
                    return Some(false);
                }
                self.learner = (!name.is_empty()).then(|| name.to_string());
            }
            Msg::WallClock(now) => {
                // Only what a transcript can hold (anything else is the front end's bug).
                self.wall_clock = crate::sim::transcript::is_utc_time(&now).then_some(now);
                // Nothing on screen changes.
                return None;
            }
            Msg::Resume => self.resume(),
            Msg::DiscardSaved => self.saved = None,
            Msg::LoadScenario(name, text) => return Some(self.load_scenario(&name, &text)),
            Msg::Saved(name) => {
                let then = if self.session.as_ref().is_some_and(Session::ended) { "see its debrief again" } else { "carry on from where it stands" };
                self.notice = Some(format!("Transcript downloaded as {name}: open it from the scenario list (Open a transcript…) to {then}."));
                return Some(true);
            }
            Msg::RemoveScenario(id) => {
                if is_builtin(&id) {
                    return None;
                }
                self.scenarios.retain(|x| x.id != id);
                self.selected = self.selected.min(self.scenarios.len() - 1);
                self.notice = Some(format!("Scenario `{id}` removed from this browser."));
                return Some(true);
            }
            Msg::LoadTranscript(name, text) => self.load_transcript(&name, &text),
            Msg::ForgetSetAside(i) => {
                if i >= self.set_aside.len() {
                    return None;
                }
                self.set_aside.remove(i);
            }
            Msg::Notice(n) => self.notice = n,
            // A session message with no session: nothing to do.
            _ => return None,
        }
        Some(false)
    }

    /// A message about the session in progress: `None` if it is not one (or there is no
    /// session), else what `apply` returns.
    fn session_msg(&mut self, msg: &Msg) -> Option<Option<bool>> {
        let session = self.session.as_mut()?;
        let mut good = false;
        let idle = |r: Result<(), Idle>, notice: &mut Option<String>| match r {
            Ok(()) => true,
            Err(Idle::NothingUnderWay) => {
                *notice = Some(NOTHING_UNDER_WAY.into());
                true
            }
            Err(Idle::Ended) => false,
        };
        let countdown_moved = match exam_gate(session, msg, &mut self.notice) {
            Gate::Stop => return Some(Some(false)),
            Gate::Go { countdown_moved } => countdown_moved,
        };
        Some(match msg {
            Msg::ExtendTime => match session.exam_run_mut().map(|r| r.extend()) {
                Some(Ok(())) => {
                    // Said, so that the learner knows the countdown grew (WCAG 2.2.1).
                    let run = session.exam_run().expect("extended");
                    let added = run.exam().extension.map_or(0, |(secs, _)| secs);
                    let left = run.exam().extension.map_or(0, |(_, n)| n) - run.extensions_taken();
                    self.notice = Some(format!("{} added to the time limit ({} more may be taken).", crate::sim::time::format_duration(added), left));
                    good = true;
                    true
                }
                Some(Err(e)) => {
                    self.notice = Some(e);
                    true
                }
                None => false,
            },
            Msg::Tick(now_ms) => match session.tick(*now_ms) {
                Tick::Still => countdown_moved,
                Tick::Moved => true,
                Tick::Paused => {
                    self.notice = Some(AUTO_PAUSED.into());
                    good = true;
                    true
                }
            },
            Msg::SetRunning(on) => {
                session.set_running(*on);
                true
            }
            Msg::SetSpeed(speed) => {
                session.set_speed(*speed);
                true
            }
            Msg::SetPauseWhenIdle(on) => {
                session.set_pause_when_idle(*on);
                true
            }
            Msg::SkipToNext => idle(session.skip_to_next(), &mut self.notice),
            Msg::WaitIdle => idle(session.wait(), &mut self.notice),
            Msg::Act(_) if session.ended() => false,
            Msg::Act(action) => {
                match session.act(action.clone()) {
                    // This session is the one kept in the browser from now on.
                    Ok(_) => {
                        self.saved = None;
                        self.kept = true;
                    }
                    // The screens only offer names that exist; say so if one did not.
                    Err(e) => self.notice = Some(e.into_message()),
                }
                true
            }
            Msg::Hint => {
                session.ask_hint();
                true
            }
            Msg::ComputePar => {
                session.par();
                true
            }
            Msg::ShowDebrief => {
                session.show_debrief();
                true
            }
            Msg::CloseDebrief => {
                if session.ended() {
                    self.screen = Screen::Picker;
                }
                session.close_debrief();
                true
            }
            Msg::End => {
                session.end();
                // What was said during the session (the exam's opening words) is over with it.
                self.notice = None;
                true
            }
            Msg::UndoTo(_) | Msg::Undo => {
                let undone = match msg {
                    Msg::UndoTo(n) => session.undo_to(*n),
                    _ => session.undo_last(),
                };
                if let Err(e) = undone {
                    self.notice = Some(e.into_message());
                    return Some(Some(false));
                }
                // Undoing is a change to the session kept in the browser, as a step is.
                self.saved = None;
                self.kept = true;
                true
            }
            Msg::Restart => {
                // The session kept in the browser stays kept until the new one acts: offer it.
                if self.kept && !session.ended() {
                    self.saved = Some(session.transcript());
                }
                session.restart();
                session.set_learner(self.learner.clone(), self.wall_clock.clone());
                self.kept = false;
                self.session_serial += 1;
                true
            }
            _ => return None,
        }
        .then_some(good))
    }

    /// Leaves the session on screen: if it is the one kept in the browser, it is the one the
    /// picker offers to resume; otherwise what was saved before still is.
    fn leave_session(&mut self) {
        if let Some(s) = self.session.take().filter(|_| self.kept) {
            self.saved = (!s.ended()).then(|| s.transcript());
        }
    }

    /// Shows a recording in the presenter view, at its start: on `scenario` if given (one a
    /// link carried), else on the loaded scenario of its id; or says why it cannot.
    fn present(&mut self, reel: Reel, scenario: Option<Rc<Scenario>>) -> Result<(), String> {
        let Some(scenario) = scenario.or_else(|| self.find(&reel.transcript.scenario)) else {
            return Err(format!("“{}” is a recording of scenario `{}`, which is not loaded", reel.title, reel.transcript.scenario));
        };
        let p = Presenter::new(&scenario, reel)?;
        self.leave_session();
        self.presenter = Some(p);
        self.screen = Screen::Presenter;
        self.notice = None;
        self.session_serial += 1;
        Ok(())
    }

    /// The same, saying why not in a notice.
    fn present_or_say(&mut self, reel: Reel) {
        if let Err(e) = self.present(reel, None) {
            self.notice = Some(format!("This recording cannot be shown: {e}."));
        }
    }

    /// An exam begins: on its scenario (built in, or loaded, the same file), with the seed the
    /// draw picks from its list.
    fn start_exam(&mut self, name: &str, text: &str, draw: u64) {
        if let Some(kind) = FileKind::of(text).filter(|k| *k != FileKind::Exam) {
            return self.notice = Some(kind.not_a(name, "an exam definition"));
        }
        let exam = match Exam::parse(text) {
            Ok(e) => e,
            Err(e) => return self.notice = Some(format!("{name} is not a readable exam: {e}")),
        };
        let scenario = match self.exam_scenario(&exam) {
            Ok(s) => s,
            Err(e) => return self.notice = Some(format!("{name}: {e}.")),
        };
        // An attempt at this exam already under way goes on: never a fresh attempt.
        let under_way = |t: &Transcript| t.meta.mode == crate::sim::transcript::Mode::Exam && t.scenario == exam.scenario && exam.seeds.iter().any(|(s, _)| *s == t.seed);
        if self.session.as_ref().is_some_and(|s| self.kept && !s.ended() && under_way(&s.transcript())) {
            self.screen = Screen::Session;
            return;
        }
        if self.saved.as_ref().is_some_and(under_way) {
            return self.resume_exam(text);
        }
        self.leave_session();
        let seed = exam.seed_for(draw);
        let limit = exam.time_limit.map_or(String::new(), |t| format!(" You have {}.", crate::sim::time::format_duration(t)));
        let mut session = Session::exam(scenario, exam, seed);
        session.set_learner(self.learner.clone(), self.wall_clock.clone());
        self.show(session);
        // Kept from the first moment: a reload resumes this attempt, never a fresh one.
        self.kept = true;
        self.saved = None;
        self.exam_text = Some(text.to_string());
        self.notice = Some(format!("Exam: no hints, no undo, no debrief until you end it.{limit}"));
    }

    /// The exam in progress saved in the browser, taken up where it stood.
    fn resume_exam(&mut self, text: &str) {
        let Some(t) = self.saved.clone() else { return };
        let result = Exam::parse(text).map_err(|e| e.to_string()).and_then(|exam| {
            let scenario = self.exam_scenario(&exam)?;
            Session::resume_exam(&scenario, &t, exam, self.wall_clock.as_deref())
        });
        match result {
            Ok(session) => {
                let ended = session.ended();
                self.show(session);
                self.saved = None;
                self.kept = true;
                self.exam_text = Some(text.to_string());
                self.notice = Some(if ended {
                    "The exam as it ended, kept in this browser until another session replaces it: download its transcript to keep it.".into()
                } else {
                    "The exam in progress, as it stood: the same seed and clock.".into()
                });
            }
            Err(e) => self.notice = Some(format!("The exam in progress cannot be resumed: {e}")),
        }
    }

    /// The scenario an exam is on, checked to be the file it was made on: the one it carries
    /// (which joins the list, in place of a loaded file of the same id), or a built-in or
    /// loaded one.
    fn exam_scenario(&mut self, exam: &Exam) -> Result<Rc<Scenario>, String> {
        let (scenario, new) = exam.scenario_with(|id| self.find(id))?;
        if new {
            self.scenarios.retain(|s| s.id != scenario.id);
            self.scenarios.push(scenario.clone());
            self.selected = self.selected.min(self.scenarios.len() - 1);
        }
        Ok(scenario)
    }

    /// The LMS launch this page is under, if any.
    pub fn lms(&self) -> Option<&Launch> {
        self.lms.as_ref()
    }

    /// What the LMS should hold now; a front end sends it whenever it changes.
    pub fn lms_record(&self) -> Record {
        let (Some(launch), Some(session)) = (&self.lms, &self.session) else { return Record::Nothing };
        let t = session.transcript();
        if !self.kept || !lms::records(launch, &t) {
            return Record::Nothing;
        }
        match (session.final_report(), session.exam_run()) {
            (Some(report), Some(run)) => Record::Done(lms::outcome(report, &t, run.exam().pass_mark, launch.standard)),
            _ => Record::Progress(lms::suspend_data(&t, launch.standard)),
        }
    }

    /// An LMS launched the page: the learner is the LMS's; a Normal launch is an attempt at the
    /// exam it names (resumed where the last sitting left it), anything else is practice.
    fn launch(&mut self, mut launch: Launch) {
        let name: String = launch.learner_name.chars().filter(|c| !c.is_control()).collect();
        let id: String = launch.learner_id.chars().filter(|c| !c.is_control()).collect();
        let who = match (name.trim(), id.trim()) {
            ("", "") => None,
            (n, "") | ("", n) => Some(n.to_string()),
            (n, i) => Some(format!("{n} ({i})")),
        };
        self.learner = who.map(|w| w.chars().take(crate::sim::limits::NAME_CHARS).collect::<String>().trim().to_string());
        let standard = launch.standard.name();
        if launch.problem.is_none() && launch.mode == LaunchMode::Normal {
            if let Err(e) = self.start_lms_attempt(&launch) {
                launch.problem = Some(e);
            }
        }
        // A Normal launch that started its attempt keeps the exam's own opening words.
        match (&launch.problem, launch.mode) {
            (Some(p), _) => self.notice = Some(format!("The {standard} launch cannot record a result: {p}. This is practice: nothing goes to the LMS.")),
            (None, LaunchMode::Browse) => self.notice = Some("The LMS opened this in Browse mode: practice, nothing is recorded.".into()),
            (None, LaunchMode::Review) => self.notice = Some("The LMS opened this in Review mode: practice, nothing is recorded.".into()),
            (None, LaunchMode::Normal) => {}
        }
        self.lms = Some(launch);
    }

    /// The attempt a Normal launch is: the exam the LMS names, with the LMS's mastery score as
    /// its pass mark, resumed from what the LMS kept, or begun.
    fn start_lms_attempt(&mut self, launch: &Launch) -> Result<(), String> {
        let text = launch.exam.as_deref().filter(|t| !t.trim().is_empty()).ok_or("the LMS gave no exam definition")?;
        let mut exam = Exam::parse(text).map_err(|e| format!("its exam definition is not readable: {e}"))?;
        if let Some(m) = &launch.mastery_score {
            exam.pass_mark = lms::pass_mark(launch.standard, m)?;
        }
        let text = exam.to_text();
        match launch.resume.as_deref().filter(|d| !d.is_empty()) {
            Some(data) => {
                self.saved = Some(lms::resume_from(data, launch.standard)?);
                self.resume_exam(&text);
                self.session.as_ref().map(|_| ()).ok_or_else(|| self.notice.take().unwrap_or_default())
            }
            None => {
                self.start_exam("The LMS's exam", &text, launch.draw);
                self.session.as_ref().map(|_| ()).ok_or_else(|| self.notice.take().unwrap_or_default())
            }
        }
    }

    /// The instructor's roster, in the order the files came.
    pub fn roster(&self) -> &[(String, Result<roster::Checked, String>)] {
        &self.roster
    }

    /// The exam the roster holds transcripts to, by its file's name.
    pub fn roster_exam(&self) -> Option<(&str, &Exam)> {
        self.roster_exam.as_ref().map(|(n, e, _)| (n.as_str(), e))
    }

    /// A transcript (as text, or packed as an LMS keeps it) regraded as `clusterdrill grade`
    /// does: held to the roster's exam if there is one (on the scenario it carries or names,
    /// checked to be the file it was made on), else on the loaded scenario it names as any
    /// exam's (practice transcripts are flagged).
    fn regrade(&self, text: &str) -> Result<roster::Checked, String> {
        let t = lms::read_handed_in(text)?;
        let Some((_, exam, scenario)) = &self.roster_exam else {
            let scenario = self.find(&t.scenario).ok_or_else(|| format!("scenario `{}` is not loaded", t.scenario))?;
            return roster::check(&scenario, t, None, roster::HandedIn::AnyExam).map_err(|e| e.to_string());
        };
        let scenario = scenario.clone()?;
        if t.scenario != scenario.id {
            return Err(format!("it is of scenario `{}`, not the exam's `{}`", t.scenario, scenario.id));
        }
        roster::check(&scenario, t, None, roster::HandedIn::ThisExam(exam)).map_err(|e| e.to_string())
    }

    fn regrade_roster(&mut self) {
        let checked: Vec<_> = self.roster_texts.iter().map(|t| self.regrade(t)).collect();
        for ((_, row), c) in self.roster.iter_mut().zip(checked) {
            *row = c;
        }
    }

    /// The definition of the exam last started or resumed, for a front end to keep.
    pub fn exam_text(&self) -> Option<&str> {
        self.exam_text.as_deref()
    }


    /// A reel or transcript file, for the presenter view.
    fn load_recording(&mut self, name: &str, text: &str) {
        match read_recording(name, text) {
            Ok(r) => self.present_or_say(r),
            Err(e) => self.notice = Some(format!("{name} is not a readable reel or transcript: {e}")),
        }
    }

    /// A shared link: what it holds, on the scenario it carries or a loaded one. Nothing saved
    /// is touched unless the recording can be shown.
    fn open_link(&mut self, fragment: &str) {
        let fail = |why: String| Some(format!("This shared link cannot be opened: {why}"));
        let shared = match link::decode(fragment) {
            Ok(s) => s,
            Err(e) => return self.notice = fail(e),
        };
        let reel = match read_recording("shared recording", &shared.recording) {
            Ok(r) => r,
            Err(e) => return self.notice = fail(format!("the recording in it: {e}")),
        };
        let scenario = match &shared.scenario {
            Some(text) => match parse_scenario("the scenario in the link", text) {
                Ok(s) if s.id == reel.transcript.scenario => Some(Rc::new(s)),
                Ok(s) => return self.notice = fail(format!("it carries scenario `{}` for a recording of `{}`", s.id, reel.transcript.scenario)),
                Err(e) => return self.notice = fail(format!("the scenario in it: {e}")),
            },
            None => None,
        };
        if scenario.is_none() && self.find(&reel.transcript.scenario).is_none() {
            return self.notice = fail(format!("it is a recording of scenario `{}`, which this trainer does not have", reel.transcript.scenario));
        }
        if let Err(e) = self.present(reel, scenario) {
            self.notice = fail(e);
        } else if let (Some(at), Some(p)) = (shared.at, self.presenter.as_mut()) {
            if let Err(e) = p.go_to(at) {
                self.notice = Some(format!("This step cannot be shown: {e}"));
            }
        }
    }

    /// A message in the presenter view: `None` if it is not one of its own (a message for the
    /// session shown that does not change it, as drawing a debrief), else what `apply` returns.
    /// Acting in the view, or letting its clock run, takes over from the step shown.
    fn presenter_msg(&mut self, msg: &Msg) -> Option<Option<bool>> {
        let p = self.presenter.as_mut()?;
        let moved = |r: Result<(), crate::sim::ActionError>, notice: &mut Option<String>| {
            if let Err(e) = r {
                *notice = Some(format!("This step cannot be shown: {e}"));
            }
            Some(Some(false))
        };
        match msg {
            Msg::PresentAt(n) => moved(p.go_to(*n), &mut self.notice),
            Msg::PresentStep(d) => moved(p.step_by(*d), &mut self.notice),
            Msg::PresentPlay(on) => {
                p.set_playing(*on);
                Some(Some(false))
            }
            Msg::PresentInterval(ms) => {
                p.set_interval(*ms);
                Some(Some(false))
            }
            Msg::Tick(now) => match p.tick(*now) {
                Ok(moved) => Some(moved.then_some(false)),
                Err(e) => {
                    p.set_playing(false);
                    self.notice = Some(format!("This step cannot be shown: {e}"));
                    Some(Some(false))
                }
            },
            Msg::Judge => Some(p.judge_next().then_some(false)),
            Msg::TakeOver => {
                self.take_over();
                Some(Some(true))
            }
            Msg::ComputePar => {
                p.compute_par();
                Some(Some(false))
            }
            Msg::ShowDebrief | Msg::CloseDebrief | Msg::SetSpeed(_) | Msg::SetPauseWhenIdle(_) => {
                // On the view itself: nothing live happens.
                let view = &mut p.view_mut();
                match msg {
                    Msg::ShowDebrief => view.show_debrief(),
                    Msg::CloseDebrief => view.close_debrief(),
                    Msg::SetSpeed(s) => view.set_speed(*s),
                    Msg::SetPauseWhenIdle(on) => view.set_pause_when_idle(*on),
                    _ => {}
                }
                Some(Some(false))
            }
            Msg::Act(_) | Msg::SetRunning(true) | Msg::SkipToNext | Msg::WaitIdle | Msg::Hint | Msg::End | Msg::UndoTo(_) | Msg::Undo | Msg::Restart => {
                // The presenter (or a learner) takes the controls: live from here, then the
                // message acts on the live session.
                self.take_over();
                None
            }
            _ => None,
        }
    }

    /// Goes on live from the presenter's position: a new session, not yet the one kept.
    fn take_over(&mut self) {
        let Some(p) = self.presenter.take() else { return };
        let from = match p.mark(p.at()) {
            crate::sim::reel::Mark::After(0) => "its start".to_string(),
            crate::sim::reel::Mark::After(n) => format!("step {n}"),
            crate::sim::reel::Mark::End => "its end".to_string(),
        };
        // (A built-in reel is in the scenario list; one from a file or a link is not.)
        let notice = format!("Live from {from} of “{}”: the steps so far are kept; the recording is closed (open it again to present it).", p.reel().title);
        // Whoever recorded the steps so far, what follows is this learner's, from now (and the
        // transcript says it was continued from a recording).
        let mut session = p.take_over();
        session.set_learner(self.learner.clone(), self.wall_clock.clone());
        self.show(session);
        self.notice = Some(notice);
    }

    /// Shows a session that starts afresh (started, resumed, opened).
    fn show(&mut self, session: Session) {
        let scenario = session.sim().scenario().clone();
        self.selected = self.scenarios.iter().position(|x| x.id == scenario.id).unwrap_or(self.selected);
        // An exam's seed stays hidden, in the picker too (where it would open practice on it).
        if session.meta().mode != crate::sim::transcript::Mode::Exam {
            self.seed = session.sim().seed();
        }
        self.session = Some(session);
        self.presenter = None;
        self.kept = false;
        self.screen = Screen::Session;
        self.session_serial += 1;
    }

    fn resume(&mut self) {
        let Some(t) = self.saved.clone() else { return };
        if t.meta.mode == crate::sim::transcript::Mode::Exam {
            // An exam goes on under its definition, never as practice.
            match self.exam_text.clone() {
                Some(text) => self.resume_exam(&text),
                None => self.notice = Some("The saved session is an exam: open it with its exam file (Start an exam…).".into()),
            }
            return;
        }
        match self.find(&t.scenario) {
            Some(scenario) => match Session::resume(&scenario, &t) {
                Ok(session) => {
                    self.show(session);
                    self.saved = None;
                    self.kept = true;
                }
                Err(e) => self.notice = Some(format!("The saved session cannot be resumed: {e}")),
            },
            None => self.notice = Some(format!("The saved session is for scenario `{}`, which is not loaded.", t.scenario)),
        }
    }

    fn load_scenario(&mut self, name: &str, text: &str) -> bool {
        if let Some(kind) = FileKind::of(text) {
            self.notice = Some(kind.not_a(name, "a scenario file"));
            return false;
        }
        let scenario = match parse_scenario(name, text) {
            Ok(s) => Rc::new(s),
            Err(e) => {
                self.notice = Some(format!("This scenario file has a problem: {e}"));
                return false;
            }
        };
        let at = self.scenarios.iter().position(|x| x.id == scenario.id);
        if let (Some(i), true) = (at, is_builtin(&scenario.id)) {
            // An unchanged copy of a built-in scenario is that scenario: nothing to keep.
            self.selected = i;
            self.notice = Some(format!("{name} is the built-in scenario `{}`, unchanged: it is selected in the list.", scenario.id));
            return false;
        }
        match at {
            Some(i) if self.scenarios[i].digest == scenario.digest => {
                self.selected = i;
                self.notice = Some(format!("{name}: already loaded, unchanged: it is selected in the list."));
                return false;
            }
            Some(i) if self.made_on(&self.scenarios[i]) => {
                // One file per id: replacing it would leave the session made on the loaded one
                // without its scenario (a changed file, whatever its version, never replays it).
                self.notice = Some(format!(
                    "{name} would replace the loaded file of `{}`, on which a session in this browser was made: end that session (or start another) first, or give this file an id of its own.",
                    scenario.id
                ));
                return false;
            }
            Some(i) => {
                self.took(&scenario.id, text);
                let same_version = self.scenarios[i].version == scenario.version;
                self.scenarios[i] = scenario;
                self.selected = i;
                self.notice = Some(if same_version {
                    format!("{name}: loaded, replacing another file of the same id and version; transcripts made on the earlier file will not regrade against it.")
                } else {
                    format!("{name}: loaded (replacing the earlier version).")
                });
            }
            None => {
                self.took(&scenario.id, text);
                self.scenarios.push(scenario);
                self.selected = self.scenarios.len() - 1;
                self.notice = Some(format!("{name}: loaded. It is at the end of the list, selected."));
            }
        }
        true
    }

    fn took(&mut self, id: &str, text: &str) {
        let n = self.loaded.as_ref().map_or(1, |(n, _, _)| n + 1);
        self.loaded = Some((n, id.to_string(), text.to_string()));
    }

    /// Whether the session going on, or the one saved in this browser, was made on this very
    /// scenario file.
    fn made_on(&self, scenario: &Scenario) -> bool {
        let current = self.session.as_ref().is_some_and(|s| !s.ended() && s.sim().scenario().id == scenario.id && s.sim().scenario().digest == scenario.digest);
        let saved = self.saved.as_ref().is_some_and(|t| t.scenario == scenario.id && t.scenario_digest == Some(scenario.digest));
        current || saved
    }

    fn load_transcript(&mut self, name: &str, text: &str) {
        if let Some(kind) = FileKind::of(text).filter(|k| *k != FileKind::Transcript) {
            return self.notice = Some(kind.not_a(name, "a transcript"));
        }
        let t = match Transcript::parse(text) {
            Ok(t) => t,
            Err(e) => {
                self.notice = Some(format!("{name} is not a readable transcript: {e}"));
                return;
            }
        };
        let Some(scenario) = self.find(&t.scenario) else {
            self.notice = Some(format!("{name}: no scenario `{}` is loaded.", t.scenario));
            return;
        };
        // What the file claims, checked against its replay, as `clusterdrill grade` does.
        let flags = roster::check(&scenario, t.clone(), None, roster::HandedIn::Freely).map(|c| c.flags).unwrap_or_default();
        match Session::open(&scenario, &t) {
            Ok(session) => {
                self.show(session);
                self.notice = (!flags.is_empty()).then(|| format!("{name}: the transcript {}.", flags.join("; it ")));
            }
            Err(e) => self.notice = Some(format!("{name}: {e}")),
        }
    }
}

/// The files of Cluster Drill other than scenario files, known by their first line: given to the
/// wrong button, a file is named for what it is, with the button that opens it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Exam,
    Transcript,
    Reel,
}

impl FileKind {
    fn of(text: &str) -> Option<FileKind> {
        let first = text.trim_start_matches('\u{feff}').lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'))?;
        match first {
            crate::sim::exam::MAGIC => Some(FileKind::Exam),
            crate::sim::transcript::MAGIC => Some(FileKind::Transcript),
            crate::sim::reel::MAGIC => Some(FileKind::Reel),
            _ => None,
        }
    }

    fn not_a(self, name: &str, expected: &str) -> String {
        let (what, button) = match self {
            FileKind::Exam => ("an exam definition", "Start an exam…"),
            FileKind::Transcript => ("a transcript", "Open a transcript…"),
            FileKind::Reel => ("a reel", "Present a reel or transcript…"),
        };
        format!("{name} is {what}, not {expected}: open it with “{button}”.")
    }
}

/// A reel, or a transcript shown as one (titled with its file name).
fn read_recording(name: &str, text: &str) -> Result<Reel, crate::sim::transcript::TranscriptError> {
    if Reel::is_reel(text) {
        Reel::parse(text)
    } else {
        Transcript::parse(text).map(|t| Reel { title: name.to_string(), shows: Vec::new(), transcript: t, captions: Vec::new() })
    }
}

/// What the solver says of a scenario loaded in the browser, as `clusterdrill check` does but
/// within the interactive budget: (the sentence, whether it is good news).
fn check_within_interactive(scenario: &Rc<Scenario>) -> (String, bool) {
    use crate::sim::solver::{INTERACTIVE, SolveError, diagnose_within, solve_within};
    match solve_within(scenario, 1, INTERACTIVE) {
        Ok(plan) => (
            format!(
                "The solver passes it at seed 1 (par: {} steps, {} of downtime in all).",
                plan.actions.len(),
                crate::sim::time::format_duration(plan.downtime)
            ),
            true,
        ),
        Err(e @ SolveError::NoPlan { .. }) => {
            (format!("It cannot be passed: {}.", diagnose_within(scenario, 1, &e, INTERACTIVE).message.trim_end_matches('.')), false)
        }
        Err(SolveError::TooHard { .. }) => {
            ("The solver could not prove it can be passed within the browser's budget: check it with `clusterdrill check FILE` before anyone is examined on it.".into(), false)
        }
    }
}

/// What an exam lets through.
enum Gate {
    Stop,
    Go { countdown_moved: bool },
}

/// In an exam: no help of any kind, and never a fresh attempt; a tick counts down its time.
fn exam_gate(session: &mut Session, msg: &Msg, notice: &mut Option<String>) -> Gate {
    // By the mode, not the `ExamRun`: an ended exam opened for review has no run, and is
    // an exam all the same.
    let exam_mode = session.meta().mode == crate::sim::transcript::Mode::Exam;
    let in_exam = exam_mode && !session.ended();
    if in_exam && matches!(msg, Msg::Hint | Msg::UndoTo(_) | Msg::Undo | Msg::ShowDebrief | Msg::ComputePar | Msg::Restart) {
        if !matches!(msg, Msg::ComputePar) {
            *notice = Some(NOT_IN_EXAM.into());
        }
        return Gate::Stop;
    }
    if exam_mode && matches!(msg, Msg::Restart) {
        *notice = Some(ONE_ATTEMPT.into());
        return Gate::Stop;
    }
    if in_exam && matches!(msg, Msg::BackToPicker) {
        *notice = Some(EXAM_GOES_ON.into());
        return Gate::Stop;
    }
    // The countdown on screen changes with each real second, whether or not the simulated
    // clock runs.
    let mut countdown_moved = false;
    if let (Msg::Tick(now_ms), Some(run)) = (msg, session.exam_run_mut().filter(|_| in_exam)) {
        let before = run.remaining_ms().map(|ms| ms / 1000);
        let tick = run.tick(*now_ms);
        countdown_moved = run.remaining_ms().map(|ms| ms / 1000) != before;
        match tick {
            ExamTick::Nothing => {}
            ExamTick::Warn => {
                let more = if run.can_extend() { " You may take more time (Extend)." } else { "" };
                *notice = Some(format!("Five minutes left in this exam.{more}"));
            }
            ExamTick::OutOfTime => {
                session.end();
                *notice = Some("Time is up: the exam has ended and is graded as it stands.".into());
                return Gate::Stop;
            }
        }
    }
    Gate::Go { countdown_moved }
}
