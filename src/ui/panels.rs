//! The side panels: what the last action met with, the users' side, the briefing with live
//! objectives, and the timeline of steps.

use yew::prelude::*;

use super::state::{AppState, Msg};
use crate::sim::Outcome;
use crate::sim::time::format_duration;
use crate::sim::views;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
}

// The panels without state of their own are plain functions, not components: each component
// costs its own copy of yew's generic lifecycle code in the wasm (issue 13's size budget).

pub fn last_message(p: &Props) -> Html {
    let Some(session) = p.state.session() else { return html! {} };
    let last = session.steps().last();
    let (refused, text) = match last.map(|s| &s.outcome) {
        Some(Outcome::Refused(m)) => (true, m.clone()),
        Some(o) => (false, o.message().to_string()),
        None if p.state.trainer().presenter().is_some() => {
            (false, "The recording starts here: step through it with Next ▶, the Right arrow or a clicker; acting in a tool takes over from the step shown.".to_string())
        }
        None => (false, "Choose a tool from the tabs above to begin: Cluster Administrator, a machine's console, Event Viewer. The clock runs only when you press Run, Next or Wait.".to_string()),
    };
    // What finished since the last action, newest first.
    let since = last.map_or(crate::sim::SimTime::ZERO, |s| s.at);
    let w = session.sim().world();
    let finished: Vec<String> = session
        .sim()
        .notices()
        .iter()
        .rev()
        .take_while(|n| n.at >= since)
        .take(4)
        .map(|n| format!("{} {}: {}", n.at, w.machine(n.machine).slot, n.text))
        .collect();
    // Newest first: what finished since the last action goes above it, so that a refusal
    // followed by the work finishing does not leave the refusal on top.
    html! {
        <section class="panel" aria-label="Last message">
            <div class="message" role="status" aria-live="polite" data-testid="message">
                // The hint first: asked for just now, it must not land below the fold.
                if let Some(hint) = session.hint() {
                    <span class="hint" data-testid="hint">
                        { hint.text }
                        if let Some(script) = hint.script { <code class="script" title="The same step as a script line">{ script }</code> }
                    </span>
                }
                { for finished.into_iter().map(|f| html! { <span class="done" data-testid="finished">{ f }</span> }) }
                <div class={classes!("last", refused.then_some("refused"))}>
                    if let Some(step) = last { <span class="when">{ format!("{} {}", step.at, step.action) }</span> }
                    <span>{ text }</span>
                </div>
            </div>
        </section>
    }
}

pub fn users(p: &Props) -> Html {
    let Some(session) = p.state.session() else { return html! {} };
    let w = session.sim().world();
    let u = views::users(w);
    let budget = session.sim().scenario().budget;
    html! {
        <section class="panel users" aria-label="Users" data-testid="users">
            <h2>{ "Users" }</h2>
            <p class="big">
                <span class="num">{ u.reachable }</span>{ format!(" of {} mailboxes reachable", u.total) }
            </p>
            // Always one line, so that the panels below do not move when an outage starts.
            if u.noticing > 0 {
                <p class="down">{ format!("{} users notice (not in Cached Exchange Mode)", u.noticing) }</p>
            } else {
                <p class="quiet">{ "Nobody notices an outage" }</p>
            }
            <table class="grid compact">
                { super::widgets::header_row(&["Server", "Users", "Now", "Cached", "Downtime"]) }
                <tbody>
                    { for u.servers.iter().map(|s| html! {
                        <tr class={classes!((!s.up && s.users > 0).then_some("down"))}>
                            <td>{ s.name.clone() }</td>
                            <td class="num">{ s.users }</td>
                            <td>{ if s.up { "up" } else if s.users > 0 { "DOWN" } else { "—" } }</td>
                            <td class="num">{ format!("{}%", s.cached_percent) }</td>
                            <td class={classes!("num", (s.downtime > budget).then_some("over"))}>{ format_duration(s.downtime) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

#[component]
pub fn Briefing(p: &Props) -> Html {
    // Open at the start of an exam: its clock runs from the first moment, and there was no
    // picker to read the briefing in (a launch from an LMS).
    let open = use_state(|| p.state.session().is_some_and(|s| s.exam_run().is_some() && s.steps().is_empty()));
    let Some(session) = p.state.session() else { return html! {} };
    let sim = session.sim();
    let scenario = sim.scenario();
    let toggle = { let open = open.clone(); Callback::from(move |_: MouseEvent| open.set(!*open)) };
    html! {
        <section class="panel briefing" aria-label="Briefing and objectives">
            <h2>{ "Objectives" }</h2>
            <ul class="objectives live">
                { for scenario.objectives.iter().map(|o| {
                    let met = sim.check(&o.check);
                    html! { <li class={classes!(met.then_some("met"))}><span class="tick" aria-label={if met { "met" } else { "not yet" }}>{ if met { "✔" } else { "○" } }</span>{ o.text.clone() }</li> }
                }) }
            </ul>
            <button class="link" onclick={toggle} aria-expanded={open.to_string()}>{ if *open { "Hide the briefing" } else { "Show the briefing" } }</button>
            if *open {
                <div class="briefing">
                    { for scenario.briefing.split("\n\n").map(|para| html! { <p>{ para.replace('\n', " ") }</p> }) }
                    <p class="window-rule"><strong>{ "The window: " }</strong>{ scenario.window_rule() }{ "." }</p>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub state: UseReducerHandle<AppState>,
    /// Offers undo (practice, while the session goes on): back to just after any step.
    pub on_msg: Option<Callback<Msg>>,
}

pub fn timeline(p: &TimelineProps) -> Html {
    let Some(session) = p.state.session() else { return html! {} };
    let n = session.steps().len();
    let undo = |keep: usize, shown: &'static str, label: String| {
        p.on_msg.as_ref().filter(|_| keep < n).map(|on_msg| {
            html! {
                <button class="link small undo" onclick={on_msg.reform(move |_: MouseEvent| Msg::UndoTo(keep))} aria-label={label}
                    title="Undo the steps after this one (Ctrl+Z undoes the last)">{ shown }</button>
            }
        })
    };
    let undos = match session.undos() {
        0 => String::new(),
        1 => ", 1 undo".to_string(),
        u => format!(", {u} undos"),
    };
    html! {
        <section class="panel timeline" aria-label="Timeline">
            <h2>{ match n { 1 => format!("Timeline (1 step{undos})"), n => format!("Timeline ({n} steps{undos})") } }</h2>
            <ol reversed=true tabindex="0" aria-label="Steps taken, the last first">
                { for session.steps().iter().enumerate().rev().map(|(i, s)| html! {
                    <li class={classes!(s.outcome.is_refused().then_some("refused"))} title={s.outcome.message().to_string()}>
                        <span class="when num">{ s.at.to_string() }</span>
                        <span class="what">{ s.action.to_string() }</span>
                        if s.outcome.is_refused() { <span class="refused-mark">{ "refused" }</span> }
                        if s.action.verb.is_fault() { <span class="by-instructor">{ "instructor's fault" }</span> }
                        { undo(i + 1, "back to here", format!("back to here: just after step {}, {}", i + 1, s.action)).unwrap_or_default() }
                    </li>
                }) }
            </ol>
            { undo(0, "back to the start", "back to the start, before any step".to_string()).map(|b| html! { <p class="undo-start">{ b }</p> }).unwrap_or_default() }
        </section>
    }
}
