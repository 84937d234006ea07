//! What the trainer keeps in the browser: the session in progress (as a transcript) and the
//! scenario files an instructor loaded. Saved data that no longer loads is moved aside (under
//! `clusterdrill.set-aside.`, with why) and listed on the picker to download or remove: never
//! destroyed, and never in the way of the page.

use crate::trainer::{Kept, SetAside, Stored, check_stored};
use crate::sim::transcript::Transcript;

const SESSION: &str = "clusterdrill.session";
/// The learner's name, as last given in the picker.
const LEARNER: &str = "clusterdrill.learner";
/// The definition of the exam last started, to resume an attempt in progress.
const EXAM: &str = "clusterdrill.exam";
const SCENARIO_PREFIX: &str = "clusterdrill.scenario.";
/// `clusterdrill.set-aside.FILE-NAME` holds the text, `clusterdrill.set-aside-why.FILE-NAME`
/// what it was and why it was set aside, on two lines.
const ASIDE: &str = "clusterdrill.set-aside.";
const ASIDE_WHY: &str = "clusterdrill.set-aside-why.";
/// Where versions before the set-aside list kept an unreadable session.
const OLD_UNREADABLE: &str = "clusterdrill.session.unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn keys(st: &web_sys::Storage, prefix: &str) -> Vec<String> {
    let n = st.length().unwrap_or(0);
    (0..n).filter_map(|i| st.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}

/// Everything kept, checked: what the trainer can use, and what is set aside (moved aside now,
/// or on an earlier visit).
pub fn load() -> Stored {
    let Some(st) = storage() else { return Stored::default() };
    migrate_old_unreadable(&st);
    let session = st.get_item(SESSION).ok().flatten();
    let scenarios: Vec<(String, String)> = keys(&st, SCENARIO_PREFIX)
        .into_iter()
        .filter_map(|k| st.get_item(&k).ok().flatten().map(|text| (k[SCENARIO_PREFIX.len()..].to_string(), text)))
        .collect();
    let exam = st.get_item(EXAM).ok().flatten();
    let mut stored = check_stored(session.as_deref(), exam.as_deref(), &scenarios);
    // Move what was just found wanting out of the way; only once its copy is written is the
    // original removed, so that a full storage loses nothing.
    for item in &mut stored.set_aside {
        let original = match &item.kept {
            Kept::Session => SESSION.to_string(),
            Kept::Scenario(id) => format!("{SCENARIO_PREFIX}{id}"),
            Kept::Exam => EXAM.to_string(),
            Kept::Aside => continue,
        };
        item.file_name = free_name(&st, &item.file_name);
        let written = st.set_item(&format!("{ASIDE}{}", item.file_name), &item.text).is_ok()
            && st.set_item(&format!("{ASIDE_WHY}{}", item.file_name), &format!("{}\n{}", item.what, item.why)).is_ok();
        if written {
            let _ = st.remove_item(&original);
        } else if item.kept == Kept::Session {
            item.why.push_str("; it could not be moved aside (the browser's storage is full), so download it now: the next session saved here replaces it");
        }
    }
    // And what earlier visits set aside.
    for key in keys(&st, ASIDE) {
        let file_name = key[ASIDE.len()..].to_string();
        if stored.set_aside.iter().any(|a| a.file_name == file_name) {
            continue;
        }
        let Some(text) = st.get_item(&key).ok().flatten() else { continue };
        let why = st.get_item(&format!("{ASIDE_WHY}{file_name}")).ok().flatten().unwrap_or_default();
        let (what, why) = why.split_once('\n').map_or(("Saved data".to_string(), why.clone()), |(a, b)| (a.to_string(), b.to_string()));
        stored.set_aside.push(SetAside { kept: Kept::Aside, what, file_name, text, why });
    }
    stored
}

/// A session an earlier version set aside under its one key joins the list.
fn migrate_old_unreadable(st: &web_sys::Storage) {
    let Some(text) = st.get_item(OLD_UNREADABLE).ok().flatten() else { return };
    let name = free_name(st, "saved-session.transcript");
    let written = st.set_item(&format!("{ASIDE}{name}"), &text).is_ok()
        && st.set_item(&format!("{ASIDE_WHY}{name}"), "The saved session\nan earlier version of the trainer could not read it").is_ok();
    if written {
        let _ = st.remove_item(OLD_UNREADABLE);
    }
}

/// A file name not yet used for a set-aside item: `saved-session.transcript`, then
/// `saved-session-2.transcript`...
fn free_name(st: &web_sys::Storage, name: &str) -> String {
    let taken = |n: &str| st.get_item(&format!("{ASIDE}{n}")).ok().flatten().is_some();
    if !taken(name) {
        return name.to_string();
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..).map(|i| format!("{stem}-{i}.{ext}")).find(|n| !taken(n)).unwrap_or_else(|| name.to_string())
}

/// Removes a set-aside item for good (the learner chose to).
pub fn forget_set_aside(file_name: &str) {
    if let Some(st) = storage() {
        let _ = st.remove_item(&format!("{ASIDE}{file_name}"));
        let _ = st.remove_item(&format!("{ASIDE_WHY}{file_name}"));
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

pub fn save_scenario(id: &str, text: &str) {
    if let Some(st) = storage() {
        let _ = st.set_item(&format!("{SCENARIO_PREFIX}{id}"), text);
    }
}

/// The file of a scenario an instructor loaded, as kept.
pub fn scenario_text(id: &str) -> Option<String> {
    storage()?.get_item(&format!("{SCENARIO_PREFIX}{id}")).ok().flatten()
}

pub fn remove_scenario(id: &str) {
    if let Some(st) = storage() {
        let _ = st.remove_item(&format!("{SCENARIO_PREFIX}{id}"));
    }
}

pub fn learner() -> Option<String> {
    storage()?.get_item(LEARNER).ok().flatten().filter(|n| !n.is_empty())
}

pub fn save_learner(name: &str) {
    if let Some(st) = storage() {
        let _ = if name.is_empty() { st.remove_item(LEARNER) } else { st.set_item(LEARNER, name) };
    }
}

pub fn exam() -> Option<String> {
    storage()?.get_item(EXAM).ok().flatten()
}

pub fn save_exam(text: &str) {
    if let Some(st) = storage() {
        let _ = st.set_item(EXAM, text);
    }
}
