//! Contact events POSTed to a URL, one event per request, as an EventBridge API destination
//! sends them: the event as the JSON body, and the connection's API key as a header of the
//! configured name. Best effort: a POST that fails, times out or is answered with an error is
//! logged and dropped, never retried; events wait for the one POST in flight in a bounded
//! queue, and beyond it are dropped too, so a slow receiver never holds up the simulation.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, Request, Uri};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::sync::mpsc;

use super::EventEnvelope;

/// How long one POST may take, answer included.
const POST_TIMEOUT: Duration = Duration::from_secs(5);
/// Events waiting for their POST; beyond it new ones are dropped.
const QUEUE: usize = 1_024;

/// Where events are POSTed, and the API key sent with each.
#[derive(Clone)]
pub struct HttpTarget {
    url: Uri,
    header: HeaderName,
    secret: HeaderValue,
}

impl std::fmt::Debug for HttpTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret stays out of logs.
        f.debug_struct("HttpTarget")
            .field("url", &self.url)
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

impl HttpTarget {
    /// `url` must be `http://` (the simulator posts to a local receiver, such as the proxy's
    /// own events route); `header` a header name; `secret` a non-empty header value.
    pub fn new(url: &str, header: &str, secret: &str) -> Result<Self, String> {
        let url: Uri = url.parse().map_err(|_| format!("`{url}` is not a URL"))?;
        if url.scheme_str() != Some("http") || url.host().is_none() {
            return Err(format!(
                "`{url}` is not an http:// URL: the simulator posts events over plain HTTP to a receiver beside it"
            ));
        }
        let header =
            HeaderName::try_from(header).map_err(|_| format!("`{header}` is not a header name"))?;
        if secret.is_empty() {
            return Err("the events secret is empty".into());
        }
        let mut secret = HeaderValue::try_from(secret)
            .map_err(|_| "the events secret cannot be sent as a header value".to_owned())?;
        secret.set_sensitive(true);
        Ok(Self {
            url,
            header,
            secret,
        })
    }
}

/// What the poster has done so far.
#[derive(Debug, Default)]
pub(super) struct PostCounters {
    pub posted: AtomicU64,
    pub failed: AtomicU64,
}

/// Starts the poster; returns where to put the events, and its task.
pub(super) fn start(
    target: HttpTarget,
    counters: Arc<PostCounters>,
) -> (mpsc::Sender<EventEnvelope>, tokio::task::JoinHandle<()>) {
    let (sender, mut receiver) = mpsc::channel::<EventEnvelope>(QUEUE);
    let task = tokio::spawn(async move {
        let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
        while let Some(envelope) = receiver.recv().await {
            match post(&client, &target, &envelope).await {
                Ok(()) => counters.posted.fetch_add(1, Ordering::Relaxed),
                Err(error) => {
                    tracing::warn!(url = %target.url, event = %envelope.id, %error, "contact event not delivered; dropped");
                    counters.failed.fetch_add(1, Ordering::Relaxed)
                }
            };
        }
    });
    (sender, task)
}

async fn post(
    client: &Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    target: &HttpTarget,
    envelope: &EventEnvelope,
) -> Result<(), String> {
    let body = serde_json::to_vec(envelope).map_err(|e| e.to_string())?;
    let request = Request::post(target.url.clone())
        .header(CONTENT_TYPE, "application/json")
        .header(target.header.clone(), target.secret.clone())
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let response = tokio::time::timeout(POST_TIMEOUT, client.request(request))
        .await
        .map_err(|_| format!("no answer within {POST_TIMEOUT:?}"))?
        .map_err(|e| e.to_string())?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("answered {}", response.status()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_checked_and_keep_their_secret_out_of_debug() {
        let target = HttpTarget::new("http://127.0.0.1:9/events", "x-key", "s3cret").unwrap();
        assert!(!format!("{target:?}").contains("s3cret"));
        for (url, header, secret) in [
            ("https://example.com/", "x-key", "s"),
            ("not a url", "x-key", "s"),
            ("/relative", "x-key", "s"),
            ("http://127.0.0.1/", "bad header", "s"),
            ("http://127.0.0.1/", "x-key", ""),
            ("http://127.0.0.1/", "x-key", "line\nbreak"),
        ] {
            assert!(
                HttpTarget::new(url, header, secret).is_err(),
                "{url} {header} {secret:?}"
            );
        }
    }
}
