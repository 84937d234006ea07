//! Small pieces the screens share: choice lists, text fields, state icons, a context menu.

use yew::prelude::*;



/// The value of the element an event came from (select or input).
pub fn event_value(e: &Event) -> String {
    let target = e.target();
    if let Some(input) = target.as_ref().and_then(|t| wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlInputElement>(t)) {
        return input.value();
    }
    if let Some(select) = target.as_ref().and_then(|t| wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlSelectElement>(t)) {
        return select.value();
    }
    String::new()
}

// Plain functions, not components: they hold no state, and each component costs its own copy
// of yew's generic lifecycle code in the wasm (issue 13's size budget).

/// A row of tabs (WAI-ARIA tabs: the arrows, Home and End move between them, the selected one
/// alone is in the tab order). `id` names them: tab `i` is `{id}-{i}`, and its panel says so
/// with `aria-labelledby` ([`tab_panel`]).
pub fn tabs(label: &'static str, id: &'static str, names: &[String], selected: usize, on_select: Callback<usize>) -> Html {
    let n = names.len();
    let onkeydown = {
        let on_select = on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => (selected + 1) % n,
                "ArrowLeft" => (selected + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(next);
            focus_id(&format!("{id}-{next}"));
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label={label} {onkeydown}>
            { for names.iter().enumerate().map(|(i, name)| {
                let is = i == selected;
                html! {
                    <button role="tab" id={format!("{id}-{i}")} aria-controls={format!("{id}-panel-{i}")} aria-selected={is.to_string()} tabindex={if is { "0" } else { "-1" }}
                        class={classes!("tab", is.then_some("selected"))} onclick={on_select.reform(move |_: MouseEvent| i)}>
                        { name.clone() }
                    </button>
                }
            }) }
        </div>
    }
}

/// The panel of tab `i` of [`tabs`] named `id`; hidden unless selected.
pub fn tab_panel(id: &'static str, i: usize, selected: usize, content: Html) -> Html {
    html! { <div class="tabpanel" role="tabpanel" id={format!("{id}-panel-{i}")} aria-labelledby={format!("{id}-{i}")} hidden={i != selected}>{ content }</div> }
}

/// A table's header row of column names, each a column header (`scope="col"`) for screen
/// readers, the same for every table.
pub fn header_row(columns: &[&'static str]) -> Html {
    html! { <thead><tr>{ for columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr></thead> }
}

/// A labelled drop-down list.
pub fn choice(label: &'static str, options: Vec<String>, value: String, on_change: Callback<String>) -> Html {
    choice_named(label, options.into_iter().map(|o| (o.clone(), o)).collect(), value, on_change)
}

/// A labelled drop-down list whose options show names other than their values.
pub fn choice_named(label: &'static str, options: Vec<(String, String)>, value: String, on_change: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| on_change.emit(event_value(&e)));
    html! {
        <label class="field">
            <span>{ label }</span>
            <select {onchange} disabled={options.is_empty()}>
                if options.is_empty() {
                    // An empty list would look broken: say there is nothing to choose.
                    <option value="" selected=true>{ "(none)" }</option>
                }
                { for options.iter().map(|(o, name)| html! { <option value={o.clone()} selected={*o == value}>{ name.clone() }</option> }) }
            </select>
        </label>
    }
}

/// A labelled one-line text field.
pub fn text_field(label: &'static str, value: String, on_change: Callback<String>, width: &'static str) -> Html {
    text_input(label, value, on_change, width, false)
}

/// A labelled one-line text field that a form cannot be sent without (the browser says so, at
/// the field).
pub fn required_text_field(label: &'static str, value: String, on_change: Callback<String>, width: &'static str) -> Html {
    text_input(label, value, on_change, width, true)
}

fn text_input(label: &'static str, value: String, on_change: Callback<String>, width: &'static str, required: bool) -> Html {
    let oninput = Callback::from(move |e: InputEvent| on_change.emit(event_value(&e)));
    html! {
        <label class={classes!("field", width)}>
            <span>{ label }</span>
            <input type="text" {value} {oninput} {required} spellcheck="false" autocomplete="off" />
        </label>
    }
}

/// The state icon Cluster Administrator draws beside a resource or group: nothing over the
/// icon when online, a down arrow when offline, a red X when failed, a clock when pending.
pub fn state_icon(state: &str) -> Html {
    let (class, glyph) = match state {
        "Online" => ("icon online", "●"),
        "Offline" => ("icon offline", "▼"),
        "Failed" => ("icon failed", "✖"),
        "Partially Online" => ("icon partial", "◐"),
        _ => ("icon pending", "◷"),
    };
    html! { <span class={class} aria-hidden="true">{ glyph }</span> }
}


#[derive(Clone, PartialEq)]
pub struct MenuEntry {
    pub label: String,
    pub enabled: bool,
}

#[derive(Properties, PartialEq)]
pub struct MenuProps {
    pub entries: Vec<MenuEntry>,
    /// Called with the chosen entry's index.
    pub on_pick: Callback<usize>,
    pub on_close: Callback<()>,
    pub label: AttrValue,
}

/// A context menu: arrow keys move, Enter picks, Escape closes; greyed entries cannot be picked.
#[component]
pub fn Menu(p: &MenuProps) -> Html {
    let first = p.entries.iter().position(|e| e.enabled).unwrap_or(0);
    let active = use_state(|| first);
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let onkeydown = {
        let (active, entries, on_pick, on_close) = (active.clone(), p.entries.clone(), p.on_pick.clone(), p.on_close.clone());
        Callback::from(move |e: KeyboardEvent| {
            let n = entries.len();
            if n == 0 {
                return;
            }
            // The menu sits inside the row that opened it: keep its keys from reaching the row.
            e.stop_propagation();
            // Arrows skip greyed items, as Windows menus do.
            let step = |from: usize, forward: bool| {
                (1..=n).map(|k| if forward { (from + k) % n } else { (from + n - k) % n }).find(|i| entries[*i].enabled).unwrap_or(from)
            };
            match e.key().as_str() {
                "ArrowDown" => {
                    e.prevent_default();
                    active.set(step(*active, true));
                }
                "ArrowUp" => {
                    e.prevent_default();
                    active.set(step(*active, false));
                }
                "Home" => {
                    e.prevent_default();
                    active.set(step(n - 1, true));
                }
                "End" => {
                    e.prevent_default();
                    active.set(step(0, false));
                }
                "Enter" | " " => {
                    e.prevent_default();
                    if entries[*active].enabled {
                        on_pick.emit(*active);
                    }
                }
                "Escape" | "Tab" => {
                    e.prevent_default();
                    on_close.emit(());
                }
                _ => {}
            }
        })
    };
    let onblur = {
        let (on_close, node) = (p.on_close.clone(), node.clone());
        Callback::from(move |e: FocusEvent| {
            // Close when focus leaves the menu, not when it moves between its items. (The menu
            // by its ref: yew delegates events, so `current_target` is not the menu.)
            let inside = e
                .related_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                .zip(node.cast::<web_sys::Node>())
                .is_some_and(|(to, menu)| menu.contains(Some(&to)));
            if !inside {
                on_close.emit(());
            }
        })
    };
    html! {
        <ul class="menu" role="menu" aria-label={p.label.clone()} tabindex="-1" ref={node} {onkeydown} {onblur}>
            { for p.entries.iter().enumerate().map(|(i, entry)| {
                let pick = p.on_pick.clone();
                let enabled = entry.enabled;
                let onclick = Callback::from(move |e: MouseEvent| { e.stop_propagation(); if enabled { pick.emit(i) } });
                let onmouseenter = { let active = active.clone(); Callback::from(move |_: MouseEvent| active.set(i)) };
                html! {
                    <li role="menuitem" aria-disabled={(!enabled).to_string()}
                        class={classes!("menu-item", (i == *active).then_some("active"), (!enabled).then_some("disabled"))}
                        {onclick} {onmouseenter}>
                        { entry.label.clone() }
                    </li>
                }
            }) }
        </ul>
    }
}

/// An hourglass, drawn rather than taken from a font (not every font has one).
pub fn hourglass() -> Html {
    html! {
        <svg class="hourglass" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label="Busy (hourglass)">
            <path d="M3 1h10v2c0 2.2-1.6 3.9-3.4 5 1.8 1.1 3.4 2.8 3.4 5v2H3v-2c0-2.2 1.6-3.9 3.4-5C4.6 6.9 3 5.2 3 3z" fill="none" stroke="currentColor" stroke-width="1.4" />
            <path d="M5.5 13.5c.6-1.4 1.6-2.2 2.5-2.6.9.4 1.9 1.2 2.5 2.6z" fill="currentColor" />
        </svg>
    }
}

/// Moves keyboard focus among sibling elements (rows of a list or table, items of a tree):
/// Up and Down to the previous and next, Home and End to the first and last. The element is the
/// event's target, the focused row: yew delegates events, so `current_target` is not the row.
pub fn focus_sibling(e: &KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let next = match e.key().as_str() {
        "ArrowDown" => el.next_element_sibling(),
        "ArrowUp" => el.previous_element_sibling(),
        "Home" => el.parent_element().and_then(|p| p.first_element_child()),
        "End" => el.parent_element().and_then(|p| p.last_element_child()),
        _ => return false,
    };
    if let Some(n) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        e.prevent_default();
        let _ = n.focus();
        return true;
    }
    false
}

/// Keeps Tab and Shift+Tab inside a modal dialog: from the last control Tab goes to the first,
/// from the first (or the dialog itself) Shift+Tab goes to the last, as a modal window does.
pub fn trap_tab(e: &KeyboardEvent, dialog: &NodeRef) {
    use wasm_bindgen::JsCast;
    if e.key() != "Tab" {
        return;
    }
    let Some(dialog) = dialog.cast::<web_sys::Element>() else { return };
    let Ok(list) = dialog.query_selector_all("button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea, [tabindex='0']") else { return };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let is = |el: &web_sys::Element| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
    let target = if e.shift_key() { (is(first) || is(&dialog)).then_some(last) } else { is(last).then_some(first) };
    if let Some(t) = target {
        e.prevent_default();
        let _ = t.focus();
    }
}

/// Gives keyboard focus to the first element that matches a CSS selector, if any.
pub fn focus_selector(selector: &str) {
    use wasm_bindgen::JsCast;
    let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Gives keyboard focus to the element with this id, if there is one.
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
