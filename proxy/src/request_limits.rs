//! Bounds on every request: a body over the limit is refused before any handler runs, a body
//! that stalls is cut off, and a request still unanswered after the timeout gets 503. Both answers are [`ApiError`]s, and this
//! layer sits inside the header and CORS layers, so they look like every other answer: a
//! cross-origin widget reads a 503 as a 503 it can retry, not as a network error.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::Limited;
use tower_http::timeout::TimeoutBody;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    pub max_body_bytes: usize,
    /// Longest pause while a handler reads the body.
    pub body_read_timeout: Duration,
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
    // A handler reading a body gets an error at the limit (a body sent without a length), or
    // once the client pauses too long. The proxy's own handlers read no bodies; after an answer
    // hyper closes a connection whose body is left unread, so an idle body cannot hold it.
    let request = request.map(|body| {
        Body::new(TimeoutBody::new(
            limits.body_read_timeout,
            Limited::new(body, limits.max_body_bytes),
        ))
    });
    tokio::time::timeout(limits.timeout, next.run(request))
        .await
        .map_err(|_| ApiError::Timeout)
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use axum::Router;
    use axum::body::{Bytes, HttpBody};
    use axum::http::StatusCode;
    use axum::routing::post;
    use tower::ServiceExt;

    use super::*;

    /// A body whose client sent the headers and then nothing.
    struct Stalled;

    impl HttpBody for Stalled {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_stalled_body_is_cut_off() {
        let limits = RequestLimits {
            max_body_bytes: 1024,
            body_read_timeout: Duration::from_millis(100),
            timeout: Duration::from_secs(3600),
        };
        // The proxy's handlers read no bodies; this one does.
        let app = Router::new()
            .route(
                "/",
                post(|body: Bytes| async move { body.len().to_string() }),
            )
            .layer(axum::middleware::from_fn_with_state(limits, bound_requests));
        let request = axum::http::Request::post("/")
            .body(Body::new(Stalled))
            .unwrap();
        let response = tokio::time::timeout(Duration::from_secs(10), app.oneshot(request))
            .await
            .expect("a stalled body held the request")
            .unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_before_the_handler() {
        let limits = RequestLimits {
            max_body_bytes: 4,
            body_read_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
        };
        let app = Router::new()
            .route("/", post(|| async { "handled" }))
            .layer(axum::middleware::from_fn_with_state(limits, bound_requests));
        let request = axum::http::Request::post("/")
            .header(CONTENT_LENGTH, 5)
            .body(Body::from("12345"))
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
