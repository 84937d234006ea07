//! The scenarios shipped with the trainer, compiled in from `scenarios/*.toml`.

use std::rc::Rc;

use super::Scenario;
use super::file::parse_builtin;

/// (file name, text) of every built-in scenario, in teaching order.
pub const FILES: &[(&str, &str)] = &[
    ("e2003-sp1-active-passive.toml", include_str!("../../../scenarios/e2003-sp1-active-passive.toml")),
    ("e2003-sp1-active-active.toml", include_str!("../../../scenarios/e2003-sp1-active-active.toml")),
    ("e2003-exsetdata-hotfix.toml", include_str!("../../../scenarios/e2003-exsetdata-hotfix.toml")),
    ("e2000-to-e2003.toml", include_str!("../../../scenarios/e2000-to-e2003.toml")),
    ("e2003-sp1-front-ends.toml", include_str!("../../../scenarios/e2003-sp1-front-ends.toml")),
    ("e55-move-users.toml", include_str!("../../../scenarios/e55-move-users.toml")),
    ("e55-disaster-recovery.toml", include_str!("../../../scenarios/e55-disaster-recovery.toml")),
];

/// Every built-in scenario. They are validated by the tests, so a failure here is a bug.
pub fn builtins() -> Vec<Rc<Scenario>> {
    FILES
        .iter()
        .map(|(name, text)| Rc::new(parse_builtin(name, text).unwrap_or_else(|e| panic!("built-in scenario: {e}"))))
        .collect()
}

/// A built-in scenario by id.
pub fn builtin(id: &str) -> Option<Rc<Scenario>> {
    FILES.iter().find(|(name, _)| name.trim_end_matches(".toml") == id).map(|(name, text)| {
        Rc::new(parse_builtin(name, text).unwrap_or_else(|e| panic!("built-in scenario: {e}")))
    })
}

/// Whether `id` is a built-in scenario's.
pub fn is_builtin(id: &str) -> bool {
    FILES.iter().any(|(name, _)| name.trim_end_matches(".toml") == id)
}
