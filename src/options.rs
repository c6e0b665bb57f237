//! `mount()`'s options object, read member by member with `Reflect`. Hand-written rather than
//! serde-wasm-bindgen: serde's generic deserializers and error messages cost the shipped wasm
//! about 20 KB, and the options are a flat list (`waitline_core::options::OPTIONS`).

use crate::prelude::*;
use js_sys::{Array, Object};
use waitline_core::Options;
use waitline_core::concat::concat;
use waitline_core::i18n::{MessageValue, MessagesError};
use waitline_core::options::{OPTIONS, OptionKind, at, first_unknown};
use wasm_bindgen::{JsCast, JsValue};

use crate::js;

/// The options only the browser shell reads; the rest are [`Options`], read by the core.
#[derive(Debug, Default)]
pub struct ShellOptions {
    pub locale: Option<String>,
    pub messages: Vec<(String, MessageValue)>,
    pub callback_url: Option<String>,
    pub self_service_url: Option<String>,
    pub title_position: bool,
    pub notify_next: bool,
}

/// Why the options object could not be read, as said after "invalid options: ".
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    NotAnObject,
    Unknown(String),
    /// The option's name and what it must be.
    WrongType(&'static str, &'static str),
    Messages(MessagesError),
}

impl ReadError {
    pub fn message(&self) -> String {
        match self {
            Self::NotAnObject => "options must be an object".into(),
            Self::Unknown(name) => concat(&["unknown option ", name]),
            Self::WrongType(name, kind) => concat(&[name, " must be ", kind]),
            Self::Messages(error) => error.message(),
        }
    }
}

pub fn read(options: &JsValue) -> Result<(Options, ShellOptions), ReadError> {
    if options.is_null_or_undefined() {
        return read(&Object::new());
    }
    let object = js::as_object(options).ok_or(ReadError::NotAnObject)?;
    let given = entries(object);
    if let Some(name) = first_unknown(given.iter().map(|(name, _)| name.as_str())) {
        return Err(ReadError::Unknown(name.to_owned()));
    }
    // Every value checked before any is converted: one loop, and no half-built options to drop
    // on an error path (which, per field, cost the wasm more than the reading itself).
    let mut values = Vec::with_capacity(OPTIONS.len());
    for option in OPTIONS {
        let value = js::member(object, option.name);
        let (fits, kind) = match option.kind {
            OptionKind::Text => (value.is_string(), "a string"),
            OptionKind::Number => (value.as_f64().is_some(), "a number"),
            OptionKind::Flag => (value.as_bool().is_some(), "true or false"),
            OptionKind::Messages => (value.is_object(), "an object"),
        };
        if !(fits || value.is_null_or_undefined()) {
            return Err(ReadError::WrongType(option.name, kind));
        }
        values.push(value);
    }
    // Each name is found in `OPTIONS` at compile time (`at`, where a name not in the list stops
    // the build), so reading costs no search.
    let value = |at: usize| values.get(at).cloned().unwrap_or_default();
    let text = |at: usize| value(at).as_string();
    let number = |at: usize| value(at).as_f64();
    let flag = |at: usize| value(at).as_bool().unwrap_or_default();
    let core = Options {
        contact_id: text(const { at("contactId") }).unwrap_or_default(),
        endpoint: text(const { at("endpoint") }),
        token: text(const { at("token") }),
        poll_seconds: number(const { at("pollSeconds") }),
        ewt_style: text(const { at("ewtStyle") }),
        max_wait_seconds: number(const { at("maxWaitSeconds") }),
        callback_after_seconds: number(const { at("callbackAfterSeconds") }),
        callback_after_position: number(const { at("callbackAfterPosition") }),
        self_service_after_seconds: number(const { at("selfServiceAfterSeconds") }),
        self_service_after_position: number(const { at("selfServiceAfterPosition") }),
        announce_every_seconds: number(const { at("announceEverySeconds") }),
        timeout_seconds: number(const { at("timeoutSeconds") }),
        callback_endpoint: text(const { at("callbackEndpoint") }),
        callback_country: text(const { at("callbackCountry") }),
    };
    let shell = ShellOptions {
        locale: text(const { at("locale") }),
        messages: match js::as_object(&value(const { at("messages") })) {
            Some(object) => messages(object)?,
            None => Vec::new(), // absent: the loop above refused anything but an object
        },
        callback_url: text(const { at("callbackUrl") }),
        self_service_url: text(const { at("selfServiceUrl") }),
        title_position: flag(const { at("titlePosition") }),
        notify_next: flag(const { at("notifyNext") }),
    };
    Ok((core, shell))
}

/// `{ key: "text" }` or `{ key: { one: "…", other: "…" } }`; the core checks keys and categories.
fn messages(object: &Object) -> Result<Vec<(String, MessageValue)>, ReadError> {
    let mut messages = Vec::new();
    for (key, value) in entries(object) {
        let message = match value.as_string() {
            Some(text) => MessageValue::Text(text),
            None => {
                let not_text = || ReadError::Messages(MessagesError::NotText(key.clone()));
                let forms = js::as_object(&value).ok_or_else(not_text)?;
                let mut texts = Vec::new();
                for (category, text) in entries(forms) {
                    texts.push((category, text.as_string().ok_or_else(not_text)?));
                }
                MessageValue::Forms(texts)
            }
        };
        messages.push((key, message));
    }
    Ok(messages)
}

/// An object's own string-keyed members, in order.
fn entries(object: &Object) -> Vec<(String, JsValue)> {
    let mut entries = Vec::new();
    for entry in Object::entries(object).iter() {
        // Always a `[key, value]` pair.
        let entry: Array = entry.unchecked_into();
        if let Some(key) = entry.get(0).as_string() {
            entries.push((key, entry.get(1)));
        }
    }
    entries
}
