//! The Exchange 5.5 Administrator program: the organization's sites and servers, where the
//! mailboxes and public folders live, replication, and who has logged on since a move; with
//! Move User, public folder home servers and system folder replicas. (A server is removed from
//! the site in Windows NT Server Manager, on a console: `console.rs`.)

use yew::prelude::*;

use super::state::AppState;
use super::widgets::choice;
use crate::sim::action::{Action, Verb};
use crate::sim::views;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_act: Callback<Action>,
}

#[component]
pub fn ExchangeAdmin(p: &Props) -> Html {
    // The console chosen, and at which step of a recording (None: live). Presenting, each step
    // shows the console it was taken on, as Cluster Administrator does.
    let console = use_state(|| (None::<usize>, String::new()));
    let from = use_state(String::new);
    let to = use_state(String::new);
    let presenting_at = p.state.trainer().presenter().map(|pr| pr.at());
    let Some(session) = p.state.session() else { return html! {} };
    let v = views::exchange_admin(session.sim().world());
    let pick = |v: &str, opts: &[String], k: usize| if opts.iter().any(|o| o == v) { v.to_string() } else { opts.get(k.min(opts.len().saturating_sub(1))).cloned().unwrap_or_default() };
    let (consoles, servers) = (v.consoles.clone(), v.server_names.clone());
    let followed = presenting_at.and_then(|_| session.last_console(|c| consoles.iter().any(|k| k == c))).map(str::to_string);
    let chosen = (console.0 == presenting_at).then(|| console.1.clone()).filter(|c| !c.is_empty());
    let console_v = pick(&chosen.or(followed).unwrap_or_default(), &consoles, 0);
    let from_v = pick(&from, &servers, 0);
    let to_v = pick(&to, &servers, servers.len().saturating_sub(1));
    let setter = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |v: String| h.set(v))
    };
    let act = |verb: Verb| {
        let (on_act, console) = (p.on_act.clone(), console_v.clone());
        Callback::from(move |_: MouseEvent| on_act.emit(Action::new(console.clone(), verb.clone())))
    };
    let replicating = |on: bool| if on { " — replicating…" } else { "" };
    html! {
        <div class="window exadmin" data-testid="exadmin">
            <div class="titlebar">{ format!("Microsoft Exchange Administrator - {}", v.org) }</div>
            if consoles.is_empty() {
                <p class="placeholder">{ "The Administrator program needs a machine running Exchange Server 5.5." }</p>
            }
            <div class="details">
                <table class="grid">
                    { super::widgets::header_row(&["Server", "Site", "Runs on", "Mailboxes", "Status", "Directory"]) }
                    <tbody>
                        { for v.servers.iter().map(|s| html! {
                            <tr>
                                <td>{ s.name.clone() }</td>
                                <td>{ s.site.clone() }</td>
                                <td>{ s.runs_on.clone() }</td>
                                <td class="num">{ s.mailboxes }</td>
                                <td>{ s.status }</td>
                                <td>{ s.directory }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <dl class="facts">
                    <dt>{ "Public folders' home" }</dt>
                    <dd>{ v.folders_home.clone() }{ replicating(v.folders_replicating) }</dd>
                    <dt>{ "System folders (Eforms Registry, Schedule+ Free & Busy, OAB)" }</dt>
                    <dd>{ if v.system_folder_replicas.is_empty() { "no replicas".to_string() } else { v.system_folder_replicas.join(", ") } }
                        { replicating(v.system_folders_replicating) }</dd>
                    { for v.moves.iter().map(|(what, logons)| html! {
                        <>
                            <dt>{ what.clone() }</dt>
                            <dd data-testid="logons">{ logons.clone() }</dd>
                        </>
                    }) }
                </dl>
            </div>
            <div class="console-tools">
                <fieldset>
                    <legend>{ "Run from" }</legend>
                    { choice("Machine", consoles.clone(), console_v.clone(), { let c = console.clone(); Callback::from(move |v: String| c.set((presenting_at, v))) }) }
                </fieldset>
                <fieldset>
                    <legend>{ "Servers" }</legend>
                    { choice("From", servers.clone(), from_v.clone(), setter(&from)) }
                    { choice("To", servers.clone(), to_v.clone(), setter(&to)) }
                    <button onclick={act(Verb::MoveUsers { from: from_v.clone(), to: to_v.clone() })}>{ "Tools ▸ Move User (every mailbox)" }</button>
                    <button onclick={act(Verb::RehomeFolders { from: from_v.clone(), to: to_v.clone() })}>{ "Change public folders' home server" }</button>
                    <button onclick={act(Verb::ReplicateSystemFolders { to: to_v.clone() })}>{ "Replicate system folders to “To”" }</button>
                </fieldset>
            </div>
        </div>
    }
}
