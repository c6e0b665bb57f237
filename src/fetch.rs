//! One poll of the proxy: a GET that answers with a [`Reading`] or a typed [`PollError`].
//!
//! Bodies are parsed by the browser's own `JSON.parse` and read member by member: no serde in
//! the shipped wasm. The request is a `Request` object handed to the global `fetch`, so the
//! first one can be started by the JavaScript shell before the wasm has even loaded. Its answer
//! comes back through one callback (`settle`), not Rust futures: the futures executor cost the
//! shipped wasm more than the rest of this module.

use crate::prelude::*;
use js_sys::{Array, Promise};
use waitline_core::metrics::reading;
use waitline_core::schedule::Hints;
use waitline_core::{ErrorCode, PollError, Reading, headers};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Headers, Request, RequestInit, Response};

use crate::js;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, looked up at call time (a page or test may wrap it).
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(request: &Request) -> Promise;
}

#[wasm_bindgen(inline_js = "export function settle(r, done) {\n\
  r.then((x) => x.json().then((body) => done(x, body), () => done(x)), () => done());\n\
}")]
extern "C" {
    /// Calls `done` exactly once: with the response and its parsed JSON body, with the response
    /// alone when the body is not JSON, or with nothing when there was no response at all.
    pub fn settle(response: &Promise, done: &JsValue);
}

/// One poll: the reading (or why there is none) and, on success, the proxy's hints.
pub type Polled = (Result<Reading, PollError>, Hints);

/// Starts the GET; `Err` only when the browser refuses to build the request.
pub fn start(url: &str, token: Option<&str>, signal: &AbortSignal) -> Result<Promise, PollError> {
    // Plain objects rather than `Headers` and RequestInit's setters: fewer imports. The token
    // is visible ASCII (Settings checks it), so the browser accepts it as a header value.
    let mut headers = vec![("Accept", JsValue::from_str("application/json"))];
    if let Some(token) = token {
        headers.push(("Authorization", ["Bearer ", token].concat().into()));
    }
    let init = js::object(&[
        ("headers", js::object(&headers).into()),
        ("signal", signal.clone().into()),
    ]);
    let request = Request::new_with_str_and_init(url, init.unchecked_ref::<RequestInit>())
        .map_err(|_| PollError::Network)?;
    Ok(fetch_request(&request))
}

/// Reads what [`settle`] handed back.
pub fn read(response: &JsValue, body: &JsValue) -> Polled {
    let Some(response) = response.dyn_ref::<Response>() else {
        return (Err(PollError::Network), Hints::default());
    };
    let headers = response.headers();
    let retry_after = header(&headers, "Retry-After")
        .as_deref()
        .and_then(headers::retry_after);
    if !response.ok() {
        let error = PollError::Http {
            status: response.status(),
            code: ErrorCode::from_parts(
                header(&headers, "x-amzn-ErrorType").as_deref(),
                string(body, "code").as_deref(),
                string(body, "__type").as_deref(),
            ),
            retry_after,
        };
        return (Err(error), Hints::default());
    }
    let hints = Hints {
        retry_after,
        max_age: header(&headers, "Cache-Control")
            .as_deref()
            .and_then(headers::max_age),
    };
    (metrics(body), hints)
}

/// A `GetContactMetrics` body: `MetricResults` (absent means none) of `{ Name, Value: { Number } }`.
/// Unknown metrics and union members are skipped; a wrong shape is an invalid answer.
fn metrics(body: &JsValue) -> Result<Reading, PollError> {
    if !body.is_object() {
        return Err(PollError::InvalidBody);
    }
    let results = js::member(body, "MetricResults");
    if results.is_null_or_undefined() {
        return reading([]);
    }
    let results: &Array = results.dyn_ref().ok_or(PollError::InvalidBody)?;
    let mut pairs = Vec::new();
    for result in results.iter() {
        if !result.is_object() {
            return Err(PollError::InvalidBody);
        }
        let name = js::member(&result, "Name")
            .as_string()
            .ok_or(PollError::InvalidBody)?;
        let value = js::member(&result, "Value");
        let number = if value.is_null_or_undefined() {
            None
        } else if value.is_object() {
            let number = js::member(&value, "Number");
            if number.is_null_or_undefined() {
                None
            } else {
                Some(number.as_f64().ok_or(PollError::InvalidBody)?)
            }
        } else {
            return Err(PollError::InvalidBody);
        };
        pairs.push((name, number));
    }
    reading(pairs.iter().map(|(name, number)| (name.as_str(), *number)))
}

fn string(body: &JsValue, name: &str) -> Option<String> {
    js::member(body, name).as_string()
}

fn header(headers: &Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}
