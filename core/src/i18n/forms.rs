//! How a message's text is written: its forms by plural category (`one=…|…`), and its
//! `{name}` placeholders. For the built-in tables and the page's overrides alike.

use super::PluralCategory;
use crate::bytes;
use crate::prelude::*;

/// One line's forms, as (category, text): `category=text` separated by `|`, the bare one
/// being `other`.
pub(super) fn forms(line: &str) -> impl Iterator<Item = (PluralCategory, &str)> + Clone {
    bytes::fields(line, b"|").map(|form| match bytes::split_once(form, b'=') {
        Some((name, text)) => match PluralCategory::parse(name) {
            Some(category) => (category, text),
            None => (PluralCategory::Other, form),
        },
        None => (PluralCategory::Other, form),
    })
}

/// The form for `category`, else the `other` form: for the built-in tables and the page's
/// overrides alike.
pub(super) fn pick<'a>(
    forms: impl Iterator<Item = (PluralCategory, &'a str)>,
    category: PluralCategory,
) -> Option<&'a str> {
    let mut other = None;
    for (form_category, text) in forms {
        if form_category == category {
            return Some(text);
        }
        if form_category == PluralCategory::Other {
            other = Some(text);
        }
    }
    other
}

/// Replaces `{name}` with its value. Values are inserted as they are: they are numbers and
/// phrases this module made, and the DOM layer sets all text as text. Cuts with `str::get`,
/// never `&s[a..b]`, whose panic path drags about 5 KB of formatting code into the wasm.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let bytes = template.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        let rest = bytes.get(at..).unwrap_or_default();
        let name_end = (rest.first() == Some(&b'{'))
            .then(|| rest.iter().position(|&b| b == b'}'))
            .flatten()
            .map(|close| at + close);
        let value = name_end.and_then(|end| {
            let name = template.get(at + 1..end)?;
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        });
        match (name_end, value) {
            (Some(end), Some(value)) => {
                out.push_str(template.get(copied..at).unwrap_or_default());
                out.push_str(value);
                at = end + 1;
                copied = at;
            }
            _ => at += 1,
        }
    }
    out.push_str(template.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_values_and_leaves_unknown_braces() {
        assert_eq!(
            fill("{low}–{high} minutes", &[("low", "4"), ("high", "6")]),
            "4–6 minutes"
        );
        assert_eq!(fill("{x} {n", &[("n", "1")]), "{x} {n");
    }
}
