//! The browser trainer: a yew front end over the simulator core compiled to WebAssembly.
//!
//! `state` holds the session and the reducer that changes it; the components only draw it and
//! turn clicks and keys into `Msg`s. Cluster rules stay in the core (`sim::views` says what the
//! menus offer and what is greyed).

mod cluadmin;
mod console;
mod debrief;
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

use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use crate::trainer::{Keep, Trainer};
use state::{AppState, Msg, Screen};

/// The browser's monotonic clock, in whole milliseconds.
pub(crate) fn now_ms() -> u64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now()) as u64
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
        trainer.update(crate::trainer::Msg::Launch(launch));
        return AppState::new(trainer);
    }
    let mut trainer = Trainer::from_stored(random_seed(), storage::load());
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

    // What goes wrong with the LMS after the launch is the learner's to know.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| lms::on_problem(move |m| dispatcher.dispatch(Msg::Notice(Some(format!("The LMS: {m}."))))));
    }

    // The clock: while a session runs (or a recording plays), tick ten times a second with the
    // real time.
    let timed_exam = state.session().is_some_and(|s| !s.ended() && s.exam_run().is_some_and(|r| r.limit_ms().is_some()));
    let running = state.session().is_some_and(|s| s.clock().running()) || state.trainer().presenter().is_some_and(|p| p.playing()) || timed_exam;
    {
        let dispatcher = state.dispatcher();
        use_effect_with(running, move |running| {
            let interval = running.then(|| Interval::new(100, move || dispatcher.dispatch(Msg::Tick(now_ms()))));
            move || drop(interval)
        });
    }

    // Work out the par of a new session in the background, so that the debrief opens at once.
    let identity = state.session().map(|s| (s.sim().scenario().id.clone(), s.sim().seed()));
    {
        let dispatcher = state.dispatcher();
        use_effect_with(identity, move |identity| {
            let timer = identity.is_some().then(|| Timeout::new(300, move || dispatcher.dispatch(Msg::ComputePar)));
            move || drop(timer)
        });
    }

    // Keep a scenario file the trainer took (not one it refused, or already had), so that it is
    // there next time too; then check it can be passed, once the page has said it loaded.
    let loaded = state.trainer().loaded().map(|(n, _, _)| n);
    {
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

    // Keep the session in the browser whenever the trainer says it may have changed (a step,
    // the end, the clock moving), as the trainer says.
    let saved_marker = state.trainer().keep_marker();
    {
        let state = state.clone();
        // What the LMS was last sent, with the steps then and when.
        let sent = use_mut_ref(|| (crate::trainer::lms::Record::Nothing, None::<(usize, bool)>, 0u64));
        use_effect_with(saved_marker, move |marker| match state.trainer().keep() {
            // Under an LMS, the LMS keeps the attempt: what it should hold now, once each; a
            // change of the real time used alone, once a minute (an LMS is a shared server).
            _ if state.trainer().lms().is_some() => {
                let record = state.trainer().lms_record();
                let steps = marker.map(|(_, _, steps, ended, _, _)| (steps, ended));
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

    let on_msg: Callback<Msg> = {
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
            // The real time, for the transcript of a session this message may start (the trainer
            // reads no clock): UTC to the second.
            let iso = String::from(js_sys::Date::new_0().to_iso_string());
            if let Some(secs) = iso.get(..19) {
                state.dispatch(Msg::WallClock(format!("{secs}Z")));
            }
            if let Msg::SetLearner(name) = &msg {
                storage::save_learner(name.trim());
            }
            state.dispatch(msg)
        })
    };

    let (notice, notice_good, screen, serial) = {
        let t = state.trainer();
        let (notice, good) = t.notice().map_or((None, false), |(n, good)| (Some(n.to_string()), good));
        (notice, good, t.screen(), t.session_serial())
    };
    // Back at the scenarios from a session, the keyboard goes on at the list (not the page's
    // body, where the button that was pressed took it).
    {
        let seen = use_mut_ref(|| None::<Screen>);
        use_effect_with(screen, move |screen| {
            let before = seen.borrow_mut().replace(*screen);
            if *screen == Screen::Picker && before.is_some_and(|b| b != Screen::Picker) {
                widgets::focus_id("scenario-list");
            }
        });
    }
    let notice = notice.map(|text| {
        let close = on_msg.reform(|_: MouseEvent| Msg::Notice(None));
        html! {
            <div class={classes!("notice", notice_good.then_some("ok"))} role="status" data-testid="notice">
                <span>{ text }</span>
                <button class="link" onclick={close} aria-label="Dismiss this message">{ "Dismiss" }</button>
            </div>
        }
    });

    // Only where there is an LMS to go back to: a broken launch is plain practice.
    let lms_bar = state.trainer().lms().filter(|l| l.live).map(|launch| {
        let ended = state.trainer().session().is_none_or(|s| s.ended());
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
                <span>{ match state.trainer().learner() {
                    Some(who) => format!("Launched by your LMS ({}) for {who}", launch.standard.name()),
                    None => format!("Launched by your LMS ({})", launch.standard.name()),
                } }</span>
                <button onclick={leave}>{ label }</button>
            </aside>
        }
    });
    html! {
        <>
            { lms_bar.unwrap_or_default() }
            { notice.unwrap_or_default() }
            {
                match screen {
                    Screen::Picker => picker::picker(&picker::Props { state: state.clone(), on_msg: on_msg.clone() }),
                    Screen::Session | Screen::Presenter => html! { <session::SessionView key={serial} state={state.clone()} on_msg={on_msg.clone()} /> },
                }
            }
        </>
    }
}

pub fn start() {
    yew::Renderer::<App>::new().render();
}
