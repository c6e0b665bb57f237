//! The languages' tables, one line a message in `Key::ALL` order, made from the keyed source in
//! `messages.rs`. Text rather than `&[(PluralCategory, &str)]` slices: the
//! slices' pointers and a `match` per language cost the shipped wasm about 4 KB beyond the
//! words themselves.

use super::forms::{forms, pick};
use super::messages::{AR, DE, EN, ES, FR, JA, Key, PT};
use super::{Locale, PluralCategory};
use crate::bytes;

/// English, for native users and tests. Every table, English too, reaches a browser as a
/// language pack (`dist/locales/{tag}.js`, made by `examples/generate.rs`), loaded only
/// by a page that speaks it; the shipped wasm links none.
pub const ENGLISH: &str = EN;

/// Every built-in table: for tests, the packs and native users. The shipped wasm never calls
/// it.
pub fn builtin(locale: Locale) -> &'static str {
    match locale {
        Locale::En => EN,
        Locale::Es => ES,
        Locale::Fr => FR,
        Locale::De => DE,
        Locale::Pt => PT,
        Locale::Ja => JA,
        Locale::Ar => AR,
    }
}

/// A table has a line for every key, each with its `other` form, none empty: a language pack
/// that does not is refused (a truncated download, a pack from another version).
pub fn valid(table: &str) -> bool {
    let mut lines = 0;
    for line in bytes::fields(table.strip_suffix('\n').unwrap_or(table), b"\n") {
        if pick(forms(line), PluralCategory::Other).is_none_or(str::is_empty) {
            return false;
        }
        lines += 1;
    }
    lines == Key::ALL.len()
}

/// The forms of `key` in `table`, as (category, text).
pub fn messages(table: &str, key: Key) -> impl Iterator<Item = (PluralCategory, &str)> + Clone {
    // `Key`'s discriminants are its place in `Key::ALL` (a test holds them to it).
    forms(
        bytes::fields(table, b"\n")
            .nth(key as usize)
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_table_is_a_valid_pack_and_damage_is_refused() {
        for locale in Locale::ALL {
            assert!(valid(builtin(locale)), "{locale:?}");
        }
        let french = builtin(Locale::Fr);
        assert!(!valid(&french[..french.len() / 2]), "truncated");
        assert!(!valid(&french.replacen("\n", "\n\n", 1)), "an empty line");
        assert!(!valid(""));
        // A line with plural forms but no bare `other` form would leave some counts wordless.
        let no_other = french.replacen("one={n} minute|{n} minutes", "one={n} minute", 1);
        assert_ne!(no_other, french);
        assert!(!valid(&no_other), "a line without its other form");
    }

    #[test]
    fn keys_are_their_place_in_the_table() {
        for (at, key) in Key::ALL.into_iter().enumerate() {
            assert_eq!(key as usize, at, "{key:?}");
        }
    }

    #[test]
    fn every_table_has_a_line_for_every_key_and_nothing_more() {
        for locale in Locale::ALL {
            assert_eq!(
                builtin(locale).split_terminator('\n').count(),
                Key::ALL.len(),
                "{locale:?}"
            );
        }
    }

    /// The short form a hidden page's title starts with: every language's every form keeps
    /// the position and the page's own title.
    #[test]
    fn every_title_form_has_the_position_and_the_page_title() {
        for locale in Locale::ALL {
            for (category, form) in messages(builtin(locale), Key::TitlePosition) {
                assert!(
                    form.contains("{n}") && form.contains("{title}"),
                    "{locale:?} {category:?}: {form}"
                );
            }
        }
    }

    #[test]
    fn forms_read_back_with_their_categories() {
        let forms: Vec<_> = messages(ENGLISH, Key::Position).collect();
        assert_eq!(
            forms,
            [
                (PluralCategory::One, "You're {n}st in line"),
                (PluralCategory::Two, "You're {n}nd in line"),
                (PluralCategory::Few, "You're {n}rd in line"),
                (PluralCategory::Other, "You're {n}th in line"),
            ]
        );
        assert_eq!(
            messages(ENGLISH, Key::WaitLabel).collect::<Vec<_>>(),
            [(PluralCategory::Other, "Estimated wait: {wait}")]
        );
    }
}
