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
