//! The one list of `mount()` options and the attributes `<waitline-status>` maps onto them.
//! The element (`src/js/element.js`), the TypeScript types (`src/js/mount.d.ts`) and the README's
//! attribute table are copies of it, kept equal by `core/tests/options_contract.rs`.

use crate::prelude::*;

/// How an attribute's text becomes an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Text,
    /// `Number(attribute)`: a non-numeric attribute becomes NaN, rejected with a clear error.
    Number,
    /// A boolean attribute: present (whatever its value) is `true`, absent `false`.
    Flag,
    /// Only a property or a `mount()` option: replacement wording has no attribute form.
    Messages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// The `mount()` option (camelCase).
    pub name: &'static str,
    pub kind: OptionKind,
}

impl OptionSpec {
    /// The element's attribute, when it has one: the name in kebab case (`contactId` →
    /// `contact-id`), the rule `src/js/element.js` maps attributes by. Derived rather than
    /// listed: a second list of names would be data the shipped wasm carries and never reads.
    pub fn attribute(&self) -> Option<String> {
        if self.kind == OptionKind::Messages {
            return None;
        }
        let mut attribute = String::with_capacity(self.name.len() + 4);
        for c in self.name.chars() {
            if c.is_ascii_uppercase() {
                attribute.push('-');
            }
            attribute.push(c.to_ascii_lowercase());
        }
        Some(attribute)
    }
}

const fn text(name: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        kind: OptionKind::Text,
    }
}

const fn number(name: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        kind: OptionKind::Number,
    }
}

const fn flag(name: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        kind: OptionKind::Flag,
    }
}

pub const OPTIONS: &[OptionSpec] = &[
    text("contactId"),
    text("endpoint"),
    text("token"),
    text("locale"),
    text("ewtStyle"),
    text("callbackUrl"),
    text("selfServiceUrl"),
    text("callbackEndpoint"),
    text("callbackCountry"),
    number("pollSeconds"),
    number("maxWaitSeconds"),
    number("callbackAfterSeconds"),
    number("callbackAfterPosition"),
    number("selfServiceAfterSeconds"),
    number("selfServiceAfterPosition"),
    number("announceEverySeconds"),
    number("timeoutSeconds"),
    flag("titlePosition"),
    flag("notifyNext"),
    OptionSpec {
        name: "messages",
        kind: OptionKind::Messages,
    },
];

/// The first name that is not an option, so a typo (`pollSecond`) is an error, not a
/// silently ignored setting.
pub fn first_unknown<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names
        .into_iter()
        .find(|name| !OPTIONS.iter().any(|o| o.name == *name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found_and_known_names_pass() {
        assert_eq!(first_unknown(["contactId", "pollSeconds"]), None);
        assert_eq!(
            first_unknown(["contactId", "pollSecond", "x"]),
            Some("pollSecond")
        );
        assert_eq!(first_unknown(["contact-id"]), Some("contact-id"));
    }

    #[test]
    fn names_and_attributes_are_unique() {
        for (i, a) in OPTIONS.iter().enumerate() {
            for b in &OPTIONS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert!(a.attribute().is_none() || a.attribute() != b.attribute());
            }
        }
    }

    #[test]
    fn attributes_are_names_in_kebab_case_and_messages_has_none() {
        let attribute = |name| OPTIONS.iter().find(|o| o.name == name).unwrap().attribute();
        assert_eq!(attribute("contactId").as_deref(), Some("contact-id"));
        assert_eq!(attribute("endpoint").as_deref(), Some("endpoint"));
        assert_eq!(
            attribute("selfServiceAfterPosition").as_deref(),
            Some("self-service-after-position")
        );
        assert_eq!(attribute("messages"), None);
    }
}
