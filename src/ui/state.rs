//! The yew side of the trainer's state: a `Reducible` over [`Trainer`] (state apart from the
//! components that draw it, as in yew's function_todomvc). The trainer is shared in place behind
//! an `Rc<RefCell>`, so that a click or a clock tick does not copy the simulation; `version`
//! tells components that something changed.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::Reducible;

pub use crate::trainer::{Msg, Screen};
use crate::trainer::{Session, Trainer};

#[derive(Clone)]
pub struct AppState {
    /// Bumped on every change, so that components compare states in O(1).
    version: u64,
    trainer: Rc<RefCell<Trainer>>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl AppState {
    pub fn new(trainer: Trainer) -> AppState {
        AppState { version: 0, trainer: Rc::new(RefCell::new(trainer)) }
    }

    pub fn trainer(&self) -> Ref<'_, Trainer> {
        self.trainer.borrow()
    }

    pub fn session(&self) -> Option<Ref<'_, Session>> {
        Ref::filter_map(self.trainer.borrow(), Trainer::session).ok()
    }
}

impl Reducible for AppState {
    type Action = Msg;

    /// Returns the same `Rc` when nothing changed: yew then renders nothing.
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let changed = self.trainer.borrow_mut().update(msg);
        if !changed {
            return self;
        }
        Rc::new(AppState { version: self.version + 1, trainer: self.trainer.clone() })
    }
}
