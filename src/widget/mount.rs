//! A widget made from the page's options: checked into settings, the language negotiated, the
//! offers' links made safe, and its session prepared.

use js_sys::Array;
use waitline_core::concat::concat;
use waitline_core::i18n::{Catalog, Locale, MessagesError, Overrides};
use waitline_core::{Session, Settings, SettingsError};
use wasm_bindgen::prelude::*;

use super::Widget;
use crate::intl::IntlRules;
use crate::options::{self, ReadError};
use crate::prelude::*;

#[derive(Debug)]
pub(super) enum MountError {
    Options(ReadError),
    Settings(SettingsError),
    Messages(MessagesError),
}

impl MountError {
    /// Built without `core::fmt`, which would cost the shipped wasm about 10 KB.
    pub(super) fn message(&self) -> String {
        let reason = match self {
            Self::Options(error) => concat(&["invalid options: ", &error.message()]),
            Self::Settings(error) => error.message(),
            Self::Messages(error) => error.message(),
        };
        concat(&["waitline: ", &reason])
    }
}

impl Widget {
    pub(super) fn create(
        options: &JsValue,
        languages: &JsValue,
        base: &str,
        seed: f64,
    ) -> Result<Self, MountError> {
        let (core, shell) = options::read(options).map_err(MountError::Options)?;
        let settings = Settings::new(&core).map_err(MountError::Settings)?;
        let overrides = Overrides::new(shell.messages).map_err(MountError::Messages)?;
        // An array of strings from the shell: anything else in it is skipped.
        let languages: &Array = languages.unchecked_ref();
        // The `locale` option first. Loops rather than `filter_map`, `chain` and `collect`, whose
        // adapters are code of their own in the shipped wasm.
        let mut tags = Vec::new();
        tags.extend(shell.locale);
        for tag in languages.iter() {
            tags.extend(tag.as_string());
        }
        let (locale, region) = Locale::negotiate_with_region(tags.iter().map(String::as_str));
        let links = [
            (
                "callback",
                checked_url(base, "callback-url", shell.callback_url.as_deref()),
            ),
            (
                "self-service",
                checked_url(base, "self-service-url", shell.self_service_url.as_deref()),
            ),
            ("notify", None),
        ];
        // A whole number below 2^53 from the shell's Math.random(); only its spread matters.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let seed = seed as u64;
        let mut config = settings.session;
        config.title_position = shell.title_position;
        config.notify_next = shell.notify_next;
        let session = Session::new(
            config,
            // No words until the page's language pack arrives (see `language`): every language
            // is a pack, so a page downloads exactly one.
            Catalog::without_table(locale, IntlRules::new(locale), overrides),
            seed,
        );
        // Where a number without its country code is from: the page says, else the region of
        // the language tag the widget speaks by.
        let country = settings.callback_country.clone().or(region);
        Ok(Self {
            settings,
            session,
            pack: Some(locale),
            links,
            country,
            followed: None,
            started: false,
        })
    }
}

/// Only http and https URLs become links; anything else (`javascript:`, `data:`) is refused
/// with a console error and the offer falls back to a button that only fires its event.
fn checked_url(base: &str, name: &str, url: Option<&str>) -> Option<String> {
    let url = url.map(str::trim_ascii).filter(|u| !u.is_empty())?;
    match web_sys::Url::new_with_base(url, base) {
        Ok(parsed) if matches!(parsed.protocol().as_str(), "http:" | "https:") => {
            Some(parsed.href())
        }
        _ => {
            let message = [
                "waitline: ",
                name,
                " must be an http or https URL; ignoring it",
            ];
            web_sys::console::error_1(&JsValue::from_str(&concat(&message)));
            None
        }
    }
}
