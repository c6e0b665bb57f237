//! One poll of the proxy: a GET that answers with a [`Reading`] or a typed [`PollError`].

use gloo_net::http::Request;
use serde::Deserialize;
use waitline_core::schedule::Hints;
use waitline_core::{ErrorCode, GetContactMetricsResponse, PollError, Reading, headers};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Response};

/// The members of a restJson1 error body that name the error.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    code: Option<String>,
    #[serde(rename = "__type")]
    type_: Option<String>,
}

/// One poll: the reading (or why there is none) and, on success, the proxy's hints.
pub async fn fetch_reading(
    url: &str,
    token: Option<&str>,
    signal: &AbortSignal,
) -> (Result<Reading, PollError>, Hints) {
    match fetch_response(url, token, signal).await {
        Ok((reading, hints)) => (reading, hints),
        Err(error) => (Err(error), Hints::default()),
    }
}

type Polled = (Result<Reading, PollError>, Hints);

async fn fetch_response(
    url: &str,
    token: Option<&str>,
    signal: &AbortSignal,
) -> Result<Polled, PollError> {
    let mut request = Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(Some(signal));
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response: Response = request.send().await.map_err(|_| PollError::Network)?.into();
    if !response.ok() {
        return Err(http_error(&response).await);
    }
    let response_headers = response.headers();
    let hints = Hints {
        retry_after: header(&response_headers, "Retry-After")
            .as_deref()
            .and_then(headers::retry_after),
        max_age: header(&response_headers, "Cache-Control")
            .as_deref()
            .and_then(headers::max_age),
    };
    let body: GetContactMetricsResponse = serde_wasm_bindgen::from_value(json(&response).await?)
        .map_err(|_| PollError::InvalidBody)?;
    Ok((body.reading(), hints))
}

async fn http_error(response: &Response) -> PollError {
    let headers = response.headers();
    let body: ErrorBody = match json(response).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).unwrap_or_default(),
        Err(_) => ErrorBody::default(),
    };
    PollError::Http {
        status: response.status(),
        code: ErrorCode::from_parts(
            header(&headers, "x-amzn-ErrorType").as_deref(),
            body.code.as_deref(),
            body.type_.as_deref(),
        ),
        retry_after: header(&headers, "Retry-After")
            .as_deref()
            .and_then(headers::retry_after),
    }
}

/// The body parsed by the browser's own JSON parser: no serde_json in the shipped wasm.
async fn json(response: &Response) -> Result<JsValue, PollError> {
    let promise = response.json().map_err(|_| PollError::InvalidBody)?;
    JsFuture::from(promise)
        .await
        .map_err(|_| PollError::InvalidBody)
}

fn header(headers: &web_sys::Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}
