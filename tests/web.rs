//! In-browser tests of the wasm32 build, run in headless Chromium by `wasm-bindgen-test-runner`
//! (`make test-wasm`):
//!
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver \
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test web
//! ```
//!
//! They check that the simulator core gives the same numbers in the browser as natively (the
//! native unit tests pin the same values), that golden transcripts replay to the fingerprints
//! recorded natively, and that the app mounts and shows the scenario picker.
//!
//! Natively this file only checks that [`GOLDEN`] lists every file in `tests/golden/`.

use clusterdrill::sim::{scenario::builtin, transcript::Transcript, transcript::replay};

/// Golden transcripts under `tests/golden/`: `NAME.transcript` is replayed and the session's
/// `Sim::fingerprint()` must equal the number in `NAME.fingerprint` (both written natively).
/// List each pair here with `golden!("NAME")`; the native test below fails if one is missing.
#[allow(unused_macros)]
macro_rules! golden {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("golden/", $name, ".transcript")),
            include_str!(concat!("golden/", $name, ".fingerprint")),
        )
    };
}

/// (name, transcript text, fingerprint text). tests/golden.rs writes the files
/// (`UPDATE_GOLDEN=1 cargo test --test golden`).
const GOLDEN: &[(&str, &str, &str)] = &[
    golden!("e2000-to-e2003"),
    golden!("e2003-exsetdata-hotfix"),
    golden!("e2003-sp1-active-active"),
    golden!("e2003-sp1-active-passive"),
    golden!("e2003-sp1-front-ends"),
    golden!("e55-disaster-recovery"),
    golden!("e55-move-users"),
];

/// Replays one golden transcript and returns (expected, actual) fingerprints.
fn replay_golden(name: &str, transcript: &str, fingerprint: &str) -> (u64, u64) {
    let expected: u64 = fingerprint
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("tests/golden/{name}.fingerprint: not a u64 ({e}): {fingerprint:?}"));
    let t = Transcript::parse(transcript).unwrap_or_else(|e| panic!("tests/golden/{name}.transcript: {e}"));
    let scenario =
        builtin(&t.scenario).unwrap_or_else(|| panic!("tests/golden/{name}.transcript: no built-in scenario `{}`", t.scenario));
    // Not quiet: the event log is part of the fingerprint (tests/golden.rs replays the same way).
    let sim = replay(&scenario, &t, false).unwrap_or_else(|e| panic!("tests/golden/{name}.transcript: {e}"));
    (expected, sim.fingerprint())
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn golden_list_matches_the_files_and_replays_natively() {
    use std::collections::BTreeSet;

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut on_disk = BTreeSet::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let path = entry.expect("reading tests/golden").path();
            if path.extension().and_then(|e| e.to_str()) == Some("transcript") {
                let stem = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name").to_owned();
                assert!(dir.join(format!("{stem}.fingerprint")).is_file(), "tests/golden/{stem}.transcript has no {stem}.fingerprint");
                on_disk.insert(stem);
            }
        }
    }
    let listed: BTreeSet<String> = GOLDEN.iter().map(|(name, _, _)| (*name).to_owned()).collect();
    assert_eq!(listed, on_disk, "tests/web.rs GOLDEN must list every tests/golden/*.transcript (add `golden!(\"NAME\")`)");
    for (name, transcript, fingerprint) in GOLDEN {
        let (expected, actual) = replay_golden(name, transcript, fingerprint);
        assert_eq!(actual, expected, "tests/golden/{name}: native fingerprint");
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use clusterdrill::sim::chance::{Span, draw, stream};
    use clusterdrill::sim::fingerprint::stable_hash;
    use clusterdrill::sim::scenario::builtins;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn chance_draws_match_native() {
        // Same numbers as sim::chance's native test `the_first_draws_of_seed_one_are_pinned`.
        let got: Vec<u32> = (0..4).map(|n| draw(1, stream(3, 0), n, Span::new(0, 999)) as u32).collect();
        assert_eq!(got, [525, 283, 940, 188]);
    }

    #[wasm_bindgen_test]
    fn stable_hash_matches_native() {
        // Same value as sim::fingerprint's native test `values_are_pinned`.
        assert_eq!(stable_hash(&("EVS1", 42u32, [1u8, 2, 3])), 9_607_714_283_525_801_353);
    }

    #[wasm_bindgen_test]
    fn golden_transcripts_replay_to_native_fingerprints() {
        for (name, transcript, fingerprint) in super::GOLDEN {
            let (expected, actual) = super::replay_golden(name, transcript, fingerprint);
            assert_eq!(actual, expected, "tests/golden/{name}: wasm fingerprint differs from the native one");
        }
    }

    #[wasm_bindgen_test]
    async fn app_mounts_and_lists_the_builtin_scenarios() {
        // Mounted into its own div: wasm-bindgen-test-runner reports through nodes in <body>, and
        // yew clears the element it mounts into.
        let document = web_sys::window().expect("a window").document().expect("a document");
        let root = document.create_element("div").expect("create a div");
        root.set_id("app-under-test");
        document.body().expect("a <body>").append_child(&root).expect("attach the root");

        yew::Renderer::<clusterdrill::ui::App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;

        let picker = root
            .query_selector("[data-testid=scenario-picker]")
            .expect("a valid selector")
            .expect("the app renders [data-testid=scenario-picker]");
        let text = picker.text_content().unwrap_or_default();
        let scenarios = builtins();
        assert!(scenarios.len() >= 5, "expected at least 5 built-in scenarios, found {}", scenarios.len());
        for s in &scenarios {
            assert!(text.contains(s.title.as_str()), "the picker does not show {:?}; it shows {text:?}", s.title);
        }
    }
}
