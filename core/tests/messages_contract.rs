//! The copies of the message keys (`waitline_core::i18n::Key`) outside Rust: the `MessageKey`
//! type in `mount.d.ts` and the README's message table. A key the widget refuses must not be
//! offered to TypeScript, and one it has must be listed: a new key, or a renamed one, fails
//! here until every copy says the same.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed read is a failed test

use std::collections::BTreeSet;

use waitline_core::i18n::Key;

mod support;
use support::{between, quoted, read};

fn core_keys() -> BTreeSet<String> {
    Key::ALL.iter().map(|key| key.name().to_owned()).collect()
}

/// What is in `listed` and not in the core, and what the core has that `listed` lacks.
fn differences(listed: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let core = core_keys();
    (
        listed.difference(&core).cloned().collect(),
        core.difference(listed).cloned().collect(),
    )
}

#[test]
fn the_typescript_type_lists_exactly_the_cores_keys() {
    let types = read("src/js/mount.d.ts");
    let union = between(&types, "export type MessageKey =", ";");
    let declared: BTreeSet<String> = quoted(union, '\'').into_iter().collect();
    let (refused, missing) = differences(&declared);
    assert!(
        refused.is_empty() && missing.is_empty(),
        "mount.d.ts's MessageKey declares keys the widget refuses: {refused:?}; \
         and lacks keys it has: {missing:?}"
    );
}

#[test]
fn the_readme_table_lists_exactly_the_cores_keys() {
    let readme = read("README.md");
    let section = between(&readme, "### Languages and wording\n", "\n### ");
    let table = between(section, "| key | placeholders | English |\n", "\n\n");
    let mut listed = BTreeSet::new();
    for row in table.lines().skip(1) {
        let first = row.split(" | ").next().unwrap_or_default();
        let keys = quoted(first, '`');
        assert!(!keys.is_empty(), "a row without a key: {row}");
        for key in keys {
            assert!(listed.insert(key.clone()), "{key} listed twice");
        }
    }
    let (refused, missing) = differences(&listed);
    assert!(
        refused.is_empty() && missing.is_empty(),
        "the README's message table lists keys the widget refuses: {refused:?}; \
         and lacks keys it has: {missing:?}"
    );
}
