//! A machine's console: who is logged on, what runs (with progress, or the hourglass), and the
//! tools an administrator has there: installers, restarts, NT Backup, Event Viewer, Windows and
//! Cluster Server Setup, Exchange Setup, Performance Optimizer, Task Manager, rights.

use yew::prelude::*;

use super::state::AppState;
use super::widgets::{choice, choice_named, text_field};
use crate::sim::action::{Action, AfterRestore, Verb};
use crate::sim::catalog::Package;
use crate::sim::views;
use crate::sim::world::MachineId;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub machine: u8,
    pub on_act: Callback<Action>,
}

/// The form fields of a console, kept while the learner switches tabs.
#[derive(Clone, Default, PartialEq)]
struct Fields {
    account: String,
    package: String,
    backup_server: String,
    restore_server: String,
    dont_start: bool,
    grant_account: String,
    admin_group: String,
    remove_server: String,
}

/// A button's click: `verb` at this console.
fn acting(on_act: &Callback<Action>, slot: &str) -> impl Fn(Verb) -> Callback<MouseEvent> {
    let (on_act, slot) = (on_act.clone(), slot.to_string());
    move |verb: Verb| {
        let (on_act, slot) = (on_act.clone(), slot.clone());
        Callback::from(move |_: MouseEvent| on_act.emit(Action::new(slot.clone(), verb.clone())))
    }
}

/// A field's change: `f` writes the new value into the form's state.
fn setter<F: Clone + 'static>(fields: &UseStateHandle<F>, f: fn(&mut F, String)) -> Callback<String> {
    let fields = fields.clone();
    Callback::from(move |v: String| {
        let mut next = (*fields).clone();
        f(&mut next, v);
        fields.set(next);
    })
}

/// The chosen value, if it is still offered; else the first option.
fn pick(value: &str, options: &[String]) -> String {
    if options.iter().any(|o| o == value) { value.to_string() } else { options.first().cloned().unwrap_or_default() }
}

#[component]
pub fn Console(p: &Props) -> Html {
    let fields = use_state(Fields::default);
    let Some(session) = p.state.session() else { return html! {} };
    let sim = session.sim();
    let w = sim.world();
    let m = MachineId(p.machine);
    let machine = w.machine(m);
    let slot = machine.slot.clone();
    let act = acting(&p.on_act, &slot);
    let set = |f: fn(&mut Fields, String)| setter(&fields, f);

    let accounts: Vec<String> = w.accounts.iter().map(|a| a.name.clone()).collect();
    let account = pick(&fields.account, &accounts);
    let packages: Vec<String> = views::packages_for(w, m).iter().map(|p| p.id().to_string()).collect();
    let package = pick(&fields.package, &packages);
    let servers: Vec<String> = w.servers.iter().filter(|s| !s.front_end).map(|s| s.name.clone()).collect();
    let backup_server = pick(&fields.backup_server, &servers);
    let restore_server = pick(&fields.restore_server, &servers);
    let remove_server = pick(&fields.remove_server, &servers);
    let grant_account = pick(&fields.grant_account, &accounts);
    let admin_group = pick(&fields.admin_group, &w.org.admin_groups);

    let tools = views::console_tools(w, sim.scenario(), m);
    let logged = machine.logged_on.map(|a| w.account(a).name.clone());
    let ops: Vec<views::OpView> = views::ops(sim).into_iter().filter(|o| o.machine == m).collect();
    let toggle_dont_start = {
        let fields = fields.clone();
        Callback::from(move |_: Event| {
            let mut next = (*fields).clone();
            next.dont_start = !next.dont_start;
            fields.set(next);
        })
    };
    let services = if fields.dont_start { AfterRestore::DoNotStartServices } else { AfterRestore::StartServices };

    html! {
        <div class="window console" data-testid={format!("console-{slot}")}>
            <div class="titlebar">
                <span>{ format!("{slot} ({})", machine.computer_name) }</span>
                <span class="logged">{ logged.clone().map_or("nobody logged on".to_string(), |a| format!("logged on as {a}")) }</span>
            </div>
            <p class="status">{ views::machine_status(w, m) }</p>
            { operations(&ops) }
            <div class="console-tools">
                <fieldset>
                    <legend>{ "Logon" }</legend>
                    { choice("Account", accounts.clone(), account.clone(), set(|f, v| f.account = v)) }
                    <button onclick={act(Verb::Logon { account: account.clone() })} data-testid="logon"
                        disabled={logged.as_deref() == Some(account.as_str())}>{ "Log on" }</button>
                    <button class="secondary" onclick={act(Verb::Logoff)}>{ "Log off" }</button>
                </fieldset>
                <fieldset>
                    <legend>{ "Setup and updates" }</legend>
                    // The products by name; the value is the script's word for each.
                    { choice_named("Package", packages.iter().map(|p| (p.clone(), Package::from_id(p).map_or(p.clone(), |k| k.name().to_string()))).collect(), package.clone(), set(|f, v| f.package = v)) }
                    <button onclick={act(Verb::Install { package: Package::from_id(&package).unwrap_or(Package::Hotfix831464) })}
                        disabled={packages.is_empty()} data-testid="install">{ "Install" }</button>
                </fieldset>
                <fieldset>
                    <legend>{ "Windows" }</legend>
                    <button class="caution" onclick={act(Verb::Reboot)} data-testid="reboot">{ "Restart" }</button>
                    <button class="caution" onclick={act(Verb::Shutdown)}>{ "Shut down" }</button>
                    <button class="secondary" onclick={act(Verb::PowerOn)}>{ "Power on" }</button>
                    <button class="secondary" onclick={act(Verb::ReadLog)} data-testid="read-log">{ "Event Viewer: read the Application log" }</button>
                </fieldset>
                <fieldset>
                    <legend>{ "Windows NT Backup" }</legend>
                    <button onclick={act(Verb::BackupFiles)}>{ "Back up files" }</button>
                    if tools.system_state_backup {
                        <button onclick={act(Verb::BackupSystemState)}>{ "Back up system state" }</button>
                        <button onclick={act(Verb::BackupFilesAndSystemState)}>{ "Back up files and system state" }</button>
                    }
                    { choice("Exchange server", servers.clone(), backup_server.clone(), set(|f, v| f.backup_server = v)) }
                    <button onclick={act(Verb::BackupExchange { server: backup_server.clone() })} disabled={servers.is_empty()}>
                        { "Back up Exchange databases" }
                    </button>
                </fieldset>
                <fieldset>
                    <legend>{ "Restore" }</legend>
                    { choice("Exchange server", servers.clone(), restore_server.clone(), set(|f, v| f.restore_server = v)) }
                    <label class="check"><input type="checkbox" checked={fields.dont_start} onchange={toggle_dont_start} />
                        { "Do not start services after restore" }</label>
                    <button class="caution" onclick={act(Verb::Restore { server: restore_server.clone(), services })} disabled={servers.is_empty()}>
                        { "Restore the information store and directory" }
                    </button>
                </fieldset>
                <fieldset>
                    <legend>{ "Rights" }</legend>
                    { choice("Account", accounts.clone(), grant_account.clone(), set(|f, v| f.grant_account = v)) }
                    <button class="secondary" onclick={act(Verb::AddLocalAdmin { account: grant_account.clone() })}>{ "Add to local Administrators" }</button>
                    if tools.delegate_full_admin {
                        { choice("Administrative group", w.org.admin_groups.clone(), admin_group.clone(), set(|f, v| f.admin_group = v)) }
                        <button class="secondary" onclick={act(Verb::DelegateFullAdmin { account: grant_account.clone(), admin_group: admin_group.clone() })}>
                            { "Delegate Exchange Full Administrator" }
                        </button>
                    }
                </fieldset>
                if tools.migration_setup {
                    <MigrationSetup state={p.state.clone()} machine={p.machine} on_act={p.on_act.clone()} />
                }
                if tools.server_manager {
                    <fieldset>
                        <legend>{ "Windows NT Server Manager" }</legend>
                        { choice("Server", servers.clone(), remove_server.clone(), set(|f, v| f.remove_server = v)) }
                        <button class="danger" onclick={act(Verb::RemoveServer { server: remove_server.clone() })}>{ "Remove from the site and the domain" }</button>
                    </fieldset>
                }
                { task_manager(views::task_manager(w, m), act(Verb::EndTask)) }
            </div>
        </div>
    }
}

/// Task Manager: its applications and whether they respond, its processes and their CPU use,
/// and End task.
fn task_manager(view: Option<views::TaskManagerView>, end_task: Callback<MouseEvent>) -> Html {
    let Some(v) = view else { return html! {} };
    // A window the learner opens to look, as an administrator would.
    html! {
        <details class="taskmgr" data-testid="task-manager">
            <summary>{ "Task Manager" }</summary>
            <table class="grid compact">
                { super::widgets::header_row(&["Application", "Status"]) }
                <tbody>
                    { for v.applications.iter().map(|(task, status)| html! { <tr><td>{ *task }</td><td>{ *status }</td></tr> }) }
                    if v.applications.is_empty() { <tr><td colspan="2" class="help">{ "(none)" }</td></tr> }
                </tbody>
            </table>
            <button class="secondary" onclick={end_task}>{ "End task" }</button>
            <table class="grid compact processes">
                { super::widgets::header_row(&["Image Name", "CPU"]) }
                <tbody>
                    { for v.processes.iter().map(|p| html! { <tr><td>{ p.image }</td><td class="num">{ format!("{:02}", p.cpu) }</td></tr> }) }
                </tbody>
            </table>
        </details>
    }
}

/// What runs on the machine: a progress bar, or the hourglass and nothing more.
fn operations(ops: &[views::OpView]) -> Html {
    html! {
        <div class="ops" aria-live="polite">
            { for ops.iter().map(|o| match o.percent {
                Some(pct) => html! {
                    <div class="op">
                        <span>{ o.label.clone() }</span>
                        <progress max="100" value={pct.to_string()} aria-label={o.label.clone()} />
                        <span class="eta">{ format!("since {}", o.started) }</span>
                    </div>
                },
                None => html! {
                    <div class="op hourglass-op" data-testid="hourglass">
                        { super::widgets::hourglass() }
                        <span>{ o.label.clone() }</span>
                        <span class="eta">{ format!("since {}", o.started) }</span>
                    </div>
                },
            }) }
        </div>
    }
}

/// The migration's setup fields, kept while the learner switches tabs.
#[derive(Clone, Default, PartialEq)]
struct SetupFields {
    computer_name: String,
    cluster: String,
    service_account: String,
    org: String,
    site: String,
    setup_group: String,
    setup_mode: String,
}

/// The CDs a migration brings: Windows NT Server Setup, Cluster Server Setup, Exchange 5.5's
/// cluster Setup (Install, Recover, Update Node) and Performance Optimizer.
#[component]
fn MigrationSetup(p: &Props) -> Html {
    let fields = use_state(SetupFields::default);
    let Some(session) = p.state.session() else { return html! {} };
    let w = session.sim().world();
    let act = acting(&p.on_act, &w.machine(MachineId(p.machine)).slot);
    let set = |f: fn(&mut SetupFields, String)| setter(&fields, f);
    let accounts: Vec<String> = w.accounts.iter().map(|a| a.name.clone()).collect();
    let groups = views::setup_groups(w);
    let setup_group = pick(&fields.setup_group, &groups);
    let modes: Vec<String> = ["Install", "Recover (setup /r)", "Update Node"].map(String::from).to_vec();
    let setup_mode = pick(&fields.setup_mode, &modes);
    let service_account = pick(&fields.service_account, &accounts);
    let setup_verb = match setup_mode.as_str() {
        "Update Node" => Verb::UpdateNode,
        mode => {
            let (org, site, account, group) = (fields.org.clone(), fields.site.clone(), service_account.clone(), setup_group.clone());
            if mode == "Install" { Verb::SetupInstall { org, site, account, group } } else { Verb::SetupRecover { org, site, account, group } }
        }
    };
    html! {
        <>
            <fieldset>
                <legend>{ "Windows NT Server Setup (from CD)" }</legend>
                { text_field("New computer name", fields.computer_name.clone(), set(|f, v| f.computer_name = v), "w10") }
                <button onclick={act(Verb::InstallWindows { computer_name: fields.computer_name.clone() })}>{ "Clean install" }</button>
            </fieldset>
            <fieldset>
                <legend>{ "Microsoft Cluster Server Setup" }</legend>
                { text_field("Cluster name", fields.cluster.clone(), set(|f, v| f.cluster = v), "w10") }
                { choice("Service account", accounts.clone(), service_account.clone(), set(|f, v| f.service_account = v)) }
                <button onclick={act(Verb::InstallMscs { cluster: fields.cluster.clone(), account: service_account.clone() })}>{ "Install" }</button>
            </fieldset>
            <fieldset>
                <legend>{ "Exchange Server 5.5 Setup (cluster)" }</legend>
                { choice("Mode", modes.clone(), setup_mode.clone(), set(|f, v| f.setup_mode = v)) }
                if setup_mode != "Update Node" {
                    { text_field("Organization", fields.org.clone(), set(|f, v| f.org = v), "w10") }
                    { text_field("Site", fields.site.clone(), set(|f, v| f.site = v), "w8") }
                    { choice("Service account", accounts.clone(), service_account.clone(), set(|f, v| f.service_account = v)) }
                    { choice("Resource group", groups.clone(), setup_group.clone(), set(|f, v| f.setup_group = v)) }
                }
                <button onclick={act(setup_verb)}>{ "Run Setup" }</button>
                <button class="secondary" onclick={act(Verb::PerformanceOptimizer)}>{ "Performance Optimizer" }</button>
            </fieldset>
        </>
    }
}
