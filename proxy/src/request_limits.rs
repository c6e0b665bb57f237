//! Bounds on every request: a body over the limit is refused before any handler runs, and a
//! request still unanswered after the timeout gets 503. Both answers are [`ApiError`]s, and this
//! layer sits inside the header and CORS layers, so they look like every other answer: a
//! cross-origin widget reads a 503 as a 503 it can retry, not as a network error.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::Limited;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    pub max_body_bytes: usize,
    /// From the request's headers being read to its answer.
    pub timeout: Duration,
}

pub async fn bound_requests(
    State(limits): State<RequestLimits>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let max = u64::try_from(limits.max_body_bytes).unwrap_or(u64::MAX);
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max) {
        return Err(ApiError::PayloadTooLarge);
    }
    // A body sent without a length is cut off at the limit: a handler reading it gets an error.
    let request = request.map(|body| Body::new(Limited::new(body, limits.max_body_bytes)));
    tokio::time::timeout(limits.timeout, next.run(request))
        .await
        .map_err(|_| ApiError::Timeout)
}
