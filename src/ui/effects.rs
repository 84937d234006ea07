//! What the trainer does with the world outside the page, as hooks of the `App`: the clock's
//! ticks, the par worked out in the background, what is kept in the browser (or sent to the
//! LMS), and where the keyboard goes on. The trainer says when; these only carry it out.

use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use super::state::{AppState, Msg, Screen};
use super::{lms, now_ms, storage, widgets};
use crate::trainer::Keep;

type State = UseReducerHandle<AppState>;

/// What goes wrong with the LMS after the launch is the learner's to know.
#[hook]
pub fn use_lms_problems(state: &State) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| lms::on_problem(move |m| dispatcher.dispatch(Msg::Notice(Some(format!("The LMS: {m}."))))));
}

/// While a session runs, a recording plays or an exam's countdown counts: a tick ten times a
/// second with the real time.
#[hook]
pub fn use_clock(state: &State) {
    let timed_exam = state.session().is_some_and(|s| !s.ended() && s.exam_run().is_some_and(|r| r.limit_ms().is_some()));
    let running = state.session().is_some_and(|s| s.clock().running()) || state.trainer().presenter().is_some_and(|p| p.playing()) || timed_exam;
    let dispatcher = state.dispatcher();
    use_effect_with(running, move |running| {
        let interval = running.then(|| Interval::new(100, move || dispatcher.dispatch(Msg::Tick(now_ms()))));
        move || drop(interval)
    });
}

/// The par of a new session, worked out in the background so that the debrief opens at once.
#[hook]
pub fn use_par_in_background(state: &State) {
    let identity = state.session().map(|s| (s.sim().scenario().id.clone(), s.sim().seed()));
    let dispatcher = state.dispatcher();
    use_effect_with(identity, move |identity| {
        let timer = identity.is_some().then(|| Timeout::new(300, move || dispatcher.dispatch(Msg::ComputePar)));
        move || drop(timer)
    });
}

/// A scenario file the trainer took (not one it refused, or already had) is kept, so that it
/// is there next time too; then checked that it can be passed, once the page has said it loaded.
#[hook]
pub fn use_keep_loaded_scenario(state: &State) {
    let loaded = state.trainer().loaded().map(|(n, _, _)| n);
    let state = state.clone();
    use_effect_with(loaded, move |loaded| {
        if loaded.is_some()
            && let Some((_, id, text)) = state.trainer().loaded()
        {
            storage::save_scenario(id, text);
            let (dispatcher, id) = (state.dispatcher(), id.to_string());
            Timeout::new(50, move || dispatcher.dispatch(Msg::CheckScenario(id))).forget();
        }
    });
}

/// The session is kept in the browser whenever the trainer says it may have changed (a step,
/// the end, the clock moving), as the trainer says; under an LMS, the LMS keeps the attempt.
#[hook]
pub fn use_keep_session(state: &State) {
    let saved_marker = state.trainer().keep_marker();
    let state = state.clone();
    // What the LMS was last sent, with the steps, the end and the extensions then, and when.
    let sent = use_mut_ref(|| (crate::trainer::lms::Record::Nothing, None::<(usize, bool, u32)>, 0u64));
    use_effect_with(saved_marker, move |marker| match state.trainer().keep() {
        // What the LMS should hold now, once each; a change of the real time used alone, once
        // a minute (an LMS is a shared server).
        _ if state.trainer().lms().is_some() => {
            let record = state.trainer().lms_record();
            // An extension taken goes at once, as a step does: a relaunch must know of it.
            let steps = marker.map(|(_, _, steps, ended, _, (_, extensions))| (steps, ended, extensions));
            let send = {
                let (last, last_steps, at) = &*sent.borrow();
                let time_only = steps == *last_steps && matches!(record, crate::trainer::lms::Record::Progress(_));
                record != *last && !(time_only && now_ms().saturating_sub(*at) < 60_000)
            };
            if send {
                lms::record(&record);
                *sent.borrow_mut() = (record, steps, now_ms());
            }
        }
        Keep::Session(t) if t.meta.mode == crate::sim::transcript::Mode::Exam => {
            if let Some(text) = state.trainer().exam_text() {
                storage::save_exam(text);
            }
            storage::save_session(&t)
        }
        Keep::Unchanged => {}
        Keep::Session(t) => storage::save_session(&t),
        Keep::Clear => storage::clear_session(),
    });
}

/// Back at the scenarios from a session, the keyboard goes on at the list (not the page's
/// body, where the button that was pressed took it).
#[hook]
pub fn use_focus_back_at_picker(screen: Screen) {
    let seen = use_mut_ref(|| None::<Screen>);
    use_effect_with(screen, move |screen| {
        let before = seen.borrow_mut().replace(*screen);
        if *screen == Screen::Picker && before.is_some_and(|b| b != Screen::Picker) {
            widgets::focus_id("scenario-list");
        }
    });
}
