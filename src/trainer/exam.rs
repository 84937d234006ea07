//! An exam around a session: the definition it runs under, and the real time it has taken
//! (handed in by the front end, in milliseconds, as the session's clock is), with the warning
//! five minutes before the end and the extensions the definition allows (WCAG 2.2.1).

use crate::sim::exam::Exam;

/// Real milliseconds before the end at which the learner is warned.
pub const WARN_MS: u64 = 5 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExamRun {
    exam: Exam,
    /// Real milliseconds used so far, across reloads.
    used_ms: u64,
    /// The front end's time at the last tick (`None` after a reload: the time the page was
    /// away is counted by the resume instead, from the exam's start in real time).
    last_tick: Option<u64>,
    extensions_taken: u32,
    warned: bool,
}

/// What a tick did to the exam.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExamTick {
    Nothing,
    /// Five minutes or less are left: say so, once.
    Warn,
    /// The time is up: the session ends and is graded as it stands.
    OutOfTime,
}

impl ExamRun {
    /// An exam, with the time already used (a resumed attempt) and the extensions taken.
    pub fn new(exam: Exam, used_secs: u32, extensions_taken: u32) -> ExamRun {
        let mut run = ExamRun { exam, used_ms: u64::from(used_secs) * 1000, last_tick: None, extensions_taken, warned: false };
        run.warned = run.remaining_ms().is_some_and(|r| r <= WARN_MS);
        run
    }
    pub fn exam(&self) -> &Exam {
        &self.exam
    }
    pub fn used_secs(&self) -> u32 {
        (self.used_ms / 1000) as u32
    }
    pub fn extensions_taken(&self) -> u32 {
        self.extensions_taken
    }
    /// The time limit with the extensions taken, in milliseconds, if the exam has one.
    pub fn limit_ms(&self) -> Option<u64> {
        let extra = self.exam.extension.map_or(0, |(secs, _)| u64::from(secs) * u64::from(self.extensions_taken));
        self.exam.time_limit.map(|t| (u64::from(t) + extra) * 1000)
    }
    pub fn remaining_ms(&self) -> Option<u64> {
        self.limit_ms().map(|l| l.saturating_sub(self.used_ms))
    }
    /// Whether another extension may be taken now (before the time is up).
    pub fn can_extend(&self) -> bool {
        self.exam.extension.is_some_and(|(_, n)| self.extensions_taken < n) && self.remaining_ms().is_some_and(|r| r > 0)
    }

    pub fn tick(&mut self, now_ms: u64) -> ExamTick {
        if let Some(last) = self.last_tick {
            self.used_ms += now_ms.saturating_sub(last);
        }
        // The exam ends at its limit: time past it (a tab the browser let sleep) was not used,
        // and a regrade checks the time used against the limit.
        if let Some(limit) = self.limit_ms() {
            self.used_ms = self.used_ms.min(limit);
        }
        self.last_tick = Some(now_ms);
        match self.remaining_ms() {
            Some(0) => ExamTick::OutOfTime,
            Some(r) if r <= WARN_MS && !self.warned => {
                self.warned = true;
                ExamTick::Warn
            }
            _ => ExamTick::Nothing,
        }
    }

    /// Takes an extension; the warning may come again before the new end.
    pub fn extend(&mut self) -> Result<(), String> {
        if !self.can_extend() {
            return Err("No more time can be added to this exam.".into());
        }
        self.extensions_taken += 1;
        self.warned = self.remaining_ms().is_some_and(|r| r <= WARN_MS);
        Ok(())
    }
}
