//! Languages. Each built-in locale is a table of messages; a message has one form per plural
//! category. Which category a number takes, and how a number is written, comes from the
//! platform (`Intl.PluralRules` / `Intl.NumberFormat` in the browser) through [`NumberRules`],
//! never from English rules.

use crate::prelude::*;
mod catalog;
mod define_messages;
mod forms;
pub mod locales;
mod messages;
mod overrides;

pub use catalog::Catalog;
pub use forms::fill;
pub use messages::Key;
pub use overrides::{MessageValue, MessagesError, Overrides};

/// CLDR plural categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "zero" => Self::Zero,
            "one" => Self::One,
            "two" => Self::Two,
            "few" => Self::Few,
            "many" => Self::Many,
            "other" => Self::Other,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Zero => "zero",
            Self::One => "one",
            Self::Two => "two",
            Self::Few => "few",
            Self::Many => "many",
            Self::Other => "other",
        }
    }
}

/// The platform's number rules for one locale.
pub trait NumberRules {
    /// Cardinal category: "1 minute" vs "2 minutes".
    fn cardinal(&self, n: u32) -> PluralCategory;
    /// Ordinal category: "1st", "2nd", "3rd", "4th".
    fn ordinal(&self, n: u32) -> PluralCategory;
    /// The number as this locale writes it (digits, grouping).
    fn format(&self, n: u32) -> String;
}

/// The built-in languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    Es,
    Fr,
    De,
    Pt,
    Ja,
    Ar,
}

impl Locale {
    pub const ALL: [Self; 7] = [
        Self::En,
        Self::Es,
        Self::Fr,
        Self::De,
        Self::Pt,
        Self::Ja,
        Self::Ar,
    ];

    /// The first of `preferences` (BCP 47 tags, most preferred first) that has a built-in
    /// language, matched on the primary subtag; English when none has.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Self {
        Self::negotiate_with_region(preferences).0
    }

    /// [`Locale::negotiate`], and the region of the tag that chose the language, when it has
    /// a two-letter one (`en-GB` → `GB`; `zh-Hant-TW` → `TW`; `es-419` → none): the country a
    /// phone number without its code is most likely from.
    pub fn negotiate_with_region<'a>(
        preferences: impl IntoIterator<Item = &'a str>,
    ) -> (Self, Option<String>) {
        for tag in preferences {
            let mut subtags = crate::bytes::fields(tag.trim_ascii(), b"-_");
            let primary = subtags.next().unwrap_or_default();
            let found = Self::ALL
                .into_iter()
                .find(|locale| locale.tag().eq_ignore_ascii_case(primary));
            if let Some(locale) = found {
                let region = subtags
                    .find(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
                    .map(str::to_ascii_uppercase);
                return (locale, region);
            }
        }
        (Self::default(), None)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Pt => "pt",
            Self::Ja => "ja",
            Self::Ar => "ar",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }
}

/// English rules without the platform: for native tests and as the documented reference.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnglishRules;

impl NumberRules for EnglishRules {
    fn cardinal(&self, n: u32) -> PluralCategory {
        if n == 1 {
            PluralCategory::One
        } else {
            PluralCategory::Other
        }
    }

    fn ordinal(&self, n: u32) -> PluralCategory {
        match (n % 10, n % 100) {
            (1, r) if r != 11 => PluralCategory::One,
            (2, r) if r != 12 => PluralCategory::Two,
            (3, r) if r != 13 => PluralCategory::Few,
            _ => PluralCategory::Other,
        }
    }

    fn format(&self, n: u32) -> String {
        crate::decimal::decimal(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_comes_from_the_tag_that_chose_the_language() {
        assert_eq!(
            Locale::negotiate_with_region(["xx-US", "en-gb", "fr-FR"]),
            (Locale::En, Some("GB".into()))
        );
        assert_eq!(
            Locale::negotiate_with_region(["fr"]),
            (Locale::Fr, None),
            "no region in the tag that chose"
        );
        assert_eq!(
            Locale::negotiate_with_region(["es-419"]),
            (Locale::Es, None)
        );
        assert_eq!(
            Locale::negotiate_with_region(["pt_BR"]),
            (Locale::Pt, Some("BR".into()))
        );
        assert_eq!(Locale::negotiate_with_region(["xx"]), (Locale::En, None));
    }

    #[test]
    fn negotiates_on_the_primary_subtag() {
        assert_eq!(Locale::negotiate(["es-MX"]), Locale::Es);
        assert_eq!(Locale::negotiate(["zz", "pt_BR", "fr"]), Locale::Pt);
        assert_eq!(Locale::negotiate(["AR"]), Locale::Ar);
        assert_eq!(Locale::negotiate(["zh-CN"]), Locale::En);
        assert_eq!(Locale::negotiate([""]), Locale::En);
        assert!(Locale::Ar.is_rtl());
        assert!(
            !Locale::negotiate(["he"]).is_rtl(),
            "no Hebrew table: falls back to English"
        );
    }

    #[test]
    fn english_ordinals() {
        let rules = EnglishRules;
        let names: Vec<_> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .map(|n| rules.ordinal(n).name())
            .into();
        assert_eq!(
            names,
            [
                "one", "two", "few", "other", "other", "other", "other", "one", "two", "few",
                "one", "other"
            ]
        );
    }
}
