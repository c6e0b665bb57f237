//! `define_messages!`, which turns the keyed source in `messages.rs` into everything the widget
//! and its build read: the [`Key`](super::Key) enum with its names, placeholders and notes, and
//! one positional table per language (see [`locales`](super::locales)). A message whose
//! placeholders do not match its key's stops the build.
//!
//! A `macro_rules!` rather than a build script: the source stays Rust (checked, formatted,
//! documented), and the tables are `concat!` literals, the bytes the shipped wasm was measured
//! with; no library turns keyed messages into positional text tables.

/// Whether every form of `text` (forms separated by `|`, each but the bare `other` form written
/// `category=text`) uses only `declared` placeholders, and its `other` form all of them: a
/// translation may drop a number where its language says "an hour", never in the general form.
pub(super) const fn placeholders_match(text: &str, declared: &[&str]) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start <= bytes.len() {
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'|' {
            end += 1;
        }
        if !form_matches(bytes, start, end, declared) {
            return false;
        }
        start = end + 1;
    }
    true
}

/// One form, `bytes[start..end]`.
const fn form_matches(bytes: &[u8], start: usize, end: usize, declared: &[&str]) -> bool {
    let general = !has_category(bytes, start, end);
    let mut at = start;
    while at < end {
        if bytes[at] == b'{' {
            let mut close = at + 1;
            while close < end && bytes[close] != b'}' {
                close += 1;
            }
            if close < end && !is_declared(bytes, at + 1, close, declared) {
                return false;
            }
            at = close;
        }
        at += 1;
    }
    if general {
        let mut each = 0;
        while each < declared.len() {
            if !uses(bytes, start, end, declared[each].as_bytes()) {
                return false;
            }
            each += 1;
        }
    }
    true
}

/// Whether the form starts with `zero=`, `one=`, `two=`, `few=` or `many=`.
const fn has_category(bytes: &[u8], start: usize, end: usize) -> bool {
    const CATEGORIES: [&str; 5] = ["zero=", "one=", "two=", "few=", "many="];
    let mut each = 0;
    while each < CATEGORIES.len() {
        let category = CATEGORIES[each].as_bytes();
        if start + category.len() <= end && equal(bytes, start, category) {
            return true;
        }
        each += 1;
    }
    false
}

/// Whether `bytes[start..end]` is one of `declared`.
const fn is_declared(bytes: &[u8], start: usize, end: usize, declared: &[&str]) -> bool {
    let mut each = 0;
    while each < declared.len() {
        let name = declared[each].as_bytes();
        if name.len() == end - start && equal(bytes, start, name) {
            return true;
        }
        each += 1;
    }
    false
}

/// Whether `{name}` occurs in `bytes[start..end]`.
const fn uses(bytes: &[u8], start: usize, end: usize, name: &[u8]) -> bool {
    let mut at = start;
    while at + name.len() + 2 <= end {
        if bytes[at] == b'{' && bytes[at + name.len() + 1] == b'}' && equal(bytes, at + 1, name) {
            return true;
        }
        at += 1;
    }
    false
}

/// Whether `bytes` holds `expected` from `at` (the caller checks the length fits).
const fn equal(bytes: &[u8], at: usize, expected: &[u8]) -> bool {
    let mut each = 0;
    while each < expected.len() {
        if bytes[at + each] != expected[each] {
            return false;
        }
        each += 1;
    }
    true
}

/// Defines [`Key`](super::Key) and the languages' tables from one block per message: its key,
/// its `messages` property name, its placeholders, and its text in every built-in language.
macro_rules! define_messages {
    ($(
        $(#[doc = $doc:literal])*
        $key:ident $name:literal ($($placeholder:literal),*) {
            en: $en:literal,
            es: $es:literal,
            fr: $fr:literal,
            de: $de:literal,
            pt: $pt:literal,
            ja: $ja:literal,
            ar: $ar:literal $(,)?
        }
    )*) => {
        /// Every message the widget shows. The names ([`Key::name`]) are the keys of the
        /// `messages` property; a key's discriminant is its line in every language's table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($(#[doc = $doc])* $key,)*
        }

        impl Key {
            pub const ALL: [Self; [$(stringify!($key)),*].len()] = [$(Self::$key),*];

            /// The key in the `messages` property, and in the TypeScript `MessageKey`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$key => $name,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|key| key.name() == name)
            }

            /// The `{name}`s its text takes; every language's general form uses each.
            pub fn placeholders(self) -> &'static [&'static str] {
                match self {
                    $(Self::$key => &[$($placeholder),*],)*
                }
            }

            /// What the message is for, beyond its name (the source's doc comment; may be
            /// empty): for the README and the TypeScript docs, never linked into the wasm.
            pub fn note(self) -> &'static str {
                match self {
                    $(Self::$key => concat!($($doc, "\n",)* ""),)*
                }
            }
        }

        pub(super) const EN: &str = concat!($($en, "\n",)*);
        pub(super) const ES: &str = concat!($($es, "\n",)*);
        pub(super) const FR: &str = concat!($($fr, "\n",)*);
        pub(super) const DE: &str = concat!($($de, "\n",)*);
        pub(super) const PT: &str = concat!($($pt, "\n",)*);
        pub(super) const JA: &str = concat!($($ja, "\n",)*);
        pub(super) const AR: &str = concat!($($ar, "\n",)*);

        $(
            const _: () = {
                let texts = [$en, $es, $fr, $de, $pt, $ja, $ar];
                let mut each = 0;
                while each < texts.len() {
                    assert!(
                        $crate::i18n::define_messages::placeholders_match(
                            texts[each],
                            &[$($placeholder),*],
                        ),
                        concat!(
                            "message `", $name, "`: a language's text uses a placeholder the key ",
                            "does not declare, or its general form lacks one it does (languages ",
                            "in order en, es, fr, de, pt, ja, ar)",
                        ),
                    );
                    each += 1;
                }
            };
        )*
    };
}

pub(super) use define_messages;

#[cfg(test)]
mod tests {
    use super::placeholders_match;

    #[test]
    fn a_declared_placeholder_in_every_general_form_matches() {
        assert!(placeholders_match("Estimated wait: {wait}", &["wait"]));
        assert!(placeholders_match(
            "one=more than an hour|more than {n} hours",
            &["n"]
        ));
        assert!(placeholders_match("{low}–{high} minutes", &["low", "high"]));
        assert!(placeholders_match("You're next", &[]));
        // A brace that is not a placeholder's ends no name.
        assert!(placeholders_match("a { b", &[]));
    }

    #[test]
    fn an_undeclared_or_missing_placeholder_does_not() {
        assert!(!placeholders_match("Estimated wait: {wiat}", &["wait"]));
        assert!(!placeholders_match("Estimated wait", &["wait"]));
        assert!(!placeholders_match("one={n} minute|minutes", &["n"]));
        assert!(!placeholders_match("one={x} minute|{n} minutes", &["n"]));
        assert!(!placeholders_match("{low} minutes", &["low", "high"]));
    }
}
