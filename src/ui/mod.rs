//! The browser trainer: a yew front end over the simulator core compiled to WebAssembly.
//!
//! `state` holds the session and the reducer that changes it; the components only draw it and
//! turn clicks and keys into `Msg`s. Cluster rules stay in the core (`sim::views` says what the
//! menus offer and what is greyed).

mod cluadmin;
mod console;
mod debrief;
mod effects;
mod eventviewer;
mod exadmin;
mod files;
mod lms;
mod panels;
mod picker;
mod presenter;
mod session;
pub mod state;
mod storage;
mod widgets;

use yew::prelude::*;

use crate::trainer::Trainer;
use state::{AppState, Msg, Screen};

/// The browser's monotonic clock, in whole milliseconds.
pub(crate) fn now_ms() -> u64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now()) as u64
}

/// The real time, UTC to the second, for the trainer (which reads no clock): when a session
/// starts, how long an exam has run.
fn wall_clock() -> Msg {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    Msg::WallClock(iso.get(..19).map_or(String::new(), |secs| format!("{secs}Z")))
}

/// A seed for a new session. The core takes it as an argument; only the front end draws one.
fn random_seed() -> u64 {
    (js_sys::Math::random() * 1_000_000.0) as u64 + 1
}

/// Builds the starting state: the built-in scenarios, those an instructor loaded before, and
/// any session saved in this browser; what of it no longer loads is set aside.
fn initial_state() -> AppState {
    // Launched by an LMS: the attempt is the LMS's to keep and resume, and the learner the
    // LMS's; what this browser kept of a session stays as it is.
    if let Some(launch) = lms::launch(random_seed()) {
        let stored = crate::trainer::Stored { saved: None, ..storage::load() };
        let mut trainer = Trainer::from_stored(random_seed(), stored);
        trainer.update(wall_clock());
        trainer.update(crate::trainer::Msg::Launch(launch));
        return AppState::new(trainer);
    }
    let mut trainer = Trainer::from_stored(random_seed(), storage::load());
    trainer.update(wall_clock());
    if let Some(name) = storage::learner() {
        trainer.update(crate::trainer::Msg::SetLearner(name));
    }
    // An exam in progress goes on at once, as it stood: never a fresh attempt.
    let exam_saved = trainer.saved().is_some_and(|t| t.meta.mode == crate::sim::transcript::Mode::Exam);
    if let (true, Some(text)) = (exam_saved, storage::exam()) {
        trainer.update(crate::trainer::Msg::ResumeExam(text));
    }
    // A shared link opens in the presenter view; the address is then the trainer's own again,
    // so that a reload does not open it over whatever the learner went on to.
    if let Some(window) = web_sys::window() {
        let hash = window.location().hash().unwrap_or_default();
        if hash.starts_with(crate::sim::link::KEY) {
            trainer.update(crate::trainer::Msg::PresentLink(hash));
            let plain = window.location().pathname().unwrap_or_default() + &window.location().search().unwrap_or_default();
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&plain));
            }
        }
    }
    AppState::new(trainer)
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    effects::use_lms_problems(&state);
    effects::use_clock(&state);
    effects::use_par_in_background(&state);
    effects::use_keep_loaded_scenario(&state);
    effects::use_keep_session(&state);
    let screen = state.trainer().screen();
    effects::use_focus_back_at_picker(screen);
    let on_msg = on_msg(&state);
    html! {
        <>
            { lms_bar(&state) }
            { notice(&state.trainer(), &on_msg) }
            {
                match screen {
                    Screen::Picker => picker::picker(&picker::Props { state: state.clone(), on_msg: on_msg.clone() }),
                    Screen::Session | Screen::Presenter => html! {
                        <session::SessionView key={state.trainer().session_serial()} state={state.clone()} on_msg={on_msg.clone()} />
                    },
                }
            }
        </>
    }
}

/// Messages from the screens: what they ask of the browser's storage first, then the trainer,
/// told the real time first (the trainer reads no clock) for a session the message may start.
fn on_msg(state: &UseReducerHandle<AppState>) -> Callback<Msg> {
    let state = state.clone();
    Callback::from(move |msg: Msg| {
        if let Msg::RemoveScenario(id) = &msg {
            storage::remove_scenario(id);
        }
        if let Msg::ForgetSetAside(i) = &msg
            && let Some(item) = state.trainer().set_aside().get(*i)
        {
            storage::forget_set_aside(&item.file_name);
        }
        state.dispatch(wall_clock());
        if let Msg::SetLearner(name) = &msg {
            storage::save_learner(name.trim());
        }
        state.dispatch(msg)
    })
}

/// What the trainer has to say, until dismissed.
fn notice(trainer: &Trainer, on_msg: &Callback<Msg>) -> Html {
    let Some((text, good)) = trainer.notice() else { return html! {} };
    let close = on_msg.reform(|_: MouseEvent| Msg::Notice(None));
    html! {
        <div class={classes!("notice", good.then_some("ok"))} role="status" data-testid="notice">
            <span>{ text.to_string() }</span>
            <button class="link" onclick={close} aria-label="Dismiss this message">{ "Dismiss" }</button>
        </div>
    }
}

/// Only where there is an LMS to go back to: a broken launch is plain practice.
fn lms_bar(state: &UseReducerHandle<AppState>) -> Html {
    let trainer = state.trainer();
    let Some(launch) = trainer.lms().filter(|l| l.live) else { return html! {} };
    let ended = trainer.session().is_none_or(|s| s.ended());
    let label = if ended { "Return to the LMS" } else { "Save and return to the LMS" };
    // The real time used to the second, which the LMS otherwise hears once a minute.
    let leave = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            lms::record(&state.trainer().lms_record());
            lms::leave();
        })
    };
    html! {
        <aside class="lms-bar" aria-label="Your LMS" data-testid="lms-bar">
            <span>{ match trainer.learner() {
                Some(who) => format!("Launched by your LMS ({}) for {who}", launch.standard.name()),
                None => format!("Launched by your LMS ({})", launch.standard.name()),
            } }</span>
            <button onclick={leave}>{ label }</button>
        </aside>
    }
}

pub fn start() {
    yew::Renderer::<App>::new().render();
}
