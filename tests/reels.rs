//! The reels in reels/: each plays, raises exactly the findings it says it shows (a correct run
//! none, and passes), every finding in the catalogue has a reel about it, a reel reads back as
//! itself, and a damaged reel is refused at its line.

mod common;

use std::collections::BTreeSet;

use clusterdrill::sim::findings::FindingId;
use clusterdrill::sim::reel::{self, Mark, Part, Reel};
use clusterdrill::sim::transcript::replay;
use common::*;

#[test]
fn every_file_in_the_folder_is_built_in() {
    let dir = format!("{}/reels", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    on_disk.sort();
    let mut listed: Vec<String> = reel::FILES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "reels/ and src/sim/reel/builtin.rs list different files");
    for (name, text) in reel::FILES {
        assert_eq!(std::fs::read_to_string(format!("{dir}/{name}")).unwrap(), *text);
    }
}

#[test]
fn each_reel_raises_exactly_what_it_shows_and_a_correct_run_passes() {
    for (name, r) in reel::builtins() {
        let s = scenario(&r.transcript.scenario);
        let sim = replay(&s, &r.transcript, true).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = sim.report(sim.now(), None);
        let raised: BTreeSet<&str> = finding_ids(&report).into_iter().collect();
        let shows: BTreeSet<&str> = r.shows.iter().map(|f| f.slug()).collect();
        assert_eq!(raised, shows, "{name}: the findings raised");
        if r.shows.is_empty() {
            assert!(report.passed && report.completed, "{name}: a correct run passes, every objective met");
        }
        // A caption quoting a finding is one the reel raises, and every finding it shows is
        // quoted somewhere: the room hears the debrief's words for each.
        let quoted: BTreeSet<&str> =
            r.captions.iter().flat_map(|c| &c.parts).filter_map(|p| if let Part::Finding(f) = p { Some(f.slug()) } else { None }).collect();
        assert_eq!(quoted, shows, "{name}: the findings its captions quote");
        assert!(r.caption(Mark::After(0)).is_some(), "{name}: a caption at the start says what the room will see");
    }
}

#[test]
fn a_mistakes_reel_makes_no_other_mistake() {
    // Besides the finding it is about, a reel raises only what that mistake itself entails, or
    // the backup after the upgrade, judged at the end of a recording that stops at its
    // mistake: the rest of the procedure is done right, so the room sees one mistake.
    let entailed = |about: FindingId, other: FindingId| {
        other == FindingId::NoBackupAfter
            || matches!(
                (about, other),
                (FindingId::BothNodesAtOnce, FindingId::UpgradeNodeHostingOnline)
                    | (FindingId::NoBackupBeforeRebuild, FindingId::NoPrecautionBackup)
                    | (FindingId::ShutdownBeforeLogons, FindingId::FirstServerRemoved)
            )
    };
    for (name, r) in reel::builtins() {
        let Some((about, others)) = r.shows.split_first() else { continue };
        for other in others {
            assert!(entailed(*about, *other), "{name}: about `{}`, it also raises `{}`", about.slug(), other.slug());
        }
    }
}

#[test]
fn every_finding_has_a_reel_about_it_and_every_scenario_a_correct_run() {
    let reels = reel::builtins();
    for f in FindingId::ALL {
        assert!(reels.iter().any(|(_, r)| r.shows.first() == Some(f)), "no reel in reels/ is about `{}`", f.slug());
    }
    for (file, _) in clusterdrill::sim::scenario::FILES {
        let id = file.trim_end_matches(".toml");
        assert!(reels.iter().any(|(_, r)| r.shows.is_empty() && r.transcript.scenario == id), "no correct run of `{id}` in reels/");
    }
}

#[test]
fn a_reel_reads_back_as_itself() {
    for (name, r) in reel::builtins() {
        assert_eq!(Reel::parse(&r.to_text()).as_ref(), Ok(&r), "{name}");
        assert!(Reel::is_reel(&r.to_text()) && !Reel::is_reel(&r.transcript.to_text()));
    }
}

#[test]
fn a_damaged_reel_is_refused_at_its_line() {
    let good = reel::builtin("parallel-evs-upgrade").unwrap().to_text();
    // (the line that starts so, the line put in its place, the error)
    let cases: &[(&str, &str, &str)] = &[
        ("title ", "title", "line 2: the title is empty"),
        ("shows ", "shows upgraded-twice", "line 3: `upgraded-twice` is not a finding"),
        ("shows ", "shows", "line 3: `shows` names the findings"),
        ("shows ", "shows no-backup-after no-backup-after", "line 3: `no-backup-after` is named twice"),
        ("caption-finding parallel-evs-upgrade", "caption-finding parallel-upgrade", "`parallel-upgrade` is not a finding"),
        ("caption Two EVSs", "caption", "the caption is empty"),
        ("clusterdrill-reel 1", "clusterdrill-transcript 1", "line 1: expected `clusterdrill-reel 1`"),
    ];
    for (from, to, want) in cases {
        let line = good.lines().find(|l| l.starts_with(from)).unwrap_or_else(|| panic!("no line starts with {from}"));
        let e = Reel::parse(&good.replacen(line, to, 1)).expect_err(to).to_string();
        assert!(e.contains(want), "{to}: {e}");
    }
    // A caption before the title, a fifth line of one caption, a transcript's own error.
    let e = Reel::parse("clusterdrill-reel 1\ncaption hello\ntitle T\nshows nothing\n").unwrap_err().to_string();
    assert!(e.contains("line 2: captions come after the `title` and `shows` lines"), "{e}");
    let five = good.replacen("caption-finding parallel-evs-upgrade", "caption a\ncaption b\ncaption c\ncaption-finding parallel-evs-upgrade", 1);
    let e = Reel::parse(&five).unwrap_err().to_string();
    assert!(e.contains("at most 4 lines"), "{e}");
    let e = Reel::parse(&good.replacen("NODE2: upgrade-evs EVS2", "NODE2: upgrade-evs", 1)).unwrap_err().to_string();
    assert!(e.starts_with("line "), "a transcript error keeps the file's line: {e}");
    let body = reel::builtin("parallel-evs-upgrade").unwrap().transcript.to_text().replacen("clusterdrill-transcript 1", "", 1);
    let e = Reel::parse(&format!("clusterdrill-reel 1\nshows nothing\n{body}")).unwrap_err().to_string();
    assert!(e.contains("no `title` line"), "{e}");
    let e = Reel::parse(&format!("clusterdrill-reel 1\ntitle T\n{body}")).unwrap_err().to_string();
    assert!(e.contains("no `shows` line"), "{e}");
}
