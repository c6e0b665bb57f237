//! Calls bound without `catch`. web-sys and js-sys mark them as ones that may throw, and each
//! such call carries exception-handling glue in the JS and a check in the wasm. This one cannot
//! throw with what the widget passes it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Reflect.set` on an object the widget has just made (no setters, not frozen).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn set_member(object: &JsValue, name: &str, value: &JsValue);
}
