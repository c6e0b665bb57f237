//! The browser APIs the widget calls, bound here rather than through web-sys and js-sys: only
//! the members it reads, and without `catch` where a call cannot throw with what the widget
//! passes it (web-sys and js-sys mark most calls as ones that may, and each such call carries
//! exception-handling glue in the JS and a check in the wasm). js-sys also exports an entry
//! point of its own (JSPI's task poll): wasm-bindgen drops it, but the strings it referred to
//! stay in the wasm's data, which nothing can trim after linking.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Reflect.set` on an object the widget has just made (no setters, not frozen).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn set_member(object: &JsValue, name: &str, value: &JsValue);
}
