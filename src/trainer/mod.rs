//! The trainer, apart from any screen: a session (the simulation, its steps, the clock driven
//! by real milliseconds handed in, hint, par, debrief, end, restart, rewind, resume) and the
//! trainer around it (the picker's choices, the saved session, notices), changed by messages.
//! It compiles natively and in wasm and knows nothing of the DOM, so every front end (the yew
//! app today; a presenter view, an exam shell) is a thin adapter over it, and its behaviour is
//! tested natively.

mod app;
mod clock;
mod exam;
pub mod lms;
mod presenter;
mod session;
mod stored;

pub use app::{Keep, Msg, Screen, Trainer};
pub use clock::{Clock, SPEEDS};
pub use exam::{ExamRun, ExamTick, WARN_MS};
pub use presenter::{Judgement, Presenter, STEP_INTERVALS, judge};
pub use session::{Hint, Idle, Session, Step, Tick};
pub use stored::{Kept, SetAside, Stored, check as check_stored};
