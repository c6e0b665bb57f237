//! The platform's number rules (`Intl.PluralRules`, `Intl.NumberFormat`) for the core's
//! message catalogs.
//!
//! Bound here rather than through js-sys: js-sys takes a locale list (an `Array` to build) and
//! marks `format` as a call that may throw, with exception glue on both sides. Neither
//! constructor throws for a built-in locale's tag, and neither call throws for a `u32`.

use crate::prelude::*;
use waitline_core::i18n::{Locale, NumberRules, PluralCategory};
use wasm_bindgen::prelude::*;

use crate::js;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl)]
    type PluralRules;
    #[wasm_bindgen(constructor, js_namespace = Intl)]
    fn new(locale: &str, options: &JsValue) -> PluralRules;
    #[wasm_bindgen(method)]
    fn select(this: &PluralRules, n: u32) -> JsValue;

    #[wasm_bindgen(js_namespace = Intl)]
    type NumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl)]
    fn new(locale: &str) -> NumberFormat;
    #[wasm_bindgen(method)]
    fn format(this: &NumberFormat, n: u32) -> JsValue;
}

pub struct IntlRules {
    cardinal: PluralRules,
    ordinal: PluralRules,
    format: NumberFormat,
}

impl IntlRules {
    /// Only a built-in locale's tag reaches `Intl`: its constructors throw on malformed tags,
    /// and what the page passes is never trusted to be well-formed.
    pub fn new(locale: Locale) -> Self {
        let tag = locale.tag();
        Self {
            cardinal: PluralRules::new(tag, &JsValue::UNDEFINED),
            ordinal: PluralRules::new(tag, &js::object(&[("type", "ordinal".into())])),
            format: NumberFormat::new(tag),
        }
    }
}

fn category(name: &JsValue) -> PluralCategory {
    name.as_string()
        .as_deref()
        .and_then(PluralCategory::parse)
        .unwrap_or(PluralCategory::Other)
}

impl NumberRules for IntlRules {
    fn cardinal(&self, n: u32) -> PluralCategory {
        category(&self.cardinal.select(n))
    }

    fn ordinal(&self, n: u32) -> PluralCategory {
        category(&self.ordinal.select(n))
    }

    fn format(&self, n: u32) -> String {
        self.format.format(n).as_string().unwrap_or_default()
    }
}
