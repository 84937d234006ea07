//! The README documents what the code does: every verb of the action grammar, every finding and
//! every built-in scenario.

use clusterdrill::sim::findings::FindingId;
use clusterdrill::sim::limits;
use clusterdrill::sim::scenario::builtins;
use clusterdrill::sim::Verb;

const README: &str = include_str!("../README.md");

#[test]
fn the_readme_lists_every_verb_finding_and_scenario() {
    for form in Verb::FORMS {
        // Its row, saying what the verb table says (code spans aside; the README may add to it),
        // so that it cannot go stale.
        let start = format!("| `{}` | ", form.syntax.replace('|', "\\|"));
        let row = README.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("README lacks the verb form {start}"));
        let help = row[start.len()..].trim_end_matches(" |").replace('`', "").replace("\\|", "|");
        assert!(help.starts_with(form.help), "README's row for `{}` says \"{help}\", the verb table \"{}\"", form.syntax, form.help);
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

#[test]
fn the_readme_table_of_limits_is_the_code_s() {
    // The table under "### Limits", row for row, against `limits::ALL`.
    let section = README.split("### Limits").nth(1).expect("README has a Limits section");
    let rows: Vec<(String, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| ---"))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (cells[0].to_string(), cells[1].to_string())
        })
        .collect();
    let code: Vec<(String, String)> = limits::ALL.iter().map(|(what, n)| (what.to_string(), n.to_string())).collect();
    assert_eq!(rows, code);
}
