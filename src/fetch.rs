//! One poll's answer, read into a [`Reading`] or a typed [`PollError`].
//!
//! The shell sends the GET and parses the body with the browser's own `JSON.parse`; it is read
//! here member by member: no serde in the shipped wasm.

use crate::prelude::*;
use js_sys::Array;
use waitline_core::metrics::reading;
use waitline_core::schedule::Hints;
use waitline_core::{ContactStage, ErrorCode, PollError, Reading, headers};
use wasm_bindgen::prelude::*;
use web_sys::{Headers, Response};

use crate::js;

/// One poll: the reading (or why there is none) and, on success, the proxy's hints.
pub type Polled = (Result<Reading, PollError>, Hints);

/// Reads what the shell's request brought: the `Response` and its parsed JSON body, either
/// missing when there was no response at all or its body is not JSON. A success's body is a
/// callback's status when `callback`, else metrics.
///
/// A flag rather than the reader as a `fn` argument: a function pointer would be the wasm's
/// only indirect call, and one indirect call keeps the whole function table alive, with the
/// unused shims wasm-bindgen leaves in it.
pub fn read(response: &JsValue, body: &JsValue, callback: bool) -> Polled {
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
    let reading = if callback {
        callback_status(body)
    } else {
        metrics(body)
    };
    (reading, hints)
}

/// A callback's status body: `{ state, startsInSeconds?, position?, ewtSeconds? }`.
fn callback_status(body: &JsValue) -> Result<Reading, PollError> {
    if !body.is_object() {
        return Err(PollError::InvalidBody);
    }
    // A member that is not a number counts as absent; the core checks the ranges.
    let number = |name| js::member(body, name).as_f64();
    waitline_core::callback::reading(
        string(body, "state").as_deref(),
        number("startsInSeconds"),
        number("position"),
        number("ewtSeconds"),
    )
}

/// The proxy's metrics answer (`waitline_core::MetricsAnswer`): `MetricResults` (absent means
/// none) of `{ Name, Value: { Number } }`, and `ContactStage` for a contact without a position.
/// Unknown metrics, union members and stages are skipped; a wrong shape is an invalid answer.
fn metrics(body: &JsValue) -> Result<Reading, PollError> {
    if !body.is_object() {
        return Err(PollError::InvalidBody);
    }
    let results = js::member(body, "MetricResults");
    let mut pairs = Vec::new();
    // Absent means none; one `reading` call for both, so the wasm has one copy of it.
    if !results.is_null_or_undefined() {
        if !Array::is_array(&results) {
            return Err(PollError::InvalidBody);
        }
        let results: &Array = results.unchecked_ref();
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
    }
    let stage = string(body, "ContactStage")
        .as_deref()
        .and_then(ContactStage::parse);
    reading(
        pairs.iter().map(|(name, number)| (name.as_str(), *number)),
        stage,
    )
}

pub fn string(body: &JsValue, name: &str) -> Option<String> {
    js::member(body, name).as_string()
}

/// `None` when absent; `Headers.get` throws only for a name that is not a header name, and
/// these are constants.
fn header(headers: &Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}
