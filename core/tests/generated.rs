//! The committed copies of the core's contracts (the README's tables, the TypeScript types)
//! are what the core renders today: a new option or message key, or a changed one, fails here
//! until `npm run build` (or `cargo run -p waitline-core --example generate -- <dir> .`) has
//! rewritten them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed read is a failed test

use waitline_core::sourcegen::{REGIONS, splice};

mod support;
use support::read;

#[test]
fn every_generated_region_is_up_to_date() {
    for region in REGIONS {
        let text = read(region.file);
        let expected = splice(&text, region, &(region.render)())
            .unwrap_or_else(|| panic!("{} lacks {:?} or its end", region.file, region.open));
        assert!(
            expected == text,
            "{} is stale after {:?}: run `npm run build` and commit the result",
            region.file,
            region.open
        );
    }
}

#[test]
fn splicing_replaces_only_between_the_markers() {
    let region = REGIONS[0];
    let text = format!("before\n{}\nold\n{}\nafter\n", region.open, region.close);
    let spliced = splice(&text, &region, "new\n").unwrap();
    assert_eq!(
        spliced,
        format!("before\n{}\nnew\n{}\nafter\n", region.open, region.close)
    );
    assert_eq!(splice("no markers", &region, "new\n"), None);
}
