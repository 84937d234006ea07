//! The finding cases in tests/findings/: each bad script raises exactly the findings its
//! header names, on every seed it lists, and the correct way through never raises its finding.
//! Every finding in the catalogue has at least one case.

mod common;

use clusterdrill::sim::findings::FindingId;
use common::*;

#[test]
fn each_bad_script_raises_exactly_its_findings_and_the_good_one_not_its_finding() {
    let cases = cases();
    assert!(!cases.is_empty());
    for c in &cases {
        for &seed in &c.seeds {
            let bad = run(&c.scenario, seed, &c.bad);
            let mut raised: Vec<&str> = finding_ids(&bad.report);
            raised.sort_unstable();
            assert_eq!(raised, c.raises, "{}.case, seed {seed}: the bad script's findings", c.name);
            let good = run(&c.scenario, seed, &c.good);
            assert!(!finding_ids(&good.report).contains(&c.finding.as_str()), "{}.case, seed {seed}: the good script raised {}", c.name, c.finding);
        }
    }
}

#[test]
fn every_finding_in_the_catalogue_has_a_case() {
    let cases = cases();
    for f in FindingId::ALL {
        assert!(cases.iter().any(|c| c.finding == f.slug()), "no case in tests/findings/ for `{}`", f.slug());
    }
    for c in &cases {
        assert!(FindingId::from_slug(&c.finding).is_some(), "{}.case: `{}` is not a finding", c.name, c.finding);
        for id in &c.raises {
            assert!(FindingId::from_slug(id).is_some(), "{}.case: `{id}` is not a finding", c.name);
        }
    }
}
