//! Event Viewer: a machine's Application and System logs as of the last time the learner
//! opened them. Opening (or refreshing) the Application log is an action: checking it after an
//! upgrade is part of the procedure. In the presenter's view it shows the logs as they stand at
//! the step shown, and acts on nothing (acting would leave the recording).

use yew::prelude::*;

use super::state::AppState;
use crate::sim::action::{Action, Verb};
use crate::sim::world::MachineId;
use crate::sim::{Level, LogName};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_act: Callback<Action>,
}

#[component]
pub fn EventViewer(p: &Props) -> Html {
    let machine = use_state(|| 0u8);
    let system = use_state(|| false);
    let Some(session) = p.state.session() else { return html! {} };
    let sim = session.sim();
    let w = sim.world();
    let m = MachineId((*machine).min(w.machines.len() as u8 - 1));
    let slot = w.machine(m).slot.clone();
    let presenting = p.state.trainer().presenter().is_some();
    let log = if *system { LogName::System } else { LogName::Application };
    let (read_at, entries) = if presenting {
        (Some(sim.now()), crate::sim::views::event_log_now(sim, m, log))
    } else {
        (w.machine(m).log_read_at, crate::sim::views::event_log(sim, m, log).unwrap_or_default())
    };
    let open = {
        let (on_act, slot) = (p.on_act.clone(), slot.clone());
        Callback::from(move |_: MouseEvent| on_act.emit(Action::new(slot.clone(), Verb::ReadLog)))
    };
    let on_machine = {
        let machine = machine.clone();
        let slots: Vec<String> = w.machines.iter().map(|m| m.slot.clone()).collect();
        Callback::from(move |e: Event| {
            let v = super::widgets::event_value(&e);
            if let Some(i) = slots.iter().position(|s| *s == v) {
                machine.set(i as u8);
            }
        })
    };
    let set_log = |sys: bool| {
        let system = system.clone();
        Callback::from(move |_: MouseEvent| system.set(sys))
    };
    html! {
        <div class="window eventviewer" data-testid="eventviewer">
            <div class="titlebar">{ format!("Event Viewer - {slot}") }</div>
            <div class="toolbar">
                <label class="field inline">
                    <span>{ "Computer" }</span>
                    <select onchange={on_machine} aria-label="Computer">
                        { for w.machines.iter().enumerate().map(|(i, x)| html! { <option selected={i as u8 == m.0}>{ x.slot.clone() }</option> }) }
                    </select>
                </label>
                <div class="segmented" role="group" aria-label="Log">
                    <button class={classes!((!*system).then_some("selected"))} aria-pressed={(!*system).to_string()} onclick={set_log(false)}>{ "Application" }</button>
                    <button class={classes!((*system).then_some("selected"))} aria-pressed={(*system).to_string()} onclick={set_log(true)}>{ "System" }</button>
                </div>
                if presenting {
                    <span class="help">{ format!("As the logs stood at {}.", sim.now()) }</span>
                } else {
                    <button class="primary" onclick={open} data-testid="open-log">
                        { if read_at.is_some() { "Refresh (read the log again)" } else { "Open the logs" } }
                    </button>
                    <span class="help">{ read_at.map_or("Not opened yet.".to_string(), |t| format!("As read at {t}.")) }</span>
                }
            </div>
            <div class="details">
                <table class="grid events">
                    { super::widgets::header_row(&["Type", "Time", "Source", "Description"]) }
                    <tbody>
                        { for entries.iter().map(|e| {
                            let class = match e.level { Level::Error => "error", Level::Warning => "warning", Level::Information => "info" };
                            html! {
                                <tr class={class}>
                                    <td>{ e.level.label() }</td><td class="num">{ e.at.to_string() }</td><td>{ e.source }</td><td>{ e.text.clone() }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if read_at.is_some() && entries.is_empty() { <p class="placeholder">{ "No events." }</p> }
                if read_at.is_none() { <p class="placeholder">{ format!("Press “Open the logs” to read {slot}'s event logs.") }</p> }
            </div>
        </div>
    }
}
