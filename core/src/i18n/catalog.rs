//! Message lookup: the page's overrides first, then the locale's table.

use super::forms::{fill, pick};
use super::locales;
use super::messages::Key;
use super::overrides::Overrides;
use super::{Locale, NumberRules, PluralCategory};
use crate::prelude::*;

/// One locale's messages, with the page's overrides, and the platform's number rules.
pub struct Catalog<R> {
    pub locale: Locale,
    pub rules: R,
    pub overrides: Overrides,
    /// The locale's table (see [`locales`]): built in, or a language pack the page loaded.
    table: &'static str,
}

impl<R> core::fmt::Debug for Catalog<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Catalog")
            .field("locale", &self.locale)
            .field("overrides", &self.overrides)
            .finish_non_exhaustive()
    }
}

impl<R: NumberRules> Catalog<R> {
    /// With the locale's built-in table. Links every language's table: the shipped wasm uses
    /// [`Catalog::english`] and [`Catalog::set_language`] instead.
    pub fn new(locale: Locale, rules: R, overrides: Overrides) -> Self {
        Self {
            locale,
            rules,
            overrides,
            table: locales::builtin(locale),
        }
    }

    pub fn english(rules: R, overrides: Overrides) -> Self {
        Self {
            locale: Locale::En,
            rules,
            overrides,
            table: locales::ENGLISH,
        }
    }

    /// No words of its own until [`Catalog::set_language`] gives it a table (only the page's
    /// overrides): the shipped wasm, where every language, English too, is a language pack, so
    /// a page downloads exactly one language and none of the tables is linked in.
    pub fn without_table(locale: Locale, rules: R, overrides: Overrides) -> Self {
        Self {
            locale,
            rules,
            overrides,
            table: "",
        }
    }

    /// Speaks `locale` from now on, with its table (a language pack checked with
    /// [`locales::valid`]) and number rules; the page's overrides stay.
    pub fn set_language(&mut self, locale: Locale, rules: R, table: &'static str) {
        self.locale = locale;
        self.rules = rules;
        self.table = table;
    }

    /// Speaks its own locale from now on, with `table` (a language pack checked with
    /// [`locales::valid`]); its number rules stay, so none are made twice.
    pub fn set_table(&mut self, table: &'static str) {
        self.table = table;
    }

    /// A message without numbers.
    pub fn text(&self, key: Key) -> String {
        self.form(key, PluralCategory::Other).to_owned()
    }

    /// A message whose form follows the cardinal category of `n`, with `{n}` filled in.
    pub fn count(&self, key: Key, n: u32) -> String {
        fill(
            self.form(key, self.rules.cardinal(n)),
            &[("n", &self.rules.format(n))],
        )
    }

    /// A message whose form follows the ordinal category of `n`, with `{n}` filled in.
    pub fn ordinal(&self, key: Key, n: u32) -> String {
        fill(
            self.form(key, self.rules.ordinal(n)),
            &[("n", &self.rules.format(n))],
        )
    }

    /// A message in the form for `n`'s cardinal category, with named values filled in.
    pub fn with(&self, key: Key, n: u32, values: &[(&str, &str)]) -> String {
        fill(self.form(key, self.rules.cardinal(n)), values)
    }

    pub fn number(&self, n: u32) -> String {
        self.rules.format(n)
    }

    /// The override's form, else the locale's; the `other` form stands in for a category a
    /// table does not list (every table has one on each line: `locales::valid`).
    fn form(&self, key: Key, category: PluralCategory) -> &str {
        if let Some(form) = self.overrides.form(key, category) {
            return form;
        }
        pick(locales::messages(self.table, key), category).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EnglishRules;

    #[test]
    fn every_locale_has_every_message() {
        for locale in Locale::ALL {
            for key in Key::ALL {
                let forms: Vec<_> = locales::messages(locales::builtin(locale), key).collect();
                assert!(
                    forms.iter().any(|(c, _)| *c == PluralCategory::Other),
                    "{locale:?} {key:?} lacks an `other` form"
                );
                assert!(
                    forms.iter().all(|(_, text)| !text.is_empty()),
                    "{locale:?} {key:?}"
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for key in Key::ALL {
            assert_eq!(Key::from_name(key.name()), Some(key));
        }
        assert_eq!(Key::from_name("nope"), None);
    }

    #[test]
    fn without_a_table_only_the_overrides_speak_until_a_language_is_set() {
        let overrides = Overrides::new(vec![(
            "next".to_owned(),
            crate::i18n::MessageValue::Text("Your turn".to_owned()),
        )])
        .unwrap();
        let mut catalog = Catalog::without_table(Locale::En, EnglishRules, overrides);
        assert_eq!(catalog.text(Key::Loading), "");
        assert_eq!(catalog.text(Key::Next), "Your turn");
        catalog.set_table(locales::ENGLISH);
        assert_eq!(
            catalog.text(Key::Loading),
            "Checking your place in the queue…"
        );
        assert_eq!(catalog.text(Key::Next), "Your turn");
    }

    #[test]
    fn english_uses_ordinals_and_plurals() {
        let catalog = Catalog::new(Locale::En, EnglishRules, Overrides::default());
        assert_eq!(catalog.ordinal(Key::Position, 1), "You're 1st in line");
        assert_eq!(catalog.ordinal(Key::Position, 22), "You're 22nd in line");
        assert_eq!(catalog.ordinal(Key::Position, 13), "You're 13th in line");
        assert_eq!(catalog.count(Key::AboutMinutes, 1), "about 1 minute");
        assert_eq!(catalog.count(Key::AboutMinutes, 5), "about 5 minutes");
    }
}
