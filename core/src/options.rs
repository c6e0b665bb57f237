//! The one list of `mount()` options and the attributes `<waitline-status>` maps onto them.
//! The element (`src/js/element.js`), the TypeScript types (`src/js/mount.d.ts`) and the README's
//! attribute table are copies of it, kept equal by `core/tests/options_contract.rs`.

/// How an attribute's text becomes an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Text,
    /// `Number(attribute)`: a non-numeric attribute becomes NaN, rejected with a clear error.
    Number,
    /// Only a property or a `mount()` option: replacement wording has no attribute form.
    Messages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// The `mount()` option (camelCase).
    pub name: &'static str,
    /// The element's attribute, when it has one.
    pub attribute: Option<&'static str>,
    pub kind: OptionKind,
}

const fn text(name: &'static str, attribute: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        attribute: Some(attribute),
        kind: OptionKind::Text,
    }
}

const fn number(name: &'static str, attribute: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        attribute: Some(attribute),
        kind: OptionKind::Number,
    }
}

pub const OPTIONS: &[OptionSpec] = &[
    text("contactId", "contact-id"),
    text("endpoint", "endpoint"),
    text("token", "token"),
    text("locale", "locale"),
    text("ewtStyle", "ewt-style"),
    text("callbackUrl", "callback-url"),
    text("selfServiceUrl", "self-service-url"),
    text("callbackEndpoint", "callback-endpoint"),
    text("callbackCountry", "callback-country"),
    number("pollSeconds", "poll-seconds"),
    number("maxWaitSeconds", "max-wait-seconds"),
    number("callbackAfterSeconds", "callback-after-seconds"),
    number("callbackAfterPosition", "callback-after-position"),
    number("selfServiceAfterSeconds", "self-service-after-seconds"),
    number("selfServiceAfterPosition", "self-service-after-position"),
    number("announceEverySeconds", "announce-every-seconds"),
    number("timeoutSeconds", "timeout-seconds"),
    OptionSpec {
        name: "messages",
        attribute: None,
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
                assert!(a.attribute.is_none() || a.attribute != b.attribute);
            }
        }
    }
}
