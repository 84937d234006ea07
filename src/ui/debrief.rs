//! The debrief: score, pass or fail, objectives, each finding with its explanation and source,
//! downtime against the budget, steps against par.

use yew::prelude::*;

use super::files::download;
use super::state::Msg;
use crate::sim::SimTime;
use crate::sim::grading::Report;
use crate::sim::time::format_duration;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Report,
    /// The session has ended (otherwise this is a debrief on demand, and the session goes on).
    pub ended: bool,
    pub on_msg: Callback<Msg>,
    pub transcript: String,
    pub file_name: String,
    /// Shown in the presenter view: it closes back to the recording, even when final.
    #[prop_or_default]
    pub presenting: bool,
    /// The result code of an ended session.
    #[prop_or_default]
    pub result_code: Option<String>,
    /// Launched by an LMS, which the learner goes back to at the end.
    #[prop_or_default]
    pub lms: bool,
    /// An exam: one attempt, never tried again on its seed.
    #[prop_or_default]
    pub exam: bool,
}

#[component]
pub fn Debrief(p: &Props) -> Html {
    let r = &p.report;
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    // Carrying on gives focus back to the button that opened the debrief.
    let close = p.on_msg.reform(|_: MouseEvent| {
        super::widgets::focus_id("debrief-button");
        Msg::CloseDebrief
    });
    // Escape carries on; on a final debrief it does nothing (the buttons say where to go),
    // except in the presenter view, where it goes back to the recording.
    let onkeydown = {
        let (on_msg, closes, node) = (p.on_msg.clone(), !p.ended || p.presenting, node.clone());
        Callback::from(move |e: KeyboardEvent| {
            super::widgets::trap_tab(&e, &node);
            if e.key() == "Escape" && closes {
                super::widgets::focus_id("debrief-button");
                on_msg.emit(Msg::CloseDebrief)
            }
        })
    };
    let save = { let (t, n) = (p.transcript.clone(), p.file_name.clone()); Callback::from(move |_: MouseEvent| download(&n, &t)) };
    let verdict = match (p.ended, r.passed) {
        (true, true) => "Passed",
        (true, false) => "Failed",
        (false, true) => "Passing so far",
        (false, false) => "Not passing yet",
    };
    let critical = r.findings.iter().any(|f| f.severity == crate::sim::findings::Severity::Critical);
    let why = if r.passed {
        String::new()
    } else if !r.completed {
        format!("{} of {} objectives met", r.objectives.iter().filter(|o| o.met).count(), r.objectives.len())
    } else if critical {
        "a critical mistake".into()
    } else if r.worst_downtime > r.budget {
        "downtime over the budget agreed with users".into()
    } else {
        format!("a score under {}", r.pass_mark)
    };
    let par = r.par.map(|par| format!("the best plan (par): {} steps, {} of downtime in all", par.steps, format_duration(par.downtime)));
    html! {
        <div class="dialog-backdrop">
            <div class="dialog debrief" role="dialog" aria-modal="true" aria-labelledby="debrief-title" tabindex="-1" ref={node} {onkeydown} data-testid="debrief" data-presenting={p.presenting.then_some("")}>
                <div class="titlebar" id="debrief-title">{ if p.ended { format!("Debrief: {}", r.title) } else { format!("Progress so far: {}", r.title) } }</div>
                <div class="debrief-body" tabindex="0" role="region" aria-label="Debrief details">
                    <div class={classes!("score", if r.passed { "pass" } else { "fail" })}>
                        <span class="num" data-testid="score">{ r.score }</span><span class="of">{ "/100" }</span>
                        <span class="verdict" data-testid="verdict">{ verdict }</span>
                        if !why.is_empty() { <span class="why">{ format!("({why})") }</span> }
                    </div>
                    <p class="help" data-testid="score-explained">{ r.score_explained() }</p>
                    if let Some(code) = p.result_code.clone() {
                        <p class="result-code">{ "Result code " }<strong data-testid="result-code">{ code }</strong>
                            { " — the transcript is the evidence: anyone can regrade it (clusterdrill grade) and get this code again." }</p>
                    }
                    if !p.ended {
                        <p class="help">{ "The session goes on: findings judged at the end (backups after, the log read, resources left down) may still be put right." }</p>
                    }
                    <p class="meta">{ format!("Seed {} · {} {} · {}: {} step{} (refused ones count), {} of downtime in all", r.seed, if p.ended { "ended at" } else { "now" }, SimTime(r.ended_at), if p.presenting { "the recording" } else { "yours" }, r.steps, if r.steps == 1 { "" } else { "s" }, format_duration(r.total_downtime)) }
                        { par.map(|t| format!(" · {t}")).unwrap_or_default() }
                        { match r.undos { 0 => String::new(), 1 => " · 1 undo".to_string(), n => format!(" · {n} undos") } }</p>
                    <h3>{ "Objectives" }</h3>
                    <ul class="objectives">
                        { for r.objectives.iter().map(|o| html! { <li class={classes!(o.met.then_some("met"))}>{ if o.met { "✔ " } else { "✘ " } }{ o.text.clone() }</li> }) }
                    </ul>
                    <h3>{ "Downtime" }</h3>
                    <table class="grid compact">
                        { super::widgets::header_row(&["Server", "Users without mail for", "Budget"]) }
                        <tbody>
                            { for r.downtime.iter().map(|d| html! {
                                <tr class={classes!((d.seconds > r.budget).then_some("over"))}>
                                    <td>{ d.server.clone() }</td><td class="num">{ format_duration(d.seconds) }</td><td class="num">{ format_duration(r.budget) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <p class="help">{ format!("{} user-minutes lost, {} of them noticed by users outside Cached Exchange Mode.", r.user_minutes, r.noticed_user_minutes) }</p>
                    if !r.faults.is_empty() {
                        <h3>{ format!("Injected by the instructor ({})", r.faults.len()) }</h3>
                        <p class="help">{ "What you had to cope with: not counted as your steps, and not graded as mistakes." }</p>
                        <ul class="faults" data-testid="faults">
                            { for r.faults.iter().map(|f| html! { <li>{ format!("{} · step {} · {}", SimTime(f.at), f.step, f.what) }</li> }) }
                        </ul>
                    }
                    <h3>{ format!("Findings ({})", r.findings.len()) }</h3>
                    if r.findings.is_empty() { <p data-testid="no-findings">{ "None: no mistake named in what was done." }</p> }
                    <ol class="findings" data-testid="findings">
                        { for r.findings.iter().map(|f| html! {
                            <li class={classes!("finding", f.severity.label())} data-finding={f.id}>
                                <div class="finding-head">
                                    <span class="severity">{ format!("{} −{}", f.severity.label(), f.points) }</span>
                                    <strong>{ f.title }</strong>
                                    if f.judged_at_end && !p.ended { <span class="provisional">{ "if you ended now" }</span> }
                                    <span class="when">{ format!("{} · {}", SimTime(f.at), f.when()) }</span>
                                </div>
                                if !f.detail.is_empty() { <p class="detail">{ f.detail.clone() }</p> }
                                <p>{ f.explanation }</p>
                                <p class="source">{ format!("Source: {}", f.source) }</p>
                            </li>
                        }) }
                    </ol>
                </div>
                <div class="dialog-buttons">
                    <button class="secondary" onclick={save}>{ "Download transcript" }</button>
                    if p.presenting {
                        <button class="primary" onclick={close} data-testid="back-to-recording">{ "Back to the recording" }</button>
                    } else if p.ended && p.lms {
                        <button class="primary" onclick={Callback::from(|_: MouseEvent| super::lms::leave())}>{ "Return to the LMS" }</button>
                    } else if p.ended {
                        if !p.exam {
                            <button class="secondary" onclick={p.on_msg.reform(|_: MouseEvent| Msg::Restart)}>{ "Try again (same seed)" }</button>
                        }
                        <button class="primary" onclick={p.on_msg.reform(|_: MouseEvent| Msg::BackToPicker)}>{ "Back to the scenarios" }</button>
                    } else {
                        <button class="primary" onclick={close}>{ "Carry on" }</button>
                    }
                </div>
            </div>
        </div>
    }
}
