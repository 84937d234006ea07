//! What a front end kept between visits (the session in progress, the scenario files an
//! instructor loaded), read back and checked before the trainer uses it. What no longer loads
//! or resumes (damaged, cut short, from an older version, for a scenario that is gone) is set
//! aside with the reason, for the learner to download or remove: never silently dropped, never
//! a blank page.

use std::rc::Rc;

use super::session::Session;
use crate::sim::scenario::{Scenario, builtin, is_builtin, parse_scenario};
use crate::sim::exam::Exam;
use crate::sim::transcript::{Mode, Transcript};

/// Where a set-aside item was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kept {
    /// As the session in progress.
    Session,
    /// As the scenario file of this id.
    Scenario(String),
    /// As the exam file of the exam in progress.
    Exam,
    /// Set aside on an earlier visit.
    Aside,
}

/// A piece of saved data that could not be used, kept as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub kept: Kept,
    /// What it was, for the learner: "The saved session", "The scenario file sales.toml".
    pub what: String,
    /// The name to download it under.
    pub file_name: String,
    pub text: String,
    /// Why it could not be used.
    pub why: String,
}

/// Saved data, checked: what the trainer can use, and what was set aside.
#[derive(Debug, Default)]
pub struct Stored {
    pub saved: Option<Transcript>,
    pub custom: Vec<Rc<Scenario>>,
    pub set_aside: Vec<SetAside>,
}

/// Checks what a front end kept: `session`, the text of the session in progress, `exam`, the
/// exam file an exam in progress goes on under, and `scenarios`, (id, text) of each scenario
/// file loaded earlier.
pub fn check(session: Option<&str>, exam: Option<&str>, scenarios: &[(String, String)]) -> Stored {
    let mut stored = Stored::default();
    for (id, text) in scenarios {
        let file_name = format!("{id}.toml");
        match parse_scenario(&file_name, text) {
            // A copy of a built-in kept by an older version: it is the built-in, nothing to keep.
            Ok(s) if is_builtin(&s.id) => {}
            Ok(s) if s.id == *id => stored.custom.push(Rc::new(s)),
            Ok(s) => stored.set_aside.push(SetAside {
                kept: Kept::Scenario(id.clone()),
                what: format!("The scenario file {file_name}"),
                file_name,
                text: text.clone(),
                why: format!("it was kept as `{id}` but its id is `{}`", s.id),
            }),
            Err(e) => stored.set_aside.push(SetAside {
                kept: Kept::Scenario(id.clone()),
                what: format!("The scenario file {file_name}"),
                file_name,
                text: text.clone(),
                why: e.to_string(),
            }),
        }
    }
    let Some(text) = session else { return stored };
    let set_aside = |why: String| SetAside { kept: Kept::Session, what: "The saved session".into(), file_name: "saved-session.transcript".into(), text: text.to_string(), why };
    let transcript = match Transcript::parse(text) {
        Ok(t) => t,
        Err(e) => {
            stored.set_aside.push(set_aside(format!("it cannot be read ({e})")));
            return stored;
        }
    };
    // Only the scenario the session is of is read again: this runs at every page load.
    let scenario = builtin(&transcript.scenario).or_else(|| stored.custom.iter().find(|s| s.id == transcript.scenario).cloned());
    // An exam's session goes on only under its exam: the two stand or fall together.
    if transcript.meta.mode == Mode::Exam {
        let Some(exam_text) = exam else {
            stored.set_aside.push(set_aside("it is an exam's, and its exam file is not kept in this browser".into()));
            return stored;
        };
        let exam_aside = |why: &str| SetAside { kept: Kept::Exam, what: "The exam file of the saved exam".into(), file_name: "saved.exam".into(), text: exam_text.to_string(), why: why.to_string() };
        let resumed = Exam::parse(exam_text).map_err(|e| format!("its exam file cannot be read ({e})")).and_then(|exam| {
            let (scenario, _) = exam.scenario_with(|id| scenario.clone().filter(|s| s.id == id))?;
            Session::resume_exam(&scenario, &transcript, exam, None).map_err(|e| format!("it cannot be resumed: {e}"))
        });
        match resumed {
            Ok(_) => stored.saved = Some(transcript),
            Err(why) => {
                stored.set_aside.push(exam_aside(&why));
                stored.set_aside.push(set_aside(why));
            }
        }
        return stored;
    }
    match scenario {
        None => stored.set_aside.push(set_aside(format!("it is a session of scenario `{}`, which this browser does not have", transcript.scenario))),
        Some(s) => match Session::resume(&s, &transcript) {
            Ok(_) => stored.saved = Some(transcript),
            Err(e) => stored.set_aside.push(set_aside(format!("it cannot be resumed: {e}"))),
        },
    }
    stored
}
