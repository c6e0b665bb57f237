//! The copies of the option list (`waitline_core::options::OPTIONS`) outside Rust: the
//! element's attribute maps, the `MountOptions` type and the README's attribute table. A new
//! option, or a renamed one, fails here until every copy says the same.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed read is a failed test

use std::collections::BTreeSet;
use std::path::Path;

use waitline_core::options::{OPTIONS, OptionKind};

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &text[from..from + to]
}

/// Every `quoted` or `backticked` word in `text`, in order.
fn quoted(text: &str, quote: char) -> Vec<String> {
    text.split(quote)
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// `{ 'attr': 'option', attr: 'option' }` as (attribute, option) pairs.
fn js_pairs(block: &str) -> BTreeSet<(String, String)> {
    block
        .lines()
        .filter_map(|line| line.trim().strip_suffix(','))
        .filter_map(|line| line.split_once(": "))
        .map(|(key, value)| {
            (
                key.trim_matches('\'').to_owned(),
                value.trim_matches('\'').to_owned(),
            )
        })
        .collect()
}

fn expected(kind: OptionKind) -> BTreeSet<(String, String)> {
    OPTIONS
        .iter()
        .filter(|o| o.kind == kind)
        .map(|o| (o.attribute.unwrap().to_owned(), o.name.to_owned()))
        .collect()
}

#[test]
fn the_element_maps_every_attribute_onto_its_option() {
    let element = read("src/js/element.js");
    let strings = js_pairs(between(&element, "const STRING_OPTIONS = {", "};"));
    let numbers = js_pairs(between(&element, "const NUMBER_OPTIONS = {", "};"));
    assert_eq!(strings, expected(OptionKind::Text));
    assert_eq!(numbers, expected(OptionKind::Number));
}

#[test]
fn the_typescript_type_lists_every_option() {
    let types = read("src/js/mount.d.ts");
    let body = between(&types, "export interface MountOptions {", "\n}");
    let declared: BTreeSet<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("/**") && !l.starts_with('*') && !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(name, _)| name.trim_end_matches('?').to_owned())
        .collect();
    let options: BTreeSet<String> = OPTIONS.iter().map(|o| o.name.to_owned()).collect();
    assert_eq!(declared, options);
}

#[test]
fn the_readme_table_pairs_every_attribute_with_its_option() {
    let readme = read("README.md");
    let table = between(&readme, "### Attributes\n", "\n\n");
    let mut rows = BTreeSet::new();
    for row in table.lines().filter(|l| l.starts_with("| ")).skip(1) {
        let cells: Vec<&str> = row.split(" | ").collect();
        // A row naming a property, not an attribute, reads "(the `messages` property)".
        let attributes = if cells[0].starts_with("| `") {
            quoted(cells[0], '`')
        } else {
            Vec::new()
        };
        let options = quoted(cells[1], '`');
        match (attributes.len(), options.len()) {
            (_, 0) => assert_eq!(attributes, ["layout"], "only layout is CSS alone: {row}"),
            (0, 1) => {
                rows.insert((None, options[0].clone()));
            }
            (a, o) if a == o => rows.extend(attributes.into_iter().map(Some).zip(options)),
            _ => panic!("attributes and options do not pair up: {row}"),
        }
    }
    let listed: BTreeSet<(Option<String>, String)> = OPTIONS
        .iter()
        .map(|o| (o.attribute.map(str::to_owned), o.name.to_owned()))
        .collect();
    assert_eq!(rows, listed);
}
