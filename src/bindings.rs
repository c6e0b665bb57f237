//! The browser APIs the widget calls, bound here rather than through web-sys and js-sys: only
//! the members it reads, and without `catch` where a call cannot throw with what the widget
//! passes it (web-sys and js-sys mark most calls as ones that may, and each such call carries
//! exception-handling glue in the JS and a check in the wasm). js-sys also exports an entry
//! point of its own (JSPI's task poll): wasm-bindgen drops it, but the strings it referred to
//! stay in the wasm's data, which nothing can trim after linking.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A plain object: the frames and what else the shell gets, and what it passes in.
    pub type Object;
    #[wasm_bindgen(constructor)]
    pub fn new() -> Object;
    /// `Object.entries`: an object's own string-keyed `[key, value]` pairs, in order.
    #[wasm_bindgen(static_method_of = Object)]
    pub fn entries(object: &Object) -> Array;

    #[wasm_bindgen(extends = Object)]
    pub type Array;
    #[wasm_bindgen(constructor)]
    pub fn new() -> Array;
    #[wasm_bindgen(method, getter)]
    pub fn length(this: &Array) -> u32;
    #[wasm_bindgen(method, indexing_getter)]
    pub fn get(this: &Array, index: u32) -> JsValue;
    #[wasm_bindgen(method)]
    pub fn push(this: &Array, value: &JsValue);
    /// `Array.isArray`: `instanceof Array` would refuse an array from another realm (an iframe).
    #[wasm_bindgen(static_method_of = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> bool;

    /// `Reflect.get`: throws for a target that is not an object, or from a getter.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    pub fn get_member(object: &JsValue, name: &str) -> Result<JsValue, JsValue>;
    /// `Reflect.set` on an object the widget has just made (no setters, not frozen).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn set_member(object: &JsValue, name: &str, value: &JsValue);
}

/// An array's items, in order.
#[allow(missing_debug_implementations)]
pub struct Items<'a> {
    array: &'a Array,
    next: u32,
}

impl Iterator for Items<'_> {
    type Item = JsValue;

    fn next(&mut self) -> Option<JsValue> {
        let index = self.next;
        (index < self.array.length()).then(|| {
            self.next += 1;
            self.array.get(index)
        })
    }
}

impl Array {
    pub fn items(&self) -> Items<'_> {
        Items {
            array: self,
            next: 0,
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// A `fetch` answer, as the shell hands it over.
    pub type Response;
    #[wasm_bindgen(method, getter)]
    pub fn ok(this: &Response) -> bool;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &Response) -> u16;
    #[wasm_bindgen(method, getter)]
    pub fn headers(this: &Response) -> Headers;

    pub type Headers;
    /// Throws only for a name that is not a header name; the widget's are constants. Its
    /// string (or null) is read with `as_string`, as every other string the wasm reads: one
    /// conversion in the glue instead of one per call that returns a string.
    #[wasm_bindgen(method)]
    pub fn get(this: &Headers, name: &str) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `URL`, to resolve and check the offers' links.
    pub type Url;
    /// Throws for what is not a URL, even relative to `base`.
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    pub fn new(url: &str, base: &str) -> Result<Url, JsValue>;
    #[wasm_bindgen(method, getter)]
    pub fn protocol(this: &Url) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn href(this: &Url) -> JsValue;

    /// `console.error`, for options the widget ignores.
    #[wasm_bindgen(js_namespace = console)]
    pub fn error(message: &str);
}
