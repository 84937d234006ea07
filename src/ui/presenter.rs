//! The presenter's bar above the trainer's screens: where in the recording the room is, the
//! caption (large), the steps as a strip to jump along, play at a chosen pace, the solver's
//! judgement from the step shown and the point of no return, take over, and a link to share.
//! Right/Left, Home/End and a clicker's Page Down/Page Up step through the recording.

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::state::{AppState, Msg};
use crate::sim::link::{self, Shared};
use crate::sim::reel::{Caption, Mark, Part};
use crate::sim::time::format_duration;
use crate::trainer::{Judgement, Presenter, STEP_INTERVALS};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_msg: Callback<Msg>,
}

/// Keys that step the recording, unless a control that uses them has the focus.
fn step_key(e: &web_sys::KeyboardEvent, end: usize) -> Option<Msg> {
    if e.default_prevented() || e.ctrl_key() || e.alt_key() || e.meta_key() {
        return None;
    }
    let target = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
    let clicker = matches!(e.key().as_str(), "PageDown" | "PageUp");
    if let Some(el) = target {
        // Fields and dialogs keep every key; the tools' own arrow-key widgets keep the arrows
        // and Home/End, but a clicker's Page Down/Page Up always step, wherever the focus is.
        // The recording's own final debrief is no trap: from it the keys step back (its
        // scrolling details keep the arrows and Home/End).
        let keeps = if clicker {
            "input, select, textarea, [role=dialog]:not([data-presenting]), [role=alertdialog]"
        } else {
            "input, select, textarea, [role=tablist], [role=tree], [role=menu], [role=listbox], table, [role=dialog]:not([data-presenting]), [role=alertdialog], .debrief-body"
        };
        if el.closest(keeps).ok().flatten().is_some() {
            return None;
        }
    }
    Some(match e.key().as_str() {
        "ArrowRight" | "PageDown" => Msg::PresentStep(1),
        "ArrowLeft" | "PageUp" => Msg::PresentStep(-1),
        "Home" => Msg::PresentAt(0),
        "End" => Msg::PresentAt(end),
        _ => return None,
    })
}

/// The address that opens this recording here.
fn share_address(shared: &Shared) -> String {
    let location = web_sys::window().map(|w| w.location());
    let base = location.map_or(String::new(), |l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()));
    format!("{base}{}", link::encode(shared))
}

/// The keys step the recording, on the whole page, while the presenter's bar is shown.
#[hook]
fn use_step_keys(end: usize, on_msg: Callback<Msg>) {
    use_effect_with(end, move |end| {
        let end = *end;
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            EventListener::new_with_options(&doc, "keydown", gloo::events::EventListenerOptions::enable_prevent_default(), move |e| {
                let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else { return };
                if let Some(msg) = step_key(e, end) {
                    e.prevent_default();
                    on_msg.emit(msg);
                }
            })
        });
        move || drop(listener)
    });
}

/// The judgement of the step shown, once the room has rested on it a moment; and, while
/// `sweep`, every step's in turn (one search at a time, so that keys are answered between).
#[hook]
fn use_judging(at: usize, judged_here: bool, judged: usize, sweep: bool, on_msg: Callback<Msg>) {
    use_effect_with((at, judged_here, judged, sweep), move |(_, judged_here, _, sweep)| {
        let timer = (!*judged_here || *sweep).then(|| Timeout::new(if *sweep { 30 } else { 600 }, move || on_msg.emit(Msg::Judge)));
        move || drop(timer)
    });
}

#[component]
pub fn PresenterBar(p: &Props) -> Html {
    let sharing = use_state(|| None::<String>);
    let fault_choice = use_state(|| 0usize);
    let sweeping = use_state(|| false);
    let trainer = p.state.trainer();
    let pr = trainer.presenter();
    let (at, end) = pr.map_or((0, 0), |pr| (pr.at(), pr.end()));
    let on_msg = &p.on_msg;
    use_step_keys(end, on_msg.clone());
    use_judging(
        at,
        pr.is_some_and(|pr| pr.judgement(at).is_some()),
        pr.map_or(0, Presenter::judged_count),
        *sweeping && pr.is_some_and(|pr| !pr.judged_all()),
        on_msg.clone(),
    );
    let Some(pr) = pr else { return html! {} };

    let share = {
        let sharing = sharing.clone();
        let shared = shared(pr);
        Callback::from(move |_: MouseEvent| sharing.set(if sharing.is_some() { None } else { Some(share_address(&shared)) }))
    };
    let sweep = { let s = sweeping.clone(); Callback::from(move |_: MouseEvent| s.set(true)) };
    html! {
        <section class="presenter" aria-label="Presenter" data-testid="presenter">
            <div class="presenter-head">
                <h2 class="reel-title">{ pr.reel().title.clone() }</h2>
                <span class="position" data-testid="position" aria-live="polite">{ position(pr) }</span>
                { controls(pr, on_msg) }
                <div class="presenter-actions">
                    <button class="primary" onclick={on_msg.reform(|_: MouseEvent| Msg::TakeOver)} data-testid="take-over"
                        title="Go on live from this step: the steps so far are kept">{ "Take over from here" }</button>
                    <button onclick={share} aria-expanded={sharing.is_some().to_string()} data-testid="share">{ "Share link" }</button>
                </div>
                { fault_menu(pr, &fault_choice, on_msg) }
            </div>
            if let Some(address) = (*sharing).clone() {
                { share_row(address, at, end) }
            }
            { reel_strip(pr, on_msg) }
            <div class="presenter-body">
                <div class="now-doing" data-testid="now-doing">{ now_doing(pr) }</div>
                { pr.caption().map(caption).unwrap_or_default() }
                { facts(pr, *sweeping, sweep, on_msg) }
            </div>
        </section>
    }
}

/// Where in the recording the room is.
fn position(pr: &Presenter) -> String {
    match pr.mark(pr.at()) {
        Mark::After(0) => "The start".to_string(),
        Mark::After(n) => format!("Step {n} of {}", pr.recording().steps().len()),
        Mark::End => "The end".to_string(),
    }
}

/// The step just taken, as an instructor would say it.
fn now_doing(pr: &Presenter) -> String {
    match pr.mark(pr.at()) {
        Mark::After(n) if n > 0 => pr.recording().steps()[n - 1].action.instruction(pr.view().sim().world()),
        Mark::After(_) => "Nothing done yet.".to_string(),
        Mark::End => format!("The recording stops at {}.", pr.reel().transcript.end),
    }
}

/// The recording as a link carries it: an instructor's scenario goes with it.
fn shared(pr: &Presenter) -> Shared {
    let recording = pr.reel().to_text();
    let id = pr.reel().transcript.scenario.clone();
    let scenario = (!crate::sim::scenario::is_builtin(&id)).then(|| super::storage::scenario_text(&id)).flatten();
    Shared { recording, scenario, at: Some(pr.at()) }
}

fn caption(c: &Caption) -> Html {
    html! {
        <div class="caption" data-testid="caption" tabindex="0" role="region" aria-label="Caption">
            { for c.parts.iter().map(|part| match part {
                Part::Text(t) => html! { <p>{ t.clone() }</p> },
                Part::Finding(f) => html! {
                    <p class="caption-finding">
                        <strong>{ format!("{}. ", f.title()) }</strong>{ f.explanation() }
                        <span class="source">{ format!(" Source: {}", f.source()) }</span>
                    </p>
                },
            }) }
        </div>
    }
}

/// Start, back, play, next, end and the pace of play.
fn controls(pr: &Presenter, on_msg: &Callback<Msg>) -> Html {
    let (at, end, playing) = (pr.at(), pr.end(), pr.playing());
    let interval_change = on_msg.reform(|e: Event| Msg::PresentInterval(super::widgets::event_value(&e).parse().unwrap_or(STEP_INTERVALS[1])));
    html! {
        <div class="presenter-controls" role="group" aria-label="Step through the recording">
            <button onclick={on_msg.reform(|_: MouseEvent| Msg::PresentAt(0))} disabled={at == 0} title="To the start (Home)">{ "« Start" }</button>
            <button onclick={on_msg.reform(|_: MouseEvent| Msg::PresentStep(-1))} disabled={at == 0} data-testid="step-back" title="Step back (Left, or Page Up)">{ "◀ Back" }</button>
            <button id="present-play" class={classes!("run", playing.then_some("running"))} aria-pressed={playing.to_string()} disabled={at == end}
                onclick={on_msg.reform(move |_: MouseEvent| Msg::PresentPlay(!playing))}>{ if playing { "Pause" } else { "Play" } }</button>
            <button id="present-next" onclick={on_msg.reform(|_: MouseEvent| Msg::PresentStep(1))} disabled={at == end} data-testid="step-next" title="Step forward (Right, or Page Down)">{ "Next ▶" }</button>
            <button onclick={on_msg.reform(move |_: MouseEvent| Msg::PresentAt(end))} disabled={at == end} title="To the end (End)">{ "End »" }</button>
            <label class="field inline">
                <span class="sr-only">{ "Pace" }</span>
                <select onchange={interval_change} aria-label="Pace of play">
                    { for STEP_INTERVALS.iter().zip(["slow", "normal", "fast"]).map(|(ms, name)| html! {
                        <option value={ms.to_string()} selected={*ms == pr.interval_ms()}>{ format!("{name} ({}.{} s a step)", ms / 1000, ms % 1000 / 100) }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}

/// The instructor's faults the state allows at this step; injecting one goes on live.
fn fault_menu(pr: &Presenter, choice: &UseStateHandle<usize>, on_msg: &Callback<Msg>) -> Html {
    let faults = crate::sim::views::faults(pr.view().sim().world());
    if faults.is_empty() {
        return html! {};
    }
    let chosen = (**choice).min(faults.len() - 1);
    let change = { let c = choice.clone(); Callback::from(move |e: Event| c.set(super::widgets::event_value(&e).parse().unwrap_or(0))) };
    let action = faults[chosen].action.clone();
    let inject = on_msg.reform(move |_: MouseEvent| Msg::Act(action.clone()));
    html! {
        <div class="fault-row" role="group" aria-label="The instructor's faults">
            <label class="field inline">
                <span>{ "Fault" }</span>
                <select onchange={change} data-testid="fault-choice" aria-label="Fault">
                    { for faults.iter().enumerate().map(|(i, f)| html! { <option value={i.to_string()} selected={i == chosen}>{ f.label.clone() }</option> }) }
                </select>
            </label>
            <button class="secondary" onclick={inject} data-testid="inject" title="Inject this fault now, and go on live from here">{ "Inject" }</button>
        </div>
    }
}

/// The link to the recording at this step, to select or copy.
fn share_row(address: String, at: usize, end: usize) -> Html {
    let opening = if at == 0 { "the start".to_string() } else if at == end { "the end".to_string() } else { format!("step {at}") };
    let select = Callback::from(|e: FocusEvent| {
        if let Some(i) = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
            i.select()
        }
    });
    let copy = {
        let address = address.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&address);
            }
        })
    };
    html! {
        <div class="share-row">
            <label class="field">
                <span>{ format!("Link to this recording, opening at {opening} ({} characters): it opens in any browser", address.len()) }</span>
                <input type="text" readonly=true value={address} data-testid="share-link" onfocus={select} />
            </label>
            <button class="secondary" data-testid="copy-link" onclick={copy}>{ "Copy" }</button>
        </div>
    }
}

/// Every step as a button to jump to, marked as captioned, refused or the point of no return.
fn reel_strip(pr: &Presenter, on_msg: &Callback<Msg>) -> Html {
    let (at, steps, no_return) = (pr.at(), pr.recording().steps(), pr.point_of_no_return());
    html! {
        <ol class="reel-strip" aria-label="Steps of the recording">
            { for (0..=pr.end()).map(|n| {
                let mark = pr.mark(n);
                // The name starts with what the button shows.
                let (text, label) = match mark {
                    Mark::After(0) => ("Start".to_string(), "Start".to_string()),
                    Mark::After(k) => (k.to_string(), format!("{k}: {}", steps[k - 1].action)),
                    Mark::End => ("End".to_string(), "End".to_string()),
                };
                let captioned = pr.reel().caption(mark).is_some();
                let lost = no_return == Some(n);
                let refused = matches!(mark, Mark::After(k) if k > 0 && steps[k - 1].outcome.is_refused());
                let full = format!(
                    "{label}{}{}{}",
                    if refused { " (refused)" } else { "" },
                    if captioned { " (captioned)" } else { "" },
                    if lost { " (point of no return)" } else { "" }
                );
                html! {
                    <li>
                        <button class={classes!("strip-step", (n == at).then_some("current"), captioned.then_some("captioned"), lost.then_some("no-return"), refused.then_some("refused"))}
                            aria-current={(n == at).then_some("step")} aria-label={full.clone()} title={full}
                            onclick={on_msg.reform(move |_: MouseEvent| Msg::PresentAt(n))}>
                            { text }<span aria-hidden="true">{ if lost { "⚑" } else { "" } }</span>
                        </button>
                    </li>
                }
            }) }
        </ol>
    }
}

/// What the solver says from the step shown.
fn judgement(j: Option<Judgement>) -> String {
    match j {
        None => "Working out the way on from here…".to_string(),
        Some(Judgement::CanPass(par)) if par.steps == 0 => {
            format!("From here it passes as it stands: nothing is left to do ({} of downtime in all).", format_duration(par.downtime))
        }
        Some(Judgement::CanPass(par)) => format!(
            "From here it can still pass: the best way on takes {} more {}, {} of downtime in all.",
            par.steps,
            if par.steps == 1 { "step" } else { "steps" },
            format_duration(par.downtime)
        ),
        Some(Judgement::CannotPass) => "From here it can no longer pass.".to_string(),
        Some(Judgement::Unknown) => "The solver could not tell from here within its budget.".to_string(),
    }
}

/// The judgement, the point of no return (once every step is judged) and the findings so far.
fn facts(pr: &Presenter, sweeping: bool, sweep: Callback<MouseEvent>, on_msg: &Callback<Msg>) -> Html {
    let at = pr.at();
    let no_return = pr.point_of_no_return();
    let sweep_note = if pr.judged_all() {
        match no_return {
            Some(n) => format!("Point of no return: after step {n}."),
            None => "No point of no return: every step could still lead to a pass.".to_string(),
        }
    } else if sweeping {
        format!("Judging every step: {} of {}…", pr.judged_count(), pr.end() + 1)
    } else {
        String::new()
    };
    // What is judged at the end (a resource left down, no backup after) shows as soon as it
    // would count, as the captions tell it: marked as what it would be if the run ended here.
    let findings: Vec<String> = pr
        .findings()
        .iter()
        .map(|f| if f.if_it_ended_here { format!("{} (if it ended here)", f.title) } else { f.title.to_string() })
        .collect();
    html! {
        <div class="presenter-facts">
            <p data-testid="judgement">{ judgement(pr.judgement(at)) }</p>
            <p>
                if !pr.judged_all() && !sweeping {
                    <button class="secondary small" onclick={sweep}>{ "Find the point of no return" }</button>
                }
                <span data-testid="no-return">{ sweep_note }</span>
                if let (Some(n), true) = (no_return, pr.judged_all()) {
                    if n != at {
                        <button class="secondary small" onclick={on_msg.reform(move |_: MouseEvent| Msg::PresentAt(n))}>{ format!("Go to step {n}") }</button>
                    }
                }
            </p>
            <p data-testid="findings-so-far">{
                if findings.is_empty() { "No finding so far.".to_string() } else { format!("Findings so far: {}.", findings.join("; ")) }
            }</p>
        </div>
    }
}
