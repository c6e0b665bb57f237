//! Plain JavaScript objects, read and built with `Reflect`: the options object, response
//! bodies, the prefetched request, and the init dictionaries the browser takes. One import does
//! for all of them what a getter or setter import per member would (less glue to ship).

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::bindings;

/// `object[name]`, or `undefined` when it cannot be read (a getter that throws).
pub fn member(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A plain object with these members.
pub fn object(members: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in members {
        bindings::set_member(&object, name, value);
    }
    object
}

/// A string, or `undefined` for none.
pub fn text(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

/// `value` as an object when `typeof value` is "object" (null excluded). Unlike `dyn_ref`'s
/// `instanceof Object`, this also takes objects from another realm (an iframe) or made with
/// `Object.create(null)`, and it needs no import of its own.
pub fn as_object(value: &JsValue) -> Option<&Object> {
    value.is_object().then(|| value.unchecked_ref())
}
