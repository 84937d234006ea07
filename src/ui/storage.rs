//! What the trainer keeps in the browser: the session in progress (as a transcript) and the
//! scenario files an instructor loaded. Unreadable saved data is set aside, never destroyed.

use crate::sim::transcript::Transcript;

const SESSION: &str = "clusterdrill.session";
const UNREADABLE: &str = "clusterdrill.session.unreadable";
const SCENARIO_PREFIX: &str = "clusterdrill.scenario.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved session, or a message saying why it could not be read (it is then kept aside
/// under another key, so nothing is lost).
pub fn load_session() -> Result<Option<Transcript>, String> {
    let Some(st) = storage() else { return Ok(None) };
    let Ok(Some(text)) = st.get_item(SESSION) else { return Ok(None) };
    match Transcript::parse(&text) {
        Ok(t) => Ok(Some(t)),
        Err(e) => {
            let _ = st.set_item(UNREADABLE, &text);
            let _ = st.remove_item(SESSION);
            Err(format!("The session saved in this browser could not be read ({e}); it was kept aside as `{UNREADABLE}`."))
        }
    }
}

pub fn save_session(t: &Transcript) {
    if let Some(st) = storage() {
        let _ = st.set_item(SESSION, &t.to_text());
    }
}

pub fn clear_session() {
    if let Some(st) = storage() {
        let _ = st.remove_item(SESSION);
    }
}

/// Scenario files loaded earlier: (file name, text).
pub fn load_scenarios() -> Vec<(String, String)> {
    let Some(st) = storage() else { return Vec::new() };
    let n = st.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| st.key(i).ok().flatten())
        .filter(|k| k.starts_with(SCENARIO_PREFIX))
        .filter_map(|k| st.get_item(&k).ok().flatten().map(|text| (k[SCENARIO_PREFIX.len()..].to_string(), text)))
        .collect()
}

pub fn save_scenario(id: &str, text: &str) {
    if let Some(st) = storage() {
        let _ = st.set_item(&format!("{SCENARIO_PREFIX}{id}"), text);
    }
}

pub fn remove_scenario(id: &str) {
    if let Some(st) = storage() {
        let _ = st.remove_item(&format!("{SCENARIO_PREFIX}{id}"));
    }
}
