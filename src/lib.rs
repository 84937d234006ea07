//! Cluster Drill: a flight simulator for Microsoft Exchange cluster maintenance.
//!
//! [`sim`] is the deterministic, sans-IO core: the cluster model, grading, the solver,
//! scenarios and transcripts. It reads no clock, draws no OS randomness and does no I/O: time
//! and the seed come in as arguments. The native build wraps it in the `clusterdrill` command
//! (`cli`); the wasm32 build wraps it in a yew front end (`ui`).

pub mod sim;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
