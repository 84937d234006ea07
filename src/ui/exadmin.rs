//! The Exchange 5.5 Administrator program: the organization's sites and servers, where the
//! mailboxes and public folders live, replication, and who has logged on since a move; with
//! Move User, public folder home servers, system folder replicas and server removal.

use yew::prelude::*;

use super::state::AppState;
use super::widgets::Choice;
use crate::sim::action::{Action, Verb};
use crate::sim::catalog::Generation;
use crate::sim::world::{Host, OpKind};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_act: Callback<Action>,
}

#[component]
pub fn ExchangeAdmin(p: &Props) -> Html {
    let console = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let Some(session) = p.state.session() else { return html! {} };
    let w = session.sim().world();
    // The Administrator program runs on any machine with Exchange 5.x.
    // Machines that are running first: the default is one that can act.
    let mut consoles: Vec<&crate::sim::world::Machine> =
        w.machines.iter().filter(|m| m.exchange.is_some_and(|b| b.generation() == Generation::Ex5x)).collect();
    consoles.sort_by_key(|m| !m.is_up());
    let consoles: Vec<String> = consoles.into_iter().map(|m| m.slot.clone()).collect();
    let servers: Vec<String> = w.servers.iter().filter(|s| !s.removed).map(|s| s.name.clone()).collect();
    let pick = |v: &str, opts: &[String], k: usize| if opts.iter().any(|o| o == v) { v.to_string() } else { opts.get(k.min(opts.len().saturating_sub(1))).cloned().unwrap_or_default() };
    let console_v = pick(&console, &consoles, 0);
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
    let replicating = |kind: fn(&OpKind) -> bool| w.ops.iter().any(|o| kind(&o.kind));
    let home = w.org.folders_home.map(|s| w.server(s).name.clone());
    let replicas: Vec<String> = w.server_ids().filter(|s| w.org.system_folder_replicas & (1 << s.0) != 0).map(|s| w.server(s).name.clone()).collect();
    html! {
        <div class="window exadmin" data-testid="exadmin">
            <div class="titlebar">{ format!("Microsoft Exchange Administrator - {}", w.org.name) }</div>
            if consoles.is_empty() {
                <p class="placeholder">{ "The Administrator program needs a machine running Exchange Server 5.5." }</p>
            }
            <div class="details">
                <table class="grid">
                    <thead><tr>
                        <th scope="col">{ "Server" }</th><th scope="col">{ "Site" }</th><th scope="col">{ "Runs on" }</th>
                        <th scope="col">{ "Mailboxes" }</th><th scope="col">{ "Status" }</th><th scope="col">{ "Directory" }</th>
                    </tr></thead>
                    <tbody>
                        { for w.server_ids().map(|s| {
                            let server = w.server(s);
                            let host = match server.host {
                                Host::Machine(m) => w.machine(m).slot.clone(),
                                Host::Group(g) => format!("cluster group {}", w.group(g).name),
                                Host::Nowhere => "nowhere".into(),
                            };
                            let status = if server.removed { "removed" } else if w.reachable(s) { "running" } else { "not reachable" };
                            html! {
                                <tr>
                                    <td>{ server.name.clone() }{ if server.first_in_site { " (first in site)" } else { "" } }</td>
                                    <td>{ w.org.sites.get(server.site as usize).cloned().unwrap_or_default() }</td>
                                    <td>{ host }</td>
                                    <td class="num">{ server.mailboxes }</td>
                                    <td>{ status }</td>
                                    <td>{ if server.replicated { "replicated" } else { "replicating…" } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <dl class="facts">
                    <dt>{ "Public folders' home" }</dt>
                    <dd>{ if w.org.folders_lost { "lost (their home server was removed)".to_string() } else { home.unwrap_or_else(|| "none".into()) } }
                        { if replicating(|k| matches!(k, OpKind::PublicFolderReplication { .. })) { " — replicating…" } else { "" } }</dd>
                    <dt>{ "System folders (Eforms Registry, Schedule+ Free & Busy, OAB)" }</dt>
                    <dd>{ if replicas.is_empty() { "no replicas".to_string() } else { replicas.join(", ") } }
                        { if replicating(|k| matches!(k, OpKind::SystemFolderReplication { .. })) { " — replicating…" } else { "" } }</dd>
                    { for w.moves.iter().map(|mv| html! {
                        <>
                            <dt>{ format!("Users moved from {} to {}", w.server(mv.from).name, w.server(mv.to).name) }</dt>
                            <dd data-testid="logons">{ format!("{} of {} have logged on since (their profiles now point to {})", mv.updated, mv.logons.len(), w.server(mv.to).name) }</dd>
                        </>
                    }) }
                </dl>
            </div>
            <div class="console-tools">
                <fieldset>
                    <legend>{ "Run from" }</legend>
                    <Choice label="Machine" options={consoles.clone()} value={console_v.clone()} on_change={setter(&console)} />
                </fieldset>
                <fieldset>
                    <legend>{ "Servers" }</legend>
                    <Choice label="From" options={servers.clone()} value={from_v.clone()} on_change={setter(&from)} />
                    <Choice label="To" options={servers.clone()} value={to_v.clone()} on_change={setter(&to)} />
                    <button onclick={act(Verb::MoveUsers { from: from_v.clone(), to: to_v.clone() })}>{ "Tools ▸ Move User (every mailbox)" }</button>
                    <button onclick={act(Verb::RehomeFolders { from: from_v.clone(), to: to_v.clone() })}>{ "Change public folders' home server" }</button>
                    <button onclick={act(Verb::ReplicateSystemFolders { to: to_v.clone() })}>{ "Replicate system folders to “To”" }</button>
                    <button class="danger" onclick={act(Verb::RemoveServer { server: from_v.clone() })}>{ "Remove “From” from the site" }</button>
                </fieldset>
            </div>
        </div>
    }
}
