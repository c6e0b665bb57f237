//! The one list of `mount()` options and the attributes `<waitline-status>` maps onto them:
//! each option's name, kind, range, meaning and default, in one place. `npm run build` makes
//! every copy from it (see [`crate::sourcegen`]): the element's attribute lists, the
//! `MountOptions` type and the README's attribute table; [`crate::settings`] reads the ranges.

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

/// What the shipped wasm reads of an option: its name and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// The `mount()` option (camelCase).
    pub name: &'static str,
    pub kind: OptionKind,
}

/// What the documentation says of an option. A separate table from [`OPTIONS`], so the shipped
/// wasm, which reads only names and kinds, links none of these words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDoc {
    pub name: &'static str,
    /// What it does, one or more sentences.
    pub meaning: &'static str,
    /// Its default, as the README and the TypeScript docs say it (Markdown).
    pub default: &'static str,
    /// The TypeScript type, when it is not the kind's (`string`, `number`, `boolean`).
    pub type_name: Option<&'static str>,
    /// `mount()` refuses to start without it.
    pub required: bool,
}

/// A number option's range, for [`crate::settings`]; looked up at compile time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberRange {
    pub name: &'static str,
    /// Its attribute (`poll-seconds`), which error messages name.
    pub attribute: &'static str,
    pub min: f64,
    pub max: f64,
    /// `"1 to 3600"`, as the error message and the documentation say it.
    pub text: &'static str,
}

impl OptionSpec {
    /// The element's attribute, when it has one: the name in kebab case (`contactId` →
    /// `contact-id`), the rule `src/js/element.js` maps attributes by. Derived rather than
    /// listed: a second list of names would be data the shipped wasm carries and never reads.
    pub fn attribute(&self) -> Option<String> {
        if self.kind == OptionKind::Messages {
            return None;
        }
        Some(kebab(self.name))
    }
}

/// `contactId` → `contact-id`.
pub fn kebab(name: &str) -> String {
    let mut attribute = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            attribute.push('-');
        }
        attribute.push(c.to_ascii_lowercase());
    }
    attribute
}

/// The length of `name` in kebab case, at compile time.
const fn kebab_len(name: &str) -> usize {
    let bytes = name.as_bytes();
    let (mut length, mut at) = (bytes.len(), 0);
    while at < bytes.len() {
        if bytes[at].is_ascii_uppercase() {
            length += 1;
        }
        at += 1;
    }
    length
}

/// `name` in kebab case, at compile time: error messages name attributes without the shipped
/// wasm converting names at run time.
const fn kebab_bytes<const N: usize>(name: &str) -> [u8; N] {
    let bytes = name.as_bytes();
    let mut out = [0; N];
    let (mut from, mut to) = (0, 0);
    while from < bytes.len() {
        if bytes[from].is_ascii_uppercase() {
            out[to] = b'-';
            to += 1;
        }
        out[to] = bytes[from].to_ascii_lowercase();
        to += 1;
        from += 1;
    }
    out
}

/// Defines [`OPTIONS`], [`OPTION_DOCS`] and the number ranges from one entry per option.
macro_rules! define_options {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident: $kind:ident $(($min:literal to $max:literal))? $(as $type_name:literal)?,
        default $default:literal $(, $required:ident)?;
    )*) => {
        /// Every `mount()` option, in the order the element and the documentation list them.
        pub const OPTIONS: &[OptionSpec] = &[
            $(OptionSpec { name: stringify!($name), kind: OptionKind::$kind },)*
        ];

        /// What the documentation says of each option, in [`OPTIONS`]' order.
        pub const OPTION_DOCS: &[OptionDoc] = &[
            $(OptionDoc {
                name: stringify!($name),
                meaning: concat!($($doc, "\n",)* ""),
                default: $default,
                type_name: define_options!(@type $($type_name)?),
                required: define_options!(@required $($required)?),
            },)*
        ];

        /// Every number option's range.
        pub const NUMBER_RANGES: &[NumberRange] = &[
            $($(NumberRange {
                name: stringify!($name),
                attribute: {
                    const NAME: &str = stringify!($name);
                    const BYTES: [u8; kebab_len(NAME)] = kebab_bytes(NAME);
                    match core::str::from_utf8(&BYTES) {
                        Ok(attribute) => attribute,
                        Err(_) => panic!("an option's name is ASCII"),
                    }
                },
                min: $min as f64,
                max: $max as f64,
                text: concat!(stringify!($min), " to ", stringify!($max)),
            },)?)*
        ];
    };
    (@type) => { None };
    (@type $type_name:literal) => { Some($type_name) };
    (@required) => { false };
    (@required required) => { true };
}

define_options! {
    /// The Connect contact to follow (a contact ID or ARN). Nothing happens until it is set.
    contactId: Text, default "none", required;
    /// URL template containing `{contactId}` (percent-encoded in).
    endpoint: Text, default "`/v1/contacts/{contactId}/metrics`";
    /// Sent as `Authorization: Bearer <token>`; minted by your backend for this contact.
    token: Text, default "none";
    /// BCP 47 tag; built in: `en`, `es`, `fr`, `de`, `pt`, `ja`, `ar` (right to left).
    locale: Text, default "the page's `lang`, then the browser's languages, then `en`";
    /// How an estimate is phrased: `approximate` ("about 5 minutes"), `less-than` ("less than
    /// 10 minutes"), `range` ("4–6 minutes"), `precise` ("4 minutes 10 seconds").
    ewtStyle: Text as "EwtStyle", default "`approximate`";
    /// Where the callback offer links (http and https only; anything else is refused with a
    /// console error and never rendered). Without it the offer is a "Call me back" button that
    /// opens the widget's own form.
    callbackUrl: Text, default "none";
    /// Where the self-service offer links (http and https only). Without it the offer is a
    /// button that only fires `waitline:self-service`.
    selfServiceUrl: Text, default "none";
    /// URL template containing `{contactId}` for callbacks: `POST` with this contact to ask,
    /// `GET` with the callback's to follow it.
    callbackEndpoint: Text, default "`/v1/contacts/{contactId}/callback`";
    /// Two-letter country a number typed without its country code is read in.
    callbackCountry: Text,
        default "the region of the language tag the widget speaks by (`en-GB` → `GB`), else none";
    /// Base seconds between polls (see Polling in the README).
    pollSeconds: Number(1 to 3600), default "`10`";
    /// Longest wait given as a number; beyond it "more than an hour".
    maxWaitSeconds: Number(60 to 86400), default "`3600`";
    /// Offer a callback when the estimate reaches this many seconds.
    callbackAfterSeconds: Number(0 to 86400), default "off";
    /// Offer a callback from this position on.
    callbackAfterPosition: Number(1 to 100000), default "off";
    /// Offer self-service (chatbot, FAQ, help center) when the estimate reaches this many
    /// seconds.
    selfServiceAfterSeconds: Number(0 to 86400), default "off";
    /// Offer self-service from this position on.
    selfServiceAfterPosition: Number(1 to 100000), default "off";
    /// Screen readers hear changes at most this often; milestones are heard at once.
    announceEverySeconds: Number(0 to 3600), default "`60`";
    /// A request still unanswered after this many seconds is aborted and counts as failed.
    timeoutSeconds: Number(1 to 120), default "`8`";
    /// While the page is hidden, the place in the page's title: `(4th) Support — Example`; the
    /// page's own title comes back when it is shown, the wait ends or the widget goes. Only one
    /// widget on a page does. A boolean attribute: present means on.
    titlePosition: Flag, default "off";
    /// A "Notify me when I'm next" button: it asks for the browser's permission when clicked,
    /// never on load; then one notification when the place reaches 1 while the page is hidden.
    /// A boolean attribute.
    notifyNext: Flag, default "off";
    /// Replacement wording (see Languages and wording in the README).
    messages: Messages as "Messages", default "built in";
}

/// Attributes that are not options: they only change CSS. For the documentation.
pub const CSS_ATTRIBUTES: &[(&str, &str, &str)] = &[(
    "layout",
    "`card` for a support page, `compact` (one or two lines) for a chat window",
    "`card`",
)];

/// The first name that is not an option, so a typo (`pollSecond`) is an error, not a
/// silently ignored setting.
pub fn first_unknown<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names
        .into_iter()
        .find(|name| !OPTIONS.iter().any(|o| o.name == *name))
}

/// Where option `name` is in [`OPTIONS`]. For compile-time lookups (`const { at("token") }`),
/// where a name not in the list stops the build.
pub const fn at(name: &str) -> usize {
    let mut index = 0;
    while index < OPTIONS.len() {
        if same(OPTIONS[index].name, name) {
            return index;
        }
        index += 1;
    }
    panic!("not an option")
}

/// The range of number option `name`, at compile time (`const { range("pollSeconds") }`).
pub const fn range(name: &str) -> NumberRange {
    let mut index = 0;
    while index < NUMBER_RANGES.len() {
        if same(NUMBER_RANGES[index].name, name) {
            return NUMBER_RANGES[index];
        }
        index += 1;
    }
    panic!("not a number option")
}

/// String equality a `const fn` can compute.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
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
    fn every_option_is_documented_and_every_number_has_a_range() {
        assert_eq!(OPTION_DOCS.len(), OPTIONS.len());
        for (option, doc) in OPTIONS.iter().zip(OPTION_DOCS) {
            assert_eq!(option.name, doc.name);
            assert!(!doc.meaning.trim().is_empty(), "{}", option.name);
            let ranged = NUMBER_RANGES.iter().any(|r| r.name == option.name);
            assert_eq!(ranged, option.kind == OptionKind::Number, "{}", option.name);
        }
        let poll = range("pollSeconds");
        assert_eq!((poll.min, poll.max, poll.text), (1.0, 3600.0, "1 to 3600"));
        for range in NUMBER_RANGES {
            assert_eq!(range.attribute, kebab(range.name));
        }
        assert_eq!(OPTIONS[at("token")].name, "token");
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
