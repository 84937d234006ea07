//! The README documents what the code does: every verb of the action grammar, every finding and
//! every built-in scenario.

use clusterdrill::sim::findings::FindingId;
use clusterdrill::sim::scenario::builtins;
use clusterdrill::sim::Verb;

const README: &str = include_str!("../README.md");

#[test]
fn the_readme_lists_every_verb_finding_and_scenario() {
    for form in Verb::FORMS {
        let cell = format!("`{}`", form.syntax.replace('|', "\\|"));
        assert!(README.contains(&cell), "README lacks the verb form {cell}");
    }
    for f in FindingId::ALL {
        assert!(README.contains(&format!("`{}`", f.slug())), "README lacks the finding {}", f.slug());
    }
    for s in builtins() {
        assert!(README.contains(&format!("`{}`", s.id)), "README lacks the scenario {}", s.id);
    }
    assert!(README.contains("make serve") && README.contains("make test"));
}

#[test]
fn the_readme_walk_through_is_the_tested_correct_procedure() {
    // tests/mistakes.rs plays every script in tests/scripts to full marks; this one must be what
    // the README shows, word for word, so that the README's example cannot drift into one that fails.
    let script = include_str!("scripts/e2003-sp1-active-passive.script");
    assert!(README.contains(&format!("```text\n{script}```")), "README's walk-through differs from tests/scripts/e2003-sp1-active-passive.script");
}
