//! A session on screen: the clock and its controls, the downtime meter, the tools (Cluster
//! Administrator, each machine's console, Event Viewer, Exchange Administrator) and the side
//! panels (briefing, users, timeline).

use yew::prelude::*;

use super::cluadmin::ClusterAdmin;
use super::console::Console;
use super::debrief::Debrief;
use super::eventviewer::EventViewer;
use super::exadmin::ExchangeAdmin;
use super::files::download;
use super::panels::{self, Briefing, TimelineProps, last_message, timeline};
use super::presenter::PresenterBar;
use super::state::{AppState, Msg};
use crate::trainer::SPEEDS;
use crate::sim::time::format_duration;
use crate::sim::views;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_msg: Callback<Msg>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    ClusterAdmin,
    Console(u8),
    EventViewer,
    ExchangeAdmin,
}

#[derive(Properties, PartialEq)]
struct ConfirmEndProps {
    on_msg: Callback<Msg>,
    on_cancel: Callback<()>,
    /// An exam: there is no debrief before the end to point to.
    exam: bool,
}

/// "End the session?": ending is for good (the clock stops, the debrief is final), and the
/// button sits beside Debrief, so it asks first; the focus starts on the safe choice.
#[component]
fn ConfirmEnd(p: &ConfirmEndProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::Element>().and_then(|d| d.query_selector("button.secondary").ok().flatten()) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    }
    let cancel = { let c = p.on_cancel.clone(); Callback::from(move |_: MouseEvent| { super::widgets::focus_id("end-button"); c.emit(()) }) };
    let end = { let (c, m) = (p.on_cancel.clone(), p.on_msg.clone()); Callback::from(move |_: MouseEvent| { c.emit(()); m.emit(Msg::End) }) };
    let onkeydown = {
        let (node, c) = (node.clone(), p.on_cancel.clone());
        Callback::from(move |e: KeyboardEvent| {
            super::widgets::trap_tab(&e, &node);
            if e.key() == "Escape" {
                super::widgets::focus_id("end-button");
                c.emit(());
            }
        })
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-end-title" aria-describedby="confirm-end-text"
                tabindex="-1" ref={node} {onkeydown} data-testid="confirm-end">
                <div class="titlebar" id="confirm-end-title">{ "End the session?" }</div>
                <section><p id="confirm-end-text">{
                    if p.exam { "The exam ends for good: it is graded as it stands, and you see your score and result code." }
                    else { "The clock stops for good and the debrief becomes final. To see how you are doing and carry on, use Debrief instead." }
                }</p></section>
                <div class="dialog-buttons">
                    <button class="secondary" onclick={cancel}>{ "Keep going" }</button>
                    <button class="primary" onclick={end} data-testid="confirm-end-button">{ "End the session" }</button>
                </div>
            </div>
        </div>
    }
}

#[component]
pub fn SessionView(p: &Props) -> Html {
    let tab = use_state(|| Tab::ClusterAdmin);
    let confirm_end = use_state(|| false);
    let presenting = p.state.trainer().presenter().is_some();
    // A session just started (or resumed, or opened): the keyboard starts at the tools' tabs;
    // a recording, at its Next button.
    use_effect_with(presenting, |presenting| super::widgets::focus_id(if *presenting { "present-next" } else { "tab-0" }));
    // Undo the last step: Ctrl+Z (Cmd+Z), wherever the focus is but in a text field.
    // Not in an exam: undo is practice's.
    let undoable = p.state.session().map_or(0, |s| if s.ended() || s.exam_run().is_some() { 0 } else { s.steps().len() });
    {
        let on_msg = p.on_msg.clone();
        use_effect_with((presenting, undoable), move |(presenting, steps)| {
            let steps = *steps;
            let listener = (!*presenting && steps > 0).then(|| web_sys::window().and_then(|w| w.document())).flatten().map(|doc| {
                gloo::events::EventListener::new_with_options(&doc, "keydown", gloo::events::EventListenerOptions::enable_prevent_default(), move |e| {
                    let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else { return };
                    let in_field = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .is_some_and(|el| el.closest("input, textarea, select").ok().flatten().is_some());
                    if (e.ctrl_key() || e.meta_key()) && !e.shift_key() && e.key().eq_ignore_ascii_case("z") && !in_field {
                        e.prevent_default();
                        on_msg.emit(Msg::Undo);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let Some(session) = p.state.session() else { return html! {} };
    let sim = session.sim();
    let w = sim.world();
    // An exam in progress: no help, the debrief at the end, the time left if limited.
    let in_exam = session.exam_run().is_some() && !session.ended();
    let countdown = session.exam_run().filter(|_| in_exam).and_then(|r| r.remaining_ms().map(|ms| (ms, r.can_extend())));
    let scenario = sim.scenario();
    let on_msg = &p.on_msg;
    let act = on_msg.reform(Msg::Act);

    let has_55 = views::has_exchange_admin(w, scenario);
    let mut tabs: Vec<(Tab, String)> = vec![(Tab::ClusterAdmin, "Cluster Administrator".into())];
    tabs.extend(w.machine_ids().map(|m| (Tab::Console(m.0), format!("{} console", w.machine(m).slot))));
    tabs.push((Tab::EventViewer, "Event Viewer".into()));
    if has_55 {
        tabs.push((Tab::ExchangeAdmin, "Exchange Administrator".into()));
    }
    let current = *tab;
    let tab_index = tabs.iter().position(|(t, _)| *t == current).unwrap_or(0);
    let on_tab = {
        let (tab, order) = (tab.clone(), tabs.iter().map(|(t, _)| *t).collect::<Vec<_>>());
        Callback::from(move |i: usize| tab.set(order[i]))
    };

    let users = views::users(w);
    let worst = users.servers.iter().map(|s| s.downtime).max().unwrap_or(0);
    let budget = scenario.budget;
    let transcript_name = session.transcript_file_name();
    let transcript = session.transcript();
    let save = {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| {
            download(&transcript_name, &transcript.to_text());
            on_msg.emit(Msg::Saved(transcript_name.clone()));
        })
    };
    // Every tool stays mounted, the others hidden, so that each keeps its choices (the node
    // Cluster Administrator runs on, the computer Event Viewer shows) while the learner moves
    // between them.
    let panel = |t: Tab| match t {
        Tab::ClusterAdmin => html! { <ClusterAdmin state={p.state.clone()} on_act={act.clone()} /> },
        Tab::Console(m) => html! { <Console state={p.state.clone()} machine={m} on_act={act.clone()} /> },
        Tab::EventViewer => html! { <EventViewer state={p.state.clone()} on_act={act.clone()} /> },
        Tab::ExchangeAdmin => html! { <ExchangeAdmin state={p.state.clone()} on_act={act.clone()} /> },
    };

    html! {
        <div class={classes!("session", presenting.then_some("presenting"))} data-testid="session">
            <header class="topbar">
                <div class="session-title">
                    <span class="app-name">{ "Cluster Drill" }</span>
                    <h1 class="scenario-name" title={scenario.title.clone()}>{ scenario.title.clone() }</h1>
                    // Not in an exam: the variant's seed would let it be practised elsewhere.
                    if !in_exam {
                        <span class="seed">{ format!("seed {}", sim.seed()) }</span>
                    }
                </div>
                { clock_controls(&ClockProps { state: p.state.clone(), on_msg: on_msg.clone(), presenting }) }
                <div class="meter-group" data-testid="downtime">
                    <span class="meter-label">{ format!("Downtime {} of {}", format_duration(worst), format_duration(budget)) }</span>
                    <meter min="0" max={budget.to_string()} low={(budget / 2).to_string()} high={(budget * 9 / 10).to_string()}
                        optimum="0" value={worst.min(budget).to_string()} aria-label="Worst downtime against the budget" />
                    <span class={classes!("users-now", (users.reachable < users.total).then_some("down"))}>
                        { format!("{} of {} mailboxes up", users.reachable, users.total) }
                    </span>
                </div>
                // Presenting, the recording's own controls are in the presenter's bar: nothing
                // here leaves it by surprise (Debrief shows the recording's, as it stands).
                <div class="session-actions">
                    if let Some((ms, can_extend)) = countdown {
                        <span class={classes!("countdown", (ms <= crate::trainer::WARN_MS).then_some("low"))} role="timer" data-testid="countdown"
                            aria-label="Time left in the exam">
                            { format!("Exam · {}:{:02} left", ms / 60_000, (ms / 1000) % 60) }
                        </span>
                        if can_extend && ms <= crate::trainer::WARN_MS {
                            <button onclick={on_msg.reform(|_: MouseEvent| Msg::ExtendTime)} data-testid="extend">{ "Extend" }</button>
                        }
                    } else if in_exam {
                        <span class="countdown" data-testid="countdown">{ "Exam" }</span>
                    }
                    if !presenting && !in_exam {
                        <button onclick={on_msg.reform(|_: MouseEvent| Msg::Hint)} disabled={session.ended()}>{ "Hint" }</button>
                    }
                    if !in_exam {
                        <button id="debrief-button" onclick={on_msg.reform(|_: MouseEvent| Msg::ShowDebrief)} data-testid="debrief-button">{ "Debrief" }</button>
                    }
                    if !presenting {
                        <button id="end-button" onclick={{ let c = confirm_end.clone(); Callback::from(move |_: MouseEvent| c.set(true)) }} disabled={session.ended()} data-testid="end">{ "End" }</button>
                        <button onclick={save} title="Download the transcript of this session">{ "Save" }</button>
                    }
                    if !in_exam {
                        <button onclick={on_msg.reform(|_: MouseEvent| Msg::BackToPicker)}>{ "Scenarios" }</button>
                    }
                </div>
            </header>
            if presenting {
                <PresenterBar state={p.state.clone()} on_msg={on_msg.clone()} />
            }
            <div class="workspace">
                <main class="tools">
                    { super::widgets::tabs("Tools", "tab", &tabs.iter().map(|(_, label)| label.clone()).collect::<Vec<_>>(), tab_index, on_tab) }
                    { for tabs.iter().enumerate().map(|(i, (t, _))| super::widgets::tab_panel("tab", i, tab_index, panel(*t))) }
                </main>
                <aside class="side" aria-label="What happened, the users, the briefing and the timeline">
                    { last_message(&panels::Props { state: p.state.clone() }) }
                    { panels::users(&panels::Props { state: p.state.clone() }) }
                    <Briefing state={p.state.clone()} />
                    { timeline(&TimelineProps { state: p.state.clone(), on_msg: (!presenting && !session.ended() && !in_exam).then(|| on_msg.clone()) }) }
                </aside>
            </div>
            if *confirm_end {
                <ConfirmEnd on_msg={on_msg.clone()} on_cancel={{ let c = confirm_end.clone(); Callback::from(move |_: ()| c.set(false)) }} exam={in_exam} />
            }
            if let Some(report) = session.debrief().cloned() {
                <Debrief {report} ended={session.ended()} on_msg={on_msg.clone()} transcript={session.transcript().to_text()}
                    file_name={session.transcript_file_name()} {presenting} result_code={(!presenting).then(|| session.transcript().claimed_code).flatten()}
                    lms={p.state.trainer().lms().is_some_and(|l| l.live)} exam={session.meta().mode == crate::sim::transcript::Mode::Exam} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ClockProps {
    state: UseReducerHandle<AppState>,
    on_msg: Callback<Msg>,
    /// Presenting a recording: the clock shows the step's time, and has no controls.
    presenting: bool,
}

/// The clock and its controls: Run or Pause, the speed, Next, Wait, auto-pause (a function, not
/// a component: it holds no state).
fn clock_controls(p: &ClockProps) -> Html {
    let Some(session) = p.state.session() else { return html! {} };
    let sim = session.sim();
    if p.presenting {
        return html! {
            <div class="clock-group" role="group" aria-label="Clock">
                <span class="clock" data-testid="clock" aria-label="Simulated time">{ sim.now().to_string() }</span>
            </div>
        };
    }
    let on_msg = &p.on_msg;
    let running = session.clock().running();
    let pause_when_idle = session.clock().pause_when_idle();
    let toggle = on_msg.reform(move |_: MouseEvent| Msg::SetRunning(!running));
    let speed_change = on_msg.reform(|e: Event| Msg::SetSpeed(super::widgets::event_value(&e).trim_end_matches('×').parse().unwrap_or(10)));
    let skip = on_msg.reform(|_: MouseEvent| Msg::SkipToNext);
    // A hung Setup counts: it looks under way, and only waiting tells it apart.
    let busy = sim.next_watch().is_some();
    html! {
        <div class="clock-group" role="group" aria-label="Clock">
            <span class="clock" data-testid="clock" aria-label="Simulated time">{ sim.now().to_string() }</span>
            <button class={classes!("run", running.then_some("running"))} onclick={toggle} data-testid="run"
                aria-pressed={running.to_string()} disabled={session.ended()}>
                { if running { "Pause" } else { "Run" } }
            </button>
            <label class="field inline">
                <span class="sr-only">{ "Speed" }</span>
                <select onchange={speed_change} aria-label="Speed">
                    { for SPEEDS.iter().map(|s| html! { <option selected={*s == session.clock().speed()}>{ format!("{s}×") }</option> }) }
                </select>
            </label>
            <button onclick={skip} disabled={session.ended() || !busy} data-testid="skip" title="Jump to the next moment something changes">
                { "Next »" }
            </button>
            <button onclick={on_msg.reform(|_: MouseEvent| Msg::WaitIdle)} disabled={session.ended() || !busy} data-testid="wait"
                title="Let time run until nothing is under way (or, if all that is left is an hourglass, watch it for a while)">
                { "Wait »" }
            </button>
            <label class="check small" title="Stop the clock when nothing is under way and every user has mail">
                <input type="checkbox" checked={session.clock().pause_when_idle()} onchange={on_msg.reform(move |_: Event| Msg::SetPauseWhenIdle(!pause_when_idle))} />
                { "auto-pause" }
            </label>
        </div>
    }
}
