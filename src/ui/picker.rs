//! The scenario picker: each scenario's title, kind, difficulty, budget and briefing; the seed
//! shown and settable; resume a saved session; load a scenario file or a transcript.

use yew::prelude::*;

use super::files::OpenFile;
use super::state::{AppState, Msg};
use crate::sim::limits;
use crate::sim::scenario::{Scenario, is_builtin};
use crate::sim::time::format_duration;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_msg: Callback<Msg>,
}

fn stars(n: u8) -> String {
    (1..=5).map(|i| if i <= n { '★' } else { '☆' }).collect()
}

fn summary(s: &Scenario) -> String {
    format!("{} · difficulty {} · {}", s.kind.label(), s.difficulty, s.window_rule())
}

/// The picker (a function, not a component: it holds no state; its parts with state are).
pub fn picker(p: &Props) -> Html {
    let state = p.state.trainer();
    let on_msg = &p.on_msg;
    let selected = state.selected();
    let scenario = state.scenario().clone();
    let count = state.scenarios().len();

    let onkeydown = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" | "ArrowRight" => {
                e.prevent_default();
                on_msg.emit(Msg::Select((selected + 1) % count));
            }
            "ArrowUp" | "ArrowLeft" => {
                e.prevent_default();
                on_msg.emit(Msg::Select((selected + count - 1) % count));
            }
            "Enter" => on_msg.emit(Msg::Start),
            _ => {}
        })
    };

    let seed_input = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: InputEvent| {
            let text = super::widgets::event_value(&e);
            if let Ok(seed) = text.trim().parse::<u64>() {
                on_msg.emit(Msg::SetSeed(seed));
            }
        })
    };
    let new_seed = on_msg.reform(|_: MouseEvent| Msg::SetSeed((js_sys::Math::random() * 1_000_000.0) as u64 + 1));
    let start = on_msg.reform(|_: MouseEvent| Msg::Start);
    let load_scenario = on_msg.reform(|(name, text): (String, String)| Msg::LoadScenario(name, text));
    let load_transcript = on_msg.reform(|(name, text): (String, String)| Msg::LoadTranscript(name, text));
    let on_error = on_msg.reform(|text: String| Msg::Notice(Some(text)));
    let present_file = on_msg.reform(|(name, text): (String, String)| Msg::Present(name, text));
    // The seed of an exam is drawn from its list: the front end draws, the trainer picks.
    let start_exam = on_msg.reform(|(name, text): (String, String)| Msg::StartExam(name, text, (js_sys::Math::random() * 4_294_967_296.0) as u64));

    let resume = state.saved().map(|t| {
        let title = state.scenarios().iter().find(|s| s.id == t.scenario).map_or(t.scenario.clone(), |s| s.title.clone());
        html! {
            <section class="resume" aria-label="Saved session">
                <p>{ format!("A session of “{title}” (seed {}) was saved in this browser after {} step{}. Another session replaces it once you act in that one.", t.seed, t.actions.len(), if t.actions.len() == 1 { "" } else { "s" }) }</p>
                <button class="primary" onclick={on_msg.reform(|_: MouseEvent| Msg::Resume)}>{ "Resume it" }</button>
                <button class="secondary" onclick={{
                    // The button goes away with the offer: the keyboard goes on at the list.
                    let on_msg = on_msg.clone();
                    Callback::from(move |_: MouseEvent| {
                        on_msg.emit(Msg::DiscardSaved);
                        super::widgets::focus_id("scenario-list");
                    })
                }}>{ "Not now" }</button>
            </section>
        }
    });

    // Saved data that no longer loads: kept, to download (and fix) or remove.
    let set_aside = (!state.set_aside().is_empty()).then(|| {
        html! {
            <section class="set-aside" aria-label="Set aside" data-testid="set-aside">
                <h2>{ "Set aside" }</h2>
                <ul>
                    { for state.set_aside().iter().enumerate().map(|(i, item)| {
                        let download = { let (name, text) = (item.file_name.clone(), item.text.clone()); Callback::from(move |_: MouseEvent| super::files::download(&name, &text)) };
                        let forget = on_msg.reform(move |_: MouseEvent| Msg::ForgetSetAside(i));
                        html! {
                            <li>
                                <p>{ format!("{} could not be used: {}. It is kept here as {}.", item.what, item.why, item.file_name) }</p>
                                <button class="secondary" onclick={download}>{ format!("Download {}", item.file_name) }</button>
                                <button class="danger" onclick={forget} aria-label={format!("Remove {} from this browser", item.file_name)}>{ "Remove" }</button>
                            </li>
                        }
                    }) }
                </ul>
            </section>
        }
    });

    html! {
        <main class="picker" data-testid="scenario-picker">
            <header class="picker-head">
                <h1>{ "Cluster Drill" }</h1>
                <p class="tagline">{ "Rehearse risky Exchange cluster maintenance on a virtual two-node cluster. Every step is graded." }</p>
            </header>
            { resume.unwrap_or_default() }
            { set_aside.unwrap_or_default() }
            <div class="picker-body">
                <ul id="scenario-list" class="scenario-list" role="listbox" aria-label="Scenarios" tabindex="0" {onkeydown}
                    aria-activedescendant={format!("scenario-{selected}")}>
                    { for state.scenarios().iter().enumerate().map(|(i, s)| {
                        let onclick = on_msg.reform(move |_: MouseEvent| Msg::Select(i));
                        html! {
                            <li id={format!("scenario-{i}")} role="option" aria-selected={(i == selected).to_string()}
                                class={classes!("scenario", (i == selected).then_some("selected"))} {onclick}>
                                <span class="scenario-title" data-testid="scenario-title">{ s.title.clone() }</span>
                                <span class="scenario-meta">
                                    <span class="kind">{ s.kind.label() }</span>
                                    <span class="stars" aria-label={format!("difficulty {} of 5", s.difficulty)}>{ stars(s.difficulty) }</span>
                                    <span class="budget">{ format!("budget {}", format_duration(s.budget)) }</span>
                                    if !is_builtin(&s.id) { <span class="custom">{ "loaded from a file" }</span> }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
                <section class="scenario-details" aria-label="Briefing">
                    <h2>{ scenario.title.clone() }</h2>
                    <p class="meta">{ summary(&scenario) }</p>
                    <div class="briefing">{ for scenario.briefing.split("\n\n").map(|para| html! { <p>{ with_code(&para.replace('\n', " ")) }</p> }) }</div>
                    <h3>{ "Objectives" }</h3>
                    <ul class="objectives">{ for scenario.objectives.iter().map(|o| html! { <li>{ o.text.clone() }</li> }) }</ul>
                    <h3>{ "Sources" }</h3>
                    <ul class="sources">{ for scenario.sources.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
                    <div class="start-row">
                        <label class="field seed">
                            <span>{ "Seed" }</span>
                            <input type="text" inputmode="numeric" value={state.seed().to_string()} oninput={seed_input}
                                aria-describedby="seed-help" />
                        </label>
                        <button class="secondary" onclick={new_seed}>{ "New seed" }</button>
                        <label class="field learner">
                            <span>{ "Your name (in your transcripts)" }</span>
                            <input type="text" value={state.learner().unwrap_or_default().to_string()} maxlength="64" autocomplete="name"
                                onchange={on_msg.reform(|e: Event| Msg::SetLearner(super::widgets::event_value(&e)))} data-testid="learner" />
                        </label>
                        <button class="primary start" onclick={start} data-testid="start">{ "Start" }</button>
                        if !is_builtin(&scenario.id) {
                            <button class="danger" onclick={on_msg.reform({ let id = scenario.id.clone(); move |_: MouseEvent| Msg::RemoveScenario(id.clone()) })}>
                                { "Remove this scenario" }
                            </button>
                        }
                    </div>
                    <p id="seed-help" class="help">{ "The seed decides how long each operation takes. The same scenario, seed and actions always give the same result." }</p>
                </section>
            </div>
            <Reels on_msg={on_msg.clone()} />
            { roster(&Props { state: p.state.clone(), on_msg: on_msg.clone() }) }
            <footer class="picker-foot">
                <OpenFile label="Load a scenario file…" accept=".toml,text/plain" on_text={load_scenario} on_error={on_error.clone()} max_bytes={limits::SCENARIO_BYTES} />
                <OpenFile label="Open a transcript…" accept=".transcript,.txt,text/plain" on_text={load_transcript} on_error={on_error.clone()} max_bytes={limits::TRANSCRIPT_BYTES} />
                <OpenFile label="Present a reel or transcript…" accept=".reel,.transcript,.txt,text/plain" on_text={present_file} on_error={on_error.clone()} max_bytes={limits::TRANSCRIPT_BYTES} />
                <OpenFile label="Start an exam…" accept=".exam,.txt,text/plain" on_text={start_exam} on_error={on_error} max_bytes={limits::TRANSCRIPT_BYTES} />
                <span class="help">{ "A transcript is regraded from its actions; a score written in it is ignored." }</span>
            </footer>
        </main>
    }
}

/// A briefing paragraph with `backticked` words set as code, as text (never HTML).
fn with_code(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { html! { <code>{ part.to_string() }</code> } } else { html! { { part.to_string() } } });
    html! { <>{ for parts }</> }
}

#[derive(Properties, PartialEq)]
struct ReelsProps {
    on_msg: Callback<Msg>,
}

/// The built-in reels, for a meeting room: a correct run of each scenario and each mistake.
#[component]
fn Reels(p: &ReelsProps) -> Html {
    let reels = use_memo((), |_| crate::sim::reel::builtins().into_iter().map(|(file, r)| (file.trim_end_matches(".reel").to_string(), r.title, r.shows.is_empty())).collect::<Vec<_>>());
    let chosen = use_state(|| reels.iter().find(|(name, _, _)| name == "parallel-evs-upgrade").map_or(String::new(), |r| r.0.clone()));
    let change = { let chosen = chosen.clone(); Callback::from(move |e: Event| chosen.set(super::widgets::event_value(&e))) };
    let present = { let (chosen, on_msg) = (chosen.clone(), p.on_msg.clone()); Callback::from(move |_: MouseEvent| on_msg.emit(Msg::PresentReel((*chosen).clone()))) };
    let group = |right: bool, label: &'static str| html! {
        <optgroup {label}>
            { for reels.iter().filter(|(_, _, r)| *r == right).map(|(name, title, _)| html! {
                <option value={name.clone()} selected={*name == *chosen}>{ title.clone() }</option>
            }) }
        </optgroup>
    };
    html! {
        <section class="reels" aria-label="Reels" data-testid="reels">
            <h2>{ "Reels: show a team what goes wrong, and the right way" }</h2>
            <div class="reels-row">
                <label class="field">
                    <span>{ "Reel" }</span>
                    <select id="reel-choice" onchange={change} data-testid="reel-choice" aria-label="Reel">
                        { group(false, "Mistakes") }
                        { group(true, "The right way") }
                    </select>
                </label>
                <button class="secondary" onclick={present} data-testid="present">{ "Present" }</button>
            </div>
            <p class="help">{ "Step through a recorded session with captions (Right and Left arrows, or a clicker), then take over from any step." }</p>
        </section>
    }
}

/// The instructor's class roster: transcripts dropped in, each regraded and checked, as
/// `clusterdrill grade --csv --exam` does.
fn roster(p: &Props) -> Html {
    let state = p.state.trainer();
    let on_msg = &p.on_msg;
    let add = on_msg.reform(|(name, text): (String, String)| Msg::AddToRoster(name, text));
    let hold_to = on_msg.reform(|(name, text): (String, String)| Msg::RosterExam(name, text));
    let on_error = on_msg.reform(|text: String| Msg::Notice(Some(text)));
    let rows = crate::sim::roster::rows(state.roster());
    let csv = crate::sim::roster::csv(&rows);
    let download = Callback::from(move |_: MouseEvent| super::files::download("roster.csv", &csv));
    // The columns an instructor scans; the CSV has them all.
    let shown = ["file", "learner", "scenario", "seed", "mode", "score", "passed", "result_code", "flags"];
    let at: Vec<usize> = shown.iter().filter_map(|c| crate::sim::roster::COLUMNS.iter().position(|k| k == c)).collect();
    html! {
        <section class="roster" aria-label="Class roster" data-testid="roster">
            <h2>{ "Class roster" }</h2>
            <div class="reels-row">
                <OpenFile label="Add transcripts…" accept=".transcript,.txt,text/plain" on_text={add} on_error={on_error.clone()} max_bytes={limits::LINK_CHARS.max(limits::TRANSCRIPT_BYTES)} multiple=true />
                <OpenFile label="Hold to an exam…" accept=".exam,.txt,text/plain" on_text={hold_to} {on_error} max_bytes={limits::TRANSCRIPT_BYTES} />
                if !rows.is_empty() {
                    <button class="secondary" onclick={download}>{ "Download CSV" }</button>
                    <button class="secondary" onclick={on_msg.reform(|_: MouseEvent| Msg::ClearRoster)}>{ "Clear" }</button>
                }
            </div>
            <p class="help" data-testid="roster-exam">{
                match state.roster_exam() {
                    Some((name, exam)) => format!("Held to the exam {name} (“{}”): its pass mark, seeds and time are checked too.", exam.title),
                    None => "Held to any exam's rules; hold them to an exam's file to check its pass mark, seeds and time too.".to_string(),
                }
            }
                if state.roster_exam().is_some() {
                    { " " }<button class="link" onclick={on_msg.reform(|_: MouseEvent| Msg::ForgetRosterExam)}>{ "Any exam" }</button>
                }
            </p>
            <p class="help">{ "Each transcript (as downloaded, or as an LMS keeps it) is regraded from its actions: a claimed score or result code that is not its replay's, practice for an exam, or a script's or the solver's work is flagged." }</p>
            if !rows.is_empty() {
                <table class="grid compact" data-testid="roster-table">
                    <thead><tr>{ for shown.iter().map(|c| html! { <th scope="col">{ c.replace('_', " ") }</th> }) }</tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr class={classes!((!r[r.len() - 1].is_empty()).then_some("flagged"))}>{ for at.iter().map(|i| html! { <td>{ r[*i].clone() }</td> }) }</tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
