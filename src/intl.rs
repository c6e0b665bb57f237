//! The platform's number rules (`Intl.PluralRules`, `Intl.NumberFormat`) for the core's
//! message catalogs.

use crate::prelude::*;
use js_sys::{Array, Function, Intl, JsString, Object};
use waitline_core::i18n::{Locale, NumberRules, PluralCategory};
use wasm_bindgen::JsValue;

use crate::js;

pub struct IntlRules {
    cardinal: Intl::PluralRules,
    ordinal: Intl::PluralRules,
    format: Function,
}

impl IntlRules {
    /// Only a built-in locale's tag reaches `Intl`: its constructors throw on malformed tags,
    /// and what the page passes is never trusted to be well-formed.
    pub fn new(locale: Locale) -> Self {
        let locales = Array::of1(&JsString::from(locale.tag()));
        let ordinal_options = js::object(&[("type", "ordinal".into())]);
        Self {
            cardinal: Intl::PluralRules::new(&locales, &Object::new()),
            ordinal: Intl::PluralRules::new(&locales, &ordinal_options),
            format: Intl::NumberFormat::new(&locales, &Object::new()).format(),
        }
    }
}

fn category(name: &JsString) -> PluralCategory {
    name.as_string()
        .as_deref()
        .and_then(PluralCategory::parse)
        .unwrap_or(PluralCategory::Other)
}

impl NumberRules for IntlRules {
    fn cardinal(&self, n: u32) -> PluralCategory {
        category(&self.cardinal.select(f64::from(n)))
    }

    fn ordinal(&self, n: u32) -> PluralCategory {
        category(&self.ordinal.select(f64::from(n)))
    }

    fn format(&self, n: u32) -> String {
        self.format
            .call1(&JsValue::NULL, &JsValue::from(n))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| waitline_core::decimal::decimal(n))
    }
}
