//! The deterministic core. Nothing here reads a clock, draws OS randomness or touches I/O.

pub mod action;
pub mod catalog;
pub mod chance;
pub mod engine;
pub mod exam;
pub mod findings;
pub mod fingerprint;
pub mod grading;
mod invariants;
pub mod limits;
pub mod link;
mod monitor;
mod faults;
mod ops;
pub mod reel;
pub mod roster;
pub mod rules;
pub mod scenario;
pub mod script;
pub mod solver;
pub mod time;
pub mod transcript;
mod verbs;
mod weight;
pub mod views;
pub mod world;

pub use action::{Action, ResRef, Target, Verb};
pub use engine::{ActionError, Finding, Level, LogEntry, LogName, Notice, Outcome, Sim};
pub use grading::{Par, Report};
pub use time::SimTime;

/// A number with its noun, singular or plural as the number wants ("1 state", "2 states").
pub fn counted(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}
