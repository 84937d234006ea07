//! A session launched by a learning management system (an LMS): what the launch gave, and what
//! goes back to the LMS. The standards' own mechanics (SCORM 1.2's API object, cmi5's xAPI
//! calls) are the front end's (`static/lms.js`); here is what they carry, decided once for both
//! and tested natively: which exam, whose attempt, resumed from what, and the result to record.

use crate::sim::grading::Report;
use crate::sim::link;
use crate::sim::transcript::{Mode, Transcript, result_code};

/// SCORM 1.2 keeps at most this many characters of `cmi.suspend_data`.
pub const SUSPEND_CHARS: usize = 4096;

impl Standard {
    /// The most a standard keeps of an attempt to resume: SCORM's suspend data, or (cmi5, a
    /// state document of the AU's) a shared link's length.
    pub fn suspend_limit(self) -> usize {
        match self {
            Standard::Scorm12 => SUSPEND_CHARS,
            Standard::Cmi5 => crate::sim::limits::LINK_CHARS,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standard {
    Scorm12,
    Cmi5,
}

impl Standard {
    pub fn name(self) -> &'static str {
        match self {
            Standard::Scorm12 => "SCORM 1.2",
            Standard::Cmi5 => "cmi5",
        }
    }
}

/// How the LMS launched the attempt: `Normal` records a result; `Browse` and `Review` (cmi5's
/// launch modes, SCORM's `cmi.core.lesson_mode`) record none, so they are practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaunchMode {
    Normal,
    Browse,
    Review,
}

impl LaunchMode {
    /// cmi5's `Normal`, `Browse`, `Review`, SCORM's `normal`, `browse`, `review`.
    pub fn parse(word: &str) -> Option<LaunchMode> {
        match word.to_ascii_lowercase().as_str() {
            "normal" | "" => Some(LaunchMode::Normal),
            "browse" => Some(LaunchMode::Browse),
            "review" => Some(LaunchMode::Review),
            _ => None,
        }
    }
}

/// What a launch gave, as the front end read it from the LMS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    pub standard: Standard,
    pub mode: LaunchMode,
    /// The LMS's id for the learner (SCORM `cmi.core.student_id`, cmi5 the actor's account name
    /// or mbox).
    pub learner_id: String,
    /// The learner's name as the LMS has it (SCORM `cmi.core.student_name`, cmi5 the actor's).
    pub learner_name: String,
    /// The exam definition (SCORM `cmi.launch_data`, cmi5 `launchParameters`, or the file they
    /// name in the package).
    pub exam: Option<String>,
    /// What the last sitting of this attempt left to resume from (SCORM `cmi.suspend_data`,
    /// cmi5 the AU's own state document), as [`suspend_data`] wrote it.
    pub resume: Option<String>,
    /// The LMS's mastery score as it gave it (SCORM 0 to 100, cmi5 0 to 1): the pass mark, when
    /// given (cmi5 9.3.4: passed and failed "MUST be based on the masteryScore").
    pub mastery_score: Option<String>,
    /// What went wrong with the launch, in the front end's words (no API object, a missing
    /// launch parameter...): the trainer then says so and runs as practice.
    pub problem: Option<String>,
    /// A number the front end drew, which picks a fresh attempt's seed from the exam's list.
    pub draw: u64,
    /// The front end is connected to the LMS (even if the launch has a problem): the learner
    /// can go back to it from here.
    pub live: bool,
}

/// The result to record, once the attempt has ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// 0 to 100.
    pub score: u32,
    pub passed: bool,
    /// Whether the score agrees with the verdict against the mastery score, and so may be sent
    /// with it: an exam fails for a critical finding or a blown window whatever its score, and
    /// both standards take a score at or over the mastery score as a pass (SCORM 1.2 LMSs may
    /// set the status from it; cmi5 9.3.5: a failed statement's score "MUST be less than the
    /// masteryScore"). The transcript, sent either way, carries the score.
    pub score_agrees: bool,
    pub pass_mark: u32,
    /// Real seconds the attempt took, over all its sittings.
    pub duration_secs: u32,
    pub result_code: String,
    /// The evidence: the transcript, which `clusterdrill grade` recomputes.
    pub transcript: String,
    /// The transcript packed as [`suspend_data`] packs it, if it fits (SCORM keeps it there).
    pub packed: Option<String>,
}

/// What the LMS should hold now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// Nothing to record (practice, or no attempt yet).
    Nothing,
    /// The attempt goes on: what to resume it from (`None`: it has grown past what SCORM's
    /// suspend data can hold, so the LMS keeps the last that fitted).
    Progress(Option<String>),
    /// The attempt has ended.
    Done(Outcome),
}

/// The transcript of an attempt in progress, packed for the LMS to keep (deflated, URL-safe
/// base64, as a shared link is), if it fits what the standard keeps.
pub fn suspend_data(t: &Transcript, standard: Standard) -> Option<String> {
    let shared = link::Shared { recording: t.to_text(), scenario: None, at: None };
    let packed = link::encode(&shared);
    let packed = packed.strip_prefix(link::KEY).unwrap_or(&packed).to_string();
    (packed.len() <= standard.suspend_limit()).then_some(packed)
}

/// The transcript [`suspend_data`] packed.
pub fn resume_from(data: &str, standard: Standard) -> Result<Transcript, String> {
    if data.len() > standard.suspend_limit() {
        return Err(format!("the LMS's suspend data is over {} characters", standard.suspend_limit()));
    }
    let shared = link::decode(data).map_err(|e| e.replace("the link", "the LMS's suspend data"))?;
    Transcript::parse(&shared.recording).map_err(|e| format!("the LMS's suspend data: {e}"))
}

/// A transcript as a learner or an LMS hands it in: the text, or packed as an LMS keeps it
/// (SCORM's suspend data, cmi5's state: packed as a shared link is). The CLI's `grade` and the
/// browser's roster read them alike.
pub fn read_handed_in(text: &str) -> Result<Transcript, String> {
    let packed = text.trim();
    let looks_packed = packed.len() >= 64 && packed.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if looks_packed {
        return resume_from(packed, Standard::Cmi5);
    }
    if text.len() > crate::sim::limits::TRANSCRIPT_BYTES {
        return Err(format!("the file is larger than {} KiB, the most that is read", crate::sim::limits::TRANSCRIPT_BYTES / 1024));
    }
    Transcript::parse(text).map_err(|e| e.to_string())
}

/// The pass mark a mastery score gives: SCORM's 0 to 100, cmi5's 0 to 1 (`0.75`), rounded up
/// to a whole score so that a score that reaches it is never below the LMS's own figure. Read
/// as a decimal, not a float (0.7 is 70, not 71).
pub fn pass_mark(standard: Standard, mastery: &str) -> Result<u32, String> {
    let bad = || format!("`{}` is not a mastery score", crate::sim::limits::shown(mastery));
    let (whole, frac) = mastery.trim().split_once('.').unwrap_or((mastery.trim(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || whole.len() > 3 || frac.len() > 4 || !digits(whole) || !digits(frac) {
        return Err(bad());
    }
    // In ten-thousandths of the scale's unit.
    let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let frac: u32 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
    let value = whole * 10_000 + frac;
    let (percent_times, max) = match standard {
        Standard::Scorm12 => (10_000, 100 * 10_000),
        Standard::Cmi5 => (100, 10_000),
    };
    if value > max {
        return Err(bad());
    }
    Ok(value.div_ceil(percent_times))
}

/// The outcome of an ended attempt, from its final report and transcript.
pub fn outcome(report: &Report, t: &Transcript, pass_mark: u32, standard: Standard) -> Outcome {
    let passed = report.passed;
    Outcome {
        score: report.score,
        passed,
        score_agrees: passed == (report.score >= pass_mark),
        pass_mark,
        duration_secs: t.meta.time_used.unwrap_or(0),
        result_code: result_code(t, report),
        transcript: t.to_text(),
        packed: suspend_data(t, standard),
    }
}

/// Whether a transcript is an attempt this launch records (an exam, launched in Normal mode).
pub fn records(launch: &Launch, t: &Transcript) -> bool {
    launch.mode == LaunchMode::Normal && launch.problem.is_none() && t.meta.mode == Mode::Exam
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastery_scores_read_as_decimals_and_round_up() {
        for (standard, given, want) in [
            (Standard::Cmi5, "0.7", Ok(70)),
            (Standard::Cmi5, "0.75", Ok(75)),
            (Standard::Cmi5, "0.751", Ok(76)),
            (Standard::Cmi5, "1", Ok(100)),
            (Standard::Cmi5, "0", Ok(0)),
            (Standard::Cmi5, ".5", Ok(50)),
            (Standard::Scorm12, "70", Ok(70)),
            (Standard::Scorm12, "69.5", Ok(70)),
            (Standard::Scorm12, "100", Ok(100)),
        ] {
            assert_eq!(pass_mark(standard, given).map_err(|_| ()), want.map_err(|_: ()| ()), "{given}");
        }
        for bad in ["", ".", "1.5", "-0.5", "abc", "0.12345", "1e-1", "0,7"] {
            assert!(pass_mark(Standard::Cmi5, bad).is_err(), "{bad}");
        }
        assert!(pass_mark(Standard::Scorm12, "101").is_err());
        assert!(pass_mark(Standard::Scorm12, "9999").is_err());
    }
}
