//! Cluster Drill: a flight simulator for Microsoft Exchange cluster maintenance.
//!
//! [`sim`] is the deterministic, sans-IO core: the cluster model, grading, the solver,
//! scenarios and transcripts. It reads no clock, draws no OS randomness and does no I/O: time
//! and the seed come in as arguments. [`trainer`] is the trainer's session and state over it,
//! as platform-neutral as the core (real milliseconds come in as arguments too). The native
//! build wraps the core in the `clusterdrill` command (`cli`); the wasm32 build wraps the
//! trainer in a yew front end (`ui`).

pub mod sim;
pub mod trainer;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
