//! Cluster Administrator: the tree of the cluster's groups and nodes, the details list with
//! State and Owner columns, right-click (or keyboard) menus with the real verbs, and resource
//! Properties. It runs on one node's console: the same verb can behave differently from NODE1
//! and from NODE2, so the console is chosen here.

use yew::prelude::*;

use super::state::AppState;
use super::widgets::{Menu, MenuEntry, state_icon};
use crate::sim::action::{Action, ResRef, Verb};
use crate::sim::views::{self, MenuItem};
use crate::sim::world::{GroupId, MachineId, ResState, ResourceId, World};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub on_act: Callback<Action>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Selection {
    Cluster,
    Groups,
    Resources,
    Group(u8),
    Node(u8),
}

/// What a context menu is open on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Group(u8),
    Resource(u8, u8),
}

impl Target {
    /// The id of its row in the details list, to give focus back to when the menu closes.
    fn row_id(self) -> String {
        match self {
            Target::Group(g) => format!("row-g{g}"),
            Target::Resource(g, i) => format!("row-r{g}-{i}"),
        }
    }
}

/// An open context menu: on what, and whether it was opened from the tree (a group's item)
/// rather than from a row of the details list. It opens, and gives focus back, where it was asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
struct OpenMenu {
    target: Target,
    in_tree: bool,
}

impl OpenMenu {
    fn home_id(self) -> String {
        match (self.in_tree, self.target) {
            (true, Target::Group(g)) => tree_group_id(g),
            _ => self.target.row_id(),
        }
    }
}

fn tree_group_id(g: u8) -> String {
    format!("tree-g{g}")
}

#[component]
pub fn ClusterAdmin(p: &Props) -> Html {
    let selection = use_state(|| None::<Selection>);
    let menu = use_state(|| None::<OpenMenu>);
    let properties = use_state(|| None::<(u8, u8)>);
    // The console chosen, and at which step of a recording it was (None: live).
    let console_choice = use_state(|| None::<(Option<usize>, u8)>);
    // Presenting, each step shows the console it was taken on; a choice made at one step
    // holds at that step only.
    let presenting_at = p.state.trainer().presenter().map(|pr| pr.at());
    let Some(session) = p.state.session() else { return html! {} };
    let w = session.sim().world();

    let nodes: Vec<MachineId> = w.cluster_nodes().collect();
    if nodes.is_empty() {
        return html! {
            <div class="window cluadmin empty">
                <div class="titlebar">{ "Cluster Administrator" }</div>
                <p class="placeholder">{ "There is no cluster to connect to." }</p>
            </div>
        };
    }
    // The console Cluster Administrator runs on.
    let is_node = |c: &str| w.machine_named(c).is_some_and(|m| nodes.contains(&m));
    let followed = presenting_at.and_then(|_| session.last_console(is_node)).and_then(|c| w.machine_named(c));
    let chosen = console_choice.filter(|(at, _)| *at == presenting_at).map(|(_, c)| c);
    let console = chosen.filter(|c| nodes.iter().any(|n| n.0 == *c)).map(MachineId).or(followed).unwrap_or(nodes[0]);
    let console_slot = w.machine(console).slot.clone();
    let cluster = w.cluster_name.clone().unwrap_or_default();
    let default_sel = w.group_ids().find(|g| w.group(*g).server.is_some()).map_or(Selection::Groups, |g| Selection::Group(g.0));
    let hung = w.machine(console).cluadmin_hung;
    // The console it runs on is down: no Cluster Administrator there (the core says so).
    let down = views::console_down(w, console);
    if down.is_some() && (menu.is_some() || properties.is_some()) {
        // What was open in it closed with it (not to come back with the node).
        menu.set(None);
        properties.set(None);
    }
    let logged = w.machine(console).logged_on.map(|a| w.account(a).name.clone());
    // Upgrade sessions running in this Cluster Administrator: an hourglass each.
    let upgrades = views::cluadmin_sessions(w, console);
    let act = {
        let (on_act, slot) = (p.on_act.clone(), console_slot.clone());
        Callback::from(move |verb: Verb| on_act.emit(Action::new(slot.clone(), verb)))
    };
    let panes = Panes {
        w,
        sel: selection.unwrap_or(default_sel),
        open_menu: menu.map(|open| (open, context_menu(w, open, &menu, &properties, &act))),
        selection,
        menu,
    };
    let (headers, rows) = panes.details();

    let properties_html = properties.map(|(g, i)| {
        // Closing gives focus back to the resource's row.
        let row = Target::Resource(g, i).row_id();
        let close = { let (properties, row) = (properties.clone(), row.clone()); Callback::from(move |_: MouseEvent| { super::widgets::focus_id(&row); properties.set(None) }) };
        let close_key = { let properties = properties.clone(); Callback::from(move |_: ()| { super::widgets::focus_id(&row); properties.set(None) }) };
        html! { <Properties world_group={g} index={i} state={p.state.clone()} console={console_slot.clone()} on_act={p.on_act.clone()} {close} {close_key} /> }
    });

    let on_console = {
        let console_choice = console_choice.clone();
        let slots: Vec<(u8, String)> = nodes.iter().map(|n| (n.0, w.machine(*n).slot.clone())).collect();
        Callback::from(move |e: Event| {
            let v = super::widgets::event_value(&e);
            if let Some((id, _)) = slots.iter().find(|(_, s)| *s == v) {
                console_choice.set(Some((presenting_at, *id)));
            }
        })
    };
    let on_create = act.reform(|(group, network_name): (String, String)| Verb::CreateGroup { group, network_name });

    html! {
        <div class={classes!("window", "cluadmin", hung.then_some("hung"))} data-testid="cluadmin">
            <div class="titlebar">
                <span>{ format!("Cluster Administrator - [{cluster} ({console_slot})]") }</span>
                if !upgrades.is_empty() { <span class="not-responding">{ super::widgets::hourglass() }</span> }
            </div>
            <div class="toolbar">
                <label class="field inline">
                    <span title="The node whose console Cluster Administrator runs on">{ "Running on" }</span>
                    <select onchange={on_console} data-testid="cluadmin-console">
                        { for nodes.iter().map(|n| { let slot = w.machine(*n).slot.clone(); html! { <option selected={*n == console}>{ slot }</option> } }) }
                    </select>
                </label>
                <span class={classes!("who", logged.is_none().then_some("nobody"))}>
                    { logged.clone().map_or(format!("nobody logged on at {console_slot}"), |a| format!("as {a}")) }
                </span>
                if down.is_none() {
                    <NewGroupForm {on_create} />
                    <span class="help">{ "Right-click a row (or Enter, Shift+F10) for its menu." }</span>
                }
            </div>
            if let Some(state) = down {
                // The other node's console still has one.
                <p class="placeholder" data-testid="cluadmin-down">{ state }</p>
            } else {
            // Always there, empty when idle, so that nothing below jumps when work starts.
            <div class={classes!("status-line", upgrades.is_empty().then_some("idle"))} data-testid="cluadmin-busy">
                { for upgrades.iter().map(|label| html! {
                    <span class="busy">{ super::widgets::hourglass() }{ label.clone() }</span>
                }) }
                if upgrades.is_empty() { <span class="help">{ "Ready" }</span> }
            </div>
            <div class="panes">
                { panes.tree(&cluster, &nodes) }
                <div class="details">
                    <table class="grid fixed">
                        // Fixed widths: a longer state ("Partially Online") must not move the columns.
                        <colgroup><col class="c-name" /><col class="c-state" /><col class="c-owner" /><col class="c-type" /></colgroup>
                        <thead><tr>{ for headers.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            </div>
            { properties_html.unwrap_or_default() }
            }
        </div>
    }
}

/// The open context menu, with the core's items (greyed as the real tool greys them), and
/// Properties on a resource.
fn context_menu(
    w: &World,
    open: OpenMenu,
    menu: &UseStateHandle<Option<OpenMenu>>,
    properties: &UseStateHandle<Option<(u8, u8)>>,
    act: &Callback<Verb>,
) -> Html {
    let target = open.target;
    let items: Vec<MenuItem> = match target {
        Target::Group(g) => views::group_menu(w, GroupId(g)),
        Target::Resource(g, i) => views::resource_menu(w, GroupId(g), i as usize),
    };
    let mut entries: Vec<MenuEntry> = items.iter().map(|i| MenuEntry { label: i.label.to_string(), enabled: i.enabled }).collect();
    if matches!(target, Target::Resource(..)) {
        entries.push(MenuEntry { label: "Properties".into(), enabled: true });
    }
    let on_pick = {
        let (menu, properties, act) = (menu.clone(), properties.clone(), act.clone());
        Callback::from(move |k: usize| {
            super::widgets::focus_id(&open.home_id());
            menu.set(None);
            match items.get(k) {
                Some(item) => act.emit(item.verb.clone()),
                None => {
                    if let Target::Resource(g, i) = target {
                        properties.set(Some((g, i)));
                    }
                }
            }
        })
    };
    let on_close = {
        let menu = menu.clone();
        Callback::from(move |_| {
            super::widgets::focus_id(&open.home_id());
            menu.set(None)
        })
    };
    let label = match target {
        Target::Group(g) => w.group(GroupId(g)).name.clone(),
        Target::Resource(g, i) => w.resource_name(ResourceId { group: GroupId(g), index: i as usize }),
    };
    html! { <div class="menu-anchor"><Menu {entries} {on_pick} {on_close} label={format!("Actions for {label}")} /></div> }
}

/// The tree and the details list: what is selected, and the menu open on one of their items.
struct Panes<'a> {
    w: &'a World,
    selection: UseStateHandle<Option<Selection>>,
    menu: UseStateHandle<Option<OpenMenu>>,
    sel: Selection,
    open_menu: Option<(OpenMenu, Html)>,
}

impl Panes<'_> {
    /// The open menu, if it is on `target` and was opened from the tree (`in_tree`) or the list.
    fn menu_at(&self, target: Target, in_tree: bool) -> Option<Html> {
        self.open_menu.as_ref().filter(|(open, _)| open.target == target && open.in_tree == in_tree).map(|(_, h)| h.clone())
    }

    fn tree(&self, cluster: &str, nodes: &[MachineId]) -> Html {
        let w = self.w;
        let folder = || html! { <span class="icon folder" aria-hidden="true">{ "▤" }</span> };
        html! {
            <ul class="tree" role="tree" aria-label="Cluster">
                // The tree is shown whole, as the tool opens it: the items with children are expanded.
                { self.tree_item(cluster.to_string(), Selection::Cluster, html! { <span class="icon cluster" aria-hidden="true">{ "▣" }</span> }, 1, Some(true)) }
                { self.tree_item("Groups".into(), Selection::Groups, folder(), 2, Some(true)) }
                { for w.group_ids().map(|g| self.tree_item(w.group(g).name.clone(), Selection::Group(g.0), state_icon(w.group(g).state_label()), 3, None)) }
                { self.tree_item("Resources".into(), Selection::Resources, folder(), 2, None) }
                { for nodes.iter().map(|n| {
                    let m = w.machine(*n);
                    self.tree_item(m.slot.clone(), Selection::Node(n.0), state_icon(if m.cluster_available() { "Online" } else { "Failed" }), 2, None)
                }) }
            </ul>
        }
    }

    /// One item of the tree; `expanded` for one with children.
    fn tree_item(&self, label: String, this: Selection, icon: Html, depth: u8, expanded: Option<bool>) -> Html {
        let selected = self.sel == this;
        let onclick = { let selection = self.selection.clone(); Callback::from(move |_: MouseEvent| selection.set(Some(this))) };
        // A group's menu from the tree too, opened where it was asked for.
        let group = match this {
            Selection::Group(g) => Some(g),
            _ => None,
        };
        // A right-click selects the item, as in the real tool, and opens its menu there.
        let oncontextmenu = {
            let (menu, selection) = (self.menu.clone(), self.selection.clone());
            Callback::from(move |e: MouseEvent| {
                if let Some(g) = group {
                    e.prevent_default();
                    selection.set(Some(this));
                    menu.set(Some(OpenMenu { target: Target::Group(g), in_tree: true }));
                }
            })
        };
        let onkeydown = {
            let (selection, menu) = (self.selection.clone(), self.menu.clone());
            Callback::from(move |e: KeyboardEvent| {
                let key = e.key();
                if key == "Enter" || key == " " {
                    e.prevent_default();
                    selection.set(Some(this))
                } else if let (Some(g), true) = (group, key == "ContextMenu" || (key == "F10" && e.shift_key())) {
                    e.prevent_default();
                    menu.set(Some(OpenMenu { target: Target::Group(g), in_tree: true }));
                } else {
                    super::widgets::focus_sibling(&e);
                }
            })
        };
        let tree_menu = group.and_then(|g| self.menu_at(Target::Group(g), true));
        html! {
            <li role="treeitem" id={group.map(tree_group_id)} aria-selected={selected.to_string()} tabindex={if selected { "0" } else { "-1" }} aria-level={depth.to_string()}
                aria-expanded={expanded.map(|e| e.to_string())}
                class={classes!("tree-item", format!("depth-{depth}"), selected.then_some("selected"))} {onclick} {oncontextmenu} {onkeydown}
                aria-haspopup={group.map(|_| "menu")}>
                { icon }<span>{ label }</span>{ tree_menu.unwrap_or_default() }
            </li>
        }
    }

    /// The details list's headers and rows: groups, or resources.
    fn details(&self) -> (Vec<&'static str>, Vec<Html>) {
        let w = self.w;
        let listed_first = match self.sel {
            Selection::Node(n) => w.group_ids().find(|g| w.group(*g).owner.0 == n),
            _ => w.group_ids().next(),
        };
        let group_row = |g: GroupId| self.group_row(g, listed_first == Some(g));
        match self.sel {
            Selection::Cluster | Selection::Groups => (vec!["Name", "State", "Owner", ""], w.group_ids().map(group_row).collect()),
            Selection::Node(n) => (vec!["Name", "State", "Owner", ""], w.group_ids().filter(|g| w.group(*g).owner.0 == n).map(group_row).collect()),
            Selection::Resources => (
                vec!["Name", "State", "Owner", "Resource Type"],
                w.group_ids()
                    .flat_map(|g| (0..w.group(g).resources.len()).map(move |i| (g, i)))
                    .enumerate()
                    .map(|(k, (g, i))| self.resource_row(g, i, k == 0))
                    .collect(),
            ),
            Selection::Group(g) => {
                let g = GroupId(g);
                (vec!["Name", "State", "Owner", "Resource Type"], (0..w.group(g).resources.len()).map(|i| self.resource_row(g, i, i == 0)).collect())
            }
        }
    }

    /// `first`: the row that is the list's one Tab stop.
    fn group_row(&self, g: GroupId, first: bool) -> Html {
        let group = self.w.group(g);
        let state = group.state_label();
        let target = Target::Group(g.0);
        let cells = vec![group.name.clone(), state.to_string(), self.w.machine(group.owner).slot.clone(), String::new()];
        row_html(&self.menu, target, first, cells, state, self.menu_at(target, false))
    }

    fn resource_row(&self, g: GroupId, i: usize, first: bool) -> Html {
        let w = self.w;
        let group = w.group(g);
        let r = &group.resources[i];
        let target = Target::Resource(g.0, i as u8);
        let icon = match r.state {
            ResState::Online => "Online",
            ResState::Offline => "Offline",
            ResState::Failed => "Failed",
            _ => "Pending",
        };
        let cells = vec![w.resource_name(ResourceId { group: g, index: i }), r.state.label().to_string(), w.machine(group.owner).slot.clone(), r.kind.type_name().to_string()];
        row_html(&self.menu, target, first, cells, icon, self.menu_at(target, false))
    }
}

/// The pages of a resource's Properties, as Cluster Administrator showed them.
const PAGES: [&str; 4] = ["General", "Dependencies", "Advanced", "Registry Replication"];

#[derive(Properties, PartialEq)]
struct NewGroupProps {
    /// (group, network name).
    on_create: Callback<(String, String)>,
}

/// "New group…": a group with IP Address, Network Name and Physical Disk.
#[component]
fn NewGroupForm(p: &NewGroupProps) -> Html {
    let new_group = use_state(|| None::<(String, String)>);
    // Focus follows the form: into its first field when it opens, back to "New group…" when
    // it closes (never to the page's body).
    let was_open = use_mut_ref(|| false);
    {
        let was_open = was_open.clone();
        use_effect_with(new_group.is_some(), move |open| {
            let before = std::mem::replace(&mut *was_open.borrow_mut(), *open);
            if *open {
                super::widgets::focus_selector(".new-group input");
            } else if before {
                super::widgets::focus_id("new-group-open");
            }
        });
    }
    let Some((name, net)) = (*new_group).clone() else {
        let open = { let ng = new_group.clone(); Callback::from(move |_: MouseEvent| ng.set(Some((String::new(), String::new())))) };
        return html! { <button class="secondary small" id="new-group-open" onclick={open}>{ "New group…" }</button> };
    };
    let set_name = { let ng = new_group.clone(); let net = net.clone(); Callback::from(move |v: String| ng.set(Some((v, net.clone())))) };
    let set_net = { let ng = new_group.clone(); let name = name.clone(); Callback::from(move |v: String| ng.set(Some((name.clone(), v)))) };
    // Enter in a field creates, as the Create button does.
    let create = {
        let (ng, on_create, name, net) = (new_group.clone(), p.on_create.clone(), name.clone(), net.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_create.emit((name.clone(), net.clone()));
            ng.set(None);
        })
    };
    let cancel = { let ng = new_group.clone(); Callback::from(move |_: MouseEvent| ng.set(None)) };
    // Escape cancels, as it closes the menus and dialogs.
    let onkeydown = { let ng = new_group.clone(); Callback::from(move |e: KeyboardEvent| if e.key() == "Escape" { ng.set(None) }) };
    html! {
        <form class="inline-form new-group" onsubmit={create} {onkeydown} aria-label="New group">
            { super::widgets::required_text_field("Group", name, set_name, "w8") }
            { super::widgets::required_text_field("Network Name", net, set_net, "w8") }
            <button type="submit" class="primary small">{ "Create" }</button>
            <button type="button" class="secondary small" onclick={cancel}>{ "Cancel" }</button>
        </form>
    }
}

/// A details row that opens its menu on right-click, Enter, Shift+F10 or the menu key.
/// Only the first row is a Tab stop: the arrow keys move between rows (a grid's roving focus),
/// so that Tab crosses the list in one press.
fn row_html(menu: &UseStateHandle<Option<OpenMenu>>, target: Target, first: bool, cells: Vec<String>, icon_state: &str, open_menu: Option<Html>) -> Html {
    let opened = Some(OpenMenu { target, in_tree: false });
    let open = { let menu = menu.clone(); Callback::from(move |e: MouseEvent| { e.prevent_default(); menu.set(opened) }) };
    let onkeydown = {
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" || key == "ContextMenu" || (key == "F10" && e.shift_key()) {
                e.prevent_default();
                menu.set(opened);
            } else {
                super::widgets::focus_sibling(&e);
            }
        })
    };
    let state = cells[1].clone();
    let test_id = match target {
        Target::Group(_) => format!("group-{}", cells[0]),
        Target::Resource(..) => format!("resource-{}", cells[0]),
    };
    html! {
        <tr id={target.row_id()} tabindex={if first { "0" } else { "-1" }} class={classes!("row", format!("state-{}", state.to_lowercase().replace(' ', "-")))} oncontextmenu={open.clone()} ondblclick={open} {onkeydown}
            data-testid={test_id} aria-haspopup="menu">
            <td class="name">{ state_icon(icon_state) }{ cells[0].clone() }{ open_menu.unwrap_or_default() }</td>
            <td class="state" data-testid="state">{ state }</td>
            <td>{ cells[2].clone() }</td>
            <td title={cells[3].clone()}>{ cells[3].clone() }</td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct PropertiesProps {
    world_group: u8,
    index: u8,
    state: UseReducerHandle<AppState>,
    console: String,
    on_act: Callback<Action>,
    close: Callback<MouseEvent>,
    close_key: Callback<()>,
}

/// A resource's Properties: General, Dependencies, Advanced, Registry Replication.
#[component]
fn Properties(p: &PropertiesProps) -> Html {
    let new_key = use_state(String::new);
    // Its pages, as the real dialog had them (seed 001, step 15: "select the Registry
    // Replication tab").
    let page = use_state(|| 0usize);
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let Some(session) = p.state.session() else { return html! {} };
    let w = session.sim().world();
    let g = GroupId(p.world_group);
    let Some(r) = w.group(g).resources.get(p.index as usize) else { return html! {} };
    let props = views::resource_properties(w, ResourceId { group: g, index: p.index as usize });
    let name = props.name.clone();
    let res_ref = ResRef { group: props.group.clone(), kind: r.kind };
    let remove = |key: String| {
        let (on_act, console, res_ref) = (p.on_act.clone(), p.console.clone(), res_ref.clone());
        Callback::from(move |_: MouseEvent| on_act.emit(Action::new(console.clone(), Verb::RemoveCheckpoint { resource: res_ref.clone(), key: key.clone() })))
    };
    let add = {
        let (on_act, console, res_ref, new_key) = (p.on_act.clone(), p.console.clone(), res_ref.clone(), new_key.clone());
        Callback::from(move |_: MouseEvent| {
            if !new_key.trim().is_empty() {
                on_act.emit(Action::new(console.clone(), Verb::AddCheckpoint { resource: res_ref.clone(), key: new_key.trim().to_string() }));
                new_key.set(String::new());
            }
        })
    };
    let set_key = { let new_key = new_key.clone(); Callback::from(move |v: String| new_key.set(v)) };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog properties" role="dialog" aria-modal="true" aria-label={format!("{name} Properties")} tabindex="-1" ref={node.clone()}
                onkeydown={{ let (close, node) = (p.close_key.clone(), node.clone()); Callback::from(move |e: KeyboardEvent| {
                    super::widgets::trap_tab(&e, &node);
                    if e.key() == "Escape" { close.emit(()) }
                }) }}>
                <div class="titlebar">{ format!("{name} Properties") }</div>
                { super::widgets::tabs("Properties", "props", &PAGES.map(String::from), *page, { let page = page.clone(); Callback::from(move |i| page.set(i)) }) }
                { super::widgets::tab_panel("props", 0, *page, html! {
                    <dl>
                        <dt>{ "Resource type" }</dt><dd>{ props.type_name }</dd>
                        <dt>{ "Group" }</dt><dd>{ props.group.clone() }</dd>
                        <dt>{ "State" }</dt><dd>{ props.state }</dd>
                        <dt>{ "Possible owners" }</dt><dd>{ props.possible_owners.join(", ") }</dd>
                    </dl>
                }) }
                { super::widgets::tab_panel("props", 1, *page, html! {
                    if props.dependencies.is_empty() { <p>{ "None" }</p> } else { <ul>{ for props.dependencies.iter().map(|d| html! { <li>{ d.clone() }</li> }) }</ul> }
                }) }
                { super::widgets::tab_panel("props", 2, *page, html! {
                    <dl>
                        <dt>{ "Restart" }</dt><dd>{ props.restart.clone() }</dd>
                        <dt>{ "Pending timeout" }</dt><dd>{ format!("{} seconds", props.pending_timeout) }</dd>
                    </dl>
                }) }
                { super::widgets::tab_panel("props", 3, *page, html! {
                    <>
                        <ul class="checkpoints" data-testid="checkpoints">
                            { for props.checkpoints.iter().map(|key| html! {
                                <li><code>{ key.clone() }</code>
                                    <button class="secondary small" onclick={remove(key.clone())}>{ "Remove" }</button></li>
                            }) }
                            if props.checkpoints.is_empty() { <li class="help">{ "No registry checkpoints." }</li> }
                        </ul>
                        <div class="inline-form">
                            { super::widgets::text_field("Root registry key", (*new_key).clone(), set_key, "w24") }
                            <button class="secondary small" onclick={add}>{ "Add…" }</button>
                        </div>
                    </>
                }) }
                <div class="dialog-buttons"><button class="primary" onclick={p.close.clone()}>{ "OK" }</button></div>
            </div>
        </div>
    }
}
