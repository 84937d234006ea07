//! Golden sessions: a transcript per scenario, the fingerprint of its replay, and beside them
//! the session and its report as text (`NAME.report`: each step's outcome, the consoles'
//! notices, the event logs, the graded report), so that a change to any of them shows as a
//! readable diff. The wasm test (tests/web.rs) replays the same transcripts in Chromium and must
//! reach the same fingerprints, so the core is proven bit-for-bit identical natively and in the
//! browser.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites them after a deliberate change.

mod common;

use clusterdrill::sim::scenario::builtins;
use clusterdrill::sim::transcript::{Transcript, replay, session_text};
use common::*;

const SEED: u64 = 7;

fn dir() -> String {
    format!("{}/tests/golden", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn golden_transcripts_replay_to_their_fingerprints() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for s in builtins() {
        let played = run(&s.id, SEED, &correct_script(&s.id));
        let text = played.transcript.to_text();
        let fingerprint = replay(&s, &played.transcript, false).unwrap().fingerprint();
        let report = format!("{}\n{}", session_text(&played.sim, &played.steps), played.report.to_text());
        let (tpath, fpath, rpath) =
            (format!("{}/{}.transcript", dir(), s.id), format!("{}/{}.fingerprint", dir(), s.id), format!("{}/{}.report", dir(), s.id));
        if update {
            std::fs::write(&tpath, &text).unwrap();
            std::fs::write(&fpath, format!("{fingerprint}\n")).unwrap();
            std::fs::write(&rpath, &report).unwrap();
            continue;
        }
        let stored = std::fs::read_to_string(&rpath).unwrap_or_else(|e| panic!("{rpath}: {e} (run with UPDATE_GOLDEN=1)"));
        if let Some((n, (want, got))) = stored.lines().zip(report.lines()).enumerate().find(|(_, (a, b))| a != b) {
            panic!("{}: the session or its report now reads differently, from line {}:\n  was: {want}\n  now: {got}\n(UPDATE_GOLDEN=1 rewrites it after a deliberate change)", rpath, n + 1);
        }
        assert_eq!(stored.lines().count(), report.lines().count(), "{rpath}: the session or its report changed length");
        let stored = std::fs::read_to_string(&tpath).unwrap_or_else(|e| panic!("{tpath}: {e} (run with UPDATE_GOLDEN=1)"));
        assert_eq!(stored, text, "{}: the correct script now plays differently", s.id);
        let t = Transcript::parse(&stored).unwrap();
        // The same session, whatever comments and blank lines its file has.
        let annotated = stored.replacen('\n', "\n# annotated by hand\n\n", 4);
        assert_eq!(Transcript::parse(&annotated).unwrap(), t, "{}", s.id);
        let got = replay(&s, &t, false).unwrap().fingerprint();
        let want: u64 = std::fs::read_to_string(&fpath).unwrap().trim().parse().unwrap();
        assert_eq!(got, want, "{}: replay fingerprint changed", s.id);
    }
}
