//! The copies of the option list (`waitline_core::options::OPTIONS`) outside Rust: the
//! element's attribute maps, the `MountOptions` type and the README's attribute table. A new
//! option, or a renamed one, fails here until every copy says the same.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed read is a failed test

use std::collections::BTreeSet;

use waitline_core::options::{OPTIONS, OptionKind};

mod support;
use support::{between, quoted, read};

/// `[\n  'option',\n  'option',\n]` as its names.
fn js_names(block: &str) -> BTreeSet<String> {
    block
        .lines()
        .filter_map(|line| line.trim().strip_suffix(','))
        .map(|line| line.trim_matches('\'').to_owned())
        .collect()
}

fn expected(kind: OptionKind) -> BTreeSet<String> {
    OPTIONS
        .iter()
        .filter(|o| o.kind == kind)
        .map(|o| o.name.to_owned())
        .collect()
}

/// `contactId` → `contact-id`, as the element derives each attribute from its option.
fn kebab(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            let dash = c.is_ascii_uppercase().then_some('-');
            dash.into_iter()
                .chain(std::iter::once(c.to_ascii_lowercase()))
        })
        .collect()
}

#[test]
fn the_element_reads_every_attribute_as_its_option() {
    let element = read("src/js/element.js");
    let strings = js_names(between(&element, "const STRING_OPTIONS = [", "];"));
    let numbers = js_names(between(&element, "const NUMBER_OPTIONS = [", "];"));
    assert_eq!(strings, expected(OptionKind::Text));
    assert_eq!(numbers, expected(OptionKind::Number));
    let flags = js_names(between(&element, "const FLAG_OPTIONS = [", "];"));
    assert_eq!(flags, expected(OptionKind::Flag));
    // The element derives attributes from names; the list's attributes must be those.
    for option in OPTIONS {
        if let Some(attribute) = option.attribute() {
            assert_eq!(attribute, kebab(option.name), "{}", option.name);
        }
    }
    assert!(element.contains("option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)"));
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
        .map(|o| (o.attribute(), o.name.to_owned()))
        .collect();
    assert_eq!(rows, listed);
}

#[test]
fn the_package_has_a_language_pack_for_every_built_in_language() {
    use waitline_core::i18n::Locale;
    let language = read("src/js/language.js");
    let packs = between(&language, "const PACKS = {", "};");
    let listed: BTreeSet<String> = packs
        .lines()
        .filter_map(|line| line.trim().split_once(':'))
        .map(|(tag, import)| {
            assert!(
                import.contains(&format!("import('./locales/{tag}.js')")),
                "{tag}: {import}"
            );
            tag.to_owned()
        })
        .collect();
    let expected: BTreeSet<String> = Locale::ALL
        .into_iter()
        .map(|l| l.tag().to_owned())
        .collect();
    assert_eq!(listed, expected);
}
