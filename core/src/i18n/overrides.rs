//! The page's own wording, from the `messages` property: `{ key: "text" }` or
//! `{ key: { one: "…", other: "…" } }`. Unknown keys and categories are errors, so a typo is
//! reported instead of silently showing the default.

use crate::concat::concat;
use crate::prelude::*;
use core::fmt;

use super::PluralCategory;
use super::forms::pick;
use super::messages::Key;

/// One override as written by the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageValue {
    Text(String),
    Forms(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagesError {
    UnknownKey(String),
    UnknownCategory {
        key: String,
        category: String,
    },
    /// A value that is neither a string nor an object of strings.
    NotText(String),
}

impl MessagesError {
    /// For the page's developer. Built without `core::fmt` (see [`crate::decimal`]);
    /// `Display` says the same.
    pub fn message(&self) -> String {
        match self {
            Self::UnknownKey(key) => concat(&["messages: unknown key `", key, "`"]),
            Self::UnknownCategory { key, category } => concat(&[
                "messages: `",
                key,
                "` has an unknown plural category `",
                category,
                "` (use zero, one, two, few, many, other)",
            ]),
            Self::NotText(key) => concat(&[
                "messages: `",
                key,
                "` must be a string, or an object of plural forms with string values",
            ]),
        }
    }
}

impl fmt::Display for MessagesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for MessagesError {}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    entries: Vec<(Key, Vec<(PluralCategory, String)>)>,
}

impl Overrides {
    pub fn new(
        values: impl IntoIterator<Item = (String, MessageValue)>,
    ) -> Result<Self, MessagesError> {
        let mut entries = Vec::new();
        for (name, value) in values {
            let key =
                Key::from_name(&name).ok_or_else(|| MessagesError::UnknownKey(name.clone()))?;
            let forms = match value {
                MessageValue::Text(text) => vec![(PluralCategory::Other, text)],
                // A loop, not `map(..).collect::<Result<..>>()`, whose adapters are code of
                // their own in the shipped wasm.
                MessageValue::Forms(given) => {
                    let mut forms = Vec::with_capacity(given.len());
                    for (category, text) in given {
                        let Some(parsed) = PluralCategory::parse(&category) else {
                            return Err(MessagesError::UnknownCategory {
                                key: name.clone(),
                                category,
                            });
                        };
                        forms.push((parsed, text));
                    }
                    forms
                }
            };
            entries.push((key, forms));
        }
        Ok(Self { entries })
    }

    /// The override's form for `category`, or its `other` form.
    pub fn form(&self, key: Key, category: PluralCategory) -> Option<&str> {
        let (_, forms) = self.entries.iter().rev().find(|(k, _)| *k == key)?;
        pick(forms.iter().map(|(c, text)| (*c, text.as_str())), category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The page's `messages` as JSON, read the way the browser shell reads the JS object.
    fn parse(json: &str) -> Result<Overrides, MessagesError> {
        let map: BTreeMap<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        let values = map.into_iter().map(|(key, value)| {
            let value = match value {
                serde_json::Value::String(text) => MessageValue::Text(text),
                serde_json::Value::Object(forms) => MessageValue::Forms(
                    forms
                        .into_iter()
                        .map(|(c, t)| (c, t.as_str().unwrap_or_default().to_owned()))
                        .collect(),
                ),
                _ => MessageValue::Forms(Vec::new()),
            };
            (key, value)
        });
        Overrides::new(values)
    }

    #[test]
    fn strings_and_plural_forms() {
        let overrides = parse(r#"{"next":"It's your turn next","aboutMinutes":{"one":"~{n} min","other":"~{n} mins"}}"#).unwrap();
        assert_eq!(
            overrides.form(Key::Next, PluralCategory::Other),
            Some("It's your turn next")
        );
        assert_eq!(
            overrides.form(Key::Next, PluralCategory::Few),
            Some("It's your turn next")
        );
        assert_eq!(
            overrides.form(Key::AboutMinutes, PluralCategory::One),
            Some("~{n} min")
        );
        assert_eq!(overrides.form(Key::Loading, PluralCategory::Other), None);
    }

    #[test]
    fn typos_are_errors() {
        assert_eq!(
            parse(r#"{"nxt":"x"}"#),
            Err(MessagesError::UnknownKey("nxt".into()))
        );
        assert_eq!(
            parse(r#"{"minutes":{"uno":"x"}}"#),
            Err(MessagesError::UnknownCategory {
                key: "minutes".into(),
                category: "uno".into()
            })
        );
    }
}
