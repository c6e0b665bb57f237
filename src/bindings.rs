//! DOM calls bound without `catch`. web-sys marks nearly every DOM method as one that may
//! throw, and each such call carries exception-handling glue in the JS and a check in the
//! wasm. These cannot throw with what the widget passes them (fixed tag and attribute names,
//! nodes it has just created, plain objects it has just made, its own listeners), so they are
//! bound here plainly. Calls that can throw (`attachShadow`, `new URL`, `new Request`, header
//! values from a page) stay web-sys's, with their errors handled.

use crate::prelude::*;
use js_sys::Function;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Any node or event target, seen through the calls below.
    pub type Target;

    #[wasm_bindgen(method, js_name = createElement)]
    pub fn create_element(this: &Target, tag: &str) -> web_sys::Element;
    #[wasm_bindgen(method, js_name = setAttribute)]
    pub fn set_attribute(this: &Target, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = toggleAttribute)]
    pub fn toggle_attribute(this: &Target, name: &str, force: bool);
    #[wasm_bindgen(method, js_name = appendChild)]
    pub fn append_child(this: &Target, child: &Target);
    #[wasm_bindgen(method, js_name = addEventListener)]
    pub fn add_event_listener(this: &Target, kind: &str, listener: &Function);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    pub fn remove_event_listener(this: &Target, kind: &str, listener: &Function);
    #[wasm_bindgen(method, js_name = dispatchEvent)]
    pub fn dispatch_event(this: &Target, event: &CustomEvent) -> bool;
    #[wasm_bindgen(method, getter, js_name = baseURI)]
    pub fn base_uri(this: &Target) -> String;

    pub type CustomEvent;
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, init: &js_sys::Object) -> CustomEvent;

    /// `AbortController`, whose constructor takes nothing and cannot fail.
    #[wasm_bindgen(js_name = AbortController)]
    pub type Controller;
    #[wasm_bindgen(constructor, js_class = AbortController)]
    pub fn new() -> Controller;

    #[wasm_bindgen(method, js_name = replaceSync)]
    pub fn replace_sync(this: &Target, text: &str);

    /// `Reflect.set` on an object the widget has just made (no setters, not frozen).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn set_member(object: &JsValue, name: &str, value: &JsValue);
}

/// `value` seen through the calls above.
pub fn target(value: &impl AsRef<JsValue>) -> &Target {
    value.as_ref().unchecked_ref()
}

pub fn abort_controller() -> web_sys::AbortController {
    Controller::new().unchecked_into()
}
