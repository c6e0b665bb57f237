//! Customers with the widget: each polls the proxy as `<waitline-status>` does (the core's
//! tracker decides when, from the answers and their `max-age`/`Retry-After`), and what the
//! widget would show is kept for the sampler to compare with the truth.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::task::AbortHandle;

use axum::body::Bytes;
use axum::http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use waitline_core::metrics::MetricsAnswer;
use waitline_core::schedule::Hints;
use waitline_core::{ErrorCode, PollError, Reading, Tracker, TrackerConfig, View, headers};

pub type HttpClient = Client<HttpConnector, Empty<Bytes>>;

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(2000)
        .build_http()
}

/// What one customer's widget shows, as the sampler reads it.
#[derive(Debug)]
pub struct Shown {
    /// The position shown; 0 while it shows none.
    position: AtomicU32,
    /// The widget stopped: connecting, ended, or an error.
    done: AtomicBool,
    started: Instant,
    /// Milliseconds from the widget's start to its first position; `u32::MAX` until then.
    first_ms: AtomicU32,
    /// Milliseconds from the widget's start to its stop; `u32::MAX` until then.
    done_ms: AtomicU32,
}

impl Shown {
    fn new() -> Self {
        Self {
            position: AtomicU32::new(0),
            done: AtomicBool::new(false),
            started: Instant::now(),
            first_ms: AtomicU32::new(u32::MAX),
            done_ms: AtomicU32::new(u32::MAX),
        }
    }

    pub fn position(&self) -> Option<u32> {
        Some(self.position.load(Ordering::Relaxed)).filter(|&p| p > 0)
    }

    pub fn done(&self) -> bool {
        self.done.load(Ordering::Relaxed)
    }

    pub fn first_figure(&self) -> Option<Duration> {
        let ms = self.first_ms.load(Ordering::Relaxed);
        (ms != u32::MAX).then(|| Duration::from_millis(u64::from(ms)))
    }

    /// How long the customer has waited with the widget: until now, or until it stopped (a
    /// customer served before any figure waited only that long).
    pub fn waited(&self) -> Duration {
        match self.done_ms.load(Ordering::Relaxed) {
            u32::MAX => self.started.elapsed(),
            ms => Duration::from_millis(u64::from(ms)),
        }
    }

    /// Milliseconds since the widget started, short of `u32::MAX` (which means "not yet").
    fn elapsed_ms(&self) -> u32 {
        u32::try_from(self.started.elapsed().as_millis()).unwrap_or(u32::MAX - 1)
    }

    fn stop(&self) {
        if !self.done.swap(true, Ordering::Relaxed) {
            self.done_ms.store(self.elapsed_ms(), Ordering::Relaxed);
        }
    }

    fn show(&self, view: View) {
        match view {
            View::InQueue { snapshot, .. } => {
                if self.first_ms.load(Ordering::Relaxed) == u32::MAX {
                    self.first_ms.store(self.elapsed_ms(), Ordering::Relaxed);
                }
                self.position.store(snapshot.position, Ordering::Relaxed);
            }
            View::Loading | View::InFlow => self.position.store(0, Ordering::Relaxed),
            _ => {
                self.position.store(0, Ordering::Relaxed);
                self.stop();
            }
        }
    }
}

/// How the widgets hear their answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hearing {
    /// Polling on the widget's schedule.
    Poll,
    /// Following a stream of answers (Server-Sent Events), polling while there is none.
    Stream,
}

/// A customer's widget asking `base` (the replica it is sent to) about `contact`, until it
/// stops or is aborted; `shown` follows what it would show. A run aborts its widgets at its
/// end: a widget following a stream would otherwise keep its connection, and with it that
/// run's proxy and its heartbeat in the store, alive into the next run.
pub fn start(
    client: HttpClient,
    base: String,
    contact: String,
    token: String,
    seed: u64,
    hearing: Hearing,
) -> (Arc<Shown>, AbortHandle) {
    let shown = Arc::new(Shown::new());
    let watching = Arc::clone(&shown);
    let task = tokio::spawn(async move {
        let mut tracker = Tracker::new(TrackerConfig::default());
        let mut rng = waitline_core::rng::Rng::new(seed);
        let url = format!("{base}/v1/contacts/{contact}/metrics");
        let mut next = tracker.start().next_poll_ms;
        while let Some(delay) = next {
            tokio::time::sleep(Duration::from_millis(u64::from(delay))).await;
            if hearing == Hearing::Stream
                && let Some(step) = follow(&client, &url, &token, &mut tracker, &watching).await
            {
                next = step;
                continue;
            }
            let (result, hints) = poll(&client, &url, &token).await;
            let step = tracker.on_result(result, hints, rng.next_f64());
            watching.show(step.view);
            next = step.next_poll_ms;
        }
        watching.stop();
    });
    (shown, task.abort_handle())
}

/// Follows a stream of answers until it ends: the next delay (as after the last answer), or
/// `None` if the proxy answered with no stream (then the widget polls).
async fn follow(
    client: &HttpClient,
    url: &str,
    token: &str,
    tracker: &mut Tracker,
    shown: &Shown,
) -> Option<Option<u32>> {
    let request = Request::get(url)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT, "text/event-stream, application/json;q=0.9")
        .body(Empty::new())
        .ok()?;
    let response = client.request(request).await.ok()?;
    let streaming = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if response.status() != StatusCode::OK || !streaming {
        return None;
    }
    let mut body = response.into_body();
    let mut buffered = String::new();
    let mut next = Some(0);
    while let Some(Ok(frame)) = body.frame().await {
        let Ok(data) = frame.into_data() else {
            continue;
        };
        buffered.push_str(&String::from_utf8_lossy(&data));
        while let Some(end) = buffered.find("\n\n") {
            let event: String = buffered.drain(..end + 2).collect();
            let data: String = event
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect::<Vec<_>>()
                .join("\n");
            if data.is_empty() {
                continue;
            }
            let reading = serde_json::from_str::<MetricsAnswer>(&data)
                .map_err(|_| PollError::InvalidBody)
                .and_then(|answer| answer.reading());
            let step = tracker.on_result(reading, Hints::default(), 0.5);
            shown.show(step.view);
            next = step.next_poll_ms;
            if next.is_none() {
                return Some(None);
            }
        }
    }
    Some(next)
}

/// One poll, read as the widget reads it: the reading, or the error, and the proxy's hints.
async fn poll(client: &HttpClient, url: &str, token: &str) -> (Result<Reading, PollError>, Hints) {
    let request = Request::get(url)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Empty::new());
    let Ok(request) = request else {
        return (Err(PollError::Network), Hints::default());
    };
    let answer = tokio::time::timeout(Duration::from_secs(8), client.request(request)).await;
    let response = match answer {
        Err(_) => return (Err(PollError::Timeout), Hints::default()),
        Ok(Err(_)) => return (Err(PollError::Network), Hints::default()),
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    let header_of = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let hints = Hints {
        retry_after: header_of(header::RETRY_AFTER)
            .as_deref()
            .and_then(headers::retry_after),
        max_age: header_of(header::CACHE_CONTROL)
            .as_deref()
            .and_then(headers::max_age),
    };
    let error_type = header_of(header::HeaderName::from_static("x-amzn-errortype"));
    let Ok(body) = response.into_body().collect().await.map(|b| b.to_bytes()) else {
        return (Err(PollError::Network), hints);
    };
    if status != StatusCode::OK {
        let error = PollError::Http {
            status: status.as_u16(),
            code: ErrorCode::from_parts(error_type.as_deref(), None, None),
            retry_after: hints.retry_after,
        };
        return (Err(error), hints);
    }
    let reading = serde_json::from_slice::<MetricsAnswer>(&body)
        .map_err(|_| PollError::InvalidBody)
        .and_then(|answer| answer.reading());
    (reading, hints)
}
