//! A contact's answers as Server-Sent Events over a real socket, read as a browser's
//! `fetch` reads them: the first event at once, a new one when the place changes, the end when
//! the wait ends; and a poll's answer whenever a stream is not asked for or cannot be held.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::routes::stream::Streams;
use waitline_proxy::server::{self, ConnectionLimits};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app};
use waitline_simulator::connect::Simulator;

mod support;
use support::http;

/// What a widget sends when it can read a stream and will take a poll's answer instead.
const STREAM_FIRST: &str = "text/event-stream, application/json;q=0.9";

async fn proxy(simulator: &Arc<Simulator>, streams: Option<Streams>) -> String {
    let mut state = AppState::simulated(
        Arc::clone(simulator),
        TokenKey::random().unwrap(),
        BudgetConfig::default(),
    )
    .await
    .unwrap();
    state.streams = streams;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(server::serve(
        listener,
        app(state),
        ConnectionLimits::default(),
        std::future::pending(),
    ));
    address
}

/// A demo contact joining the queue: its ID and token.
async fn join(address: &str) -> (String, String) {
    let created = http::post_json(address, "/v1/demo/contacts", None, "").await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let created = created.json();
    (
        created["contactId"].as_str().unwrap().to_owned(),
        created["token"].as_str().unwrap().to_owned(),
    )
}

fn metrics_request(id: &str, token: &str, accept: &str) -> Request<Full<Bytes>> {
    Request::get(format!("/v1/contacts/{id}/metrics"))
        .header("authorization", format!("Bearer {token}"))
        .header("accept", accept)
        .body(Full::default())
        .unwrap()
}

/// An open stream, read event by event.
struct EventStream {
    status: StatusCode,
    content_type: String,
    cache_control: String,
    body: Incoming,
    buffered: String,
}

impl EventStream {
    async fn open(address: &str, id: &str, token: &str) -> Self {
        let mut request = metrics_request(id, token, STREAM_FIRST);
        *request.uri_mut() = format!("http://{address}{}", request.uri())
            .parse()
            .unwrap();
        let response = http::client().request(request).await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map_or("", |v| v.to_str().unwrap())
                .to_owned()
        };
        Self {
            status: response.status(),
            content_type: header("content-type"),
            cache_control: header("cache-control"),
            buffered: String::new(),
            body: response.into_body(),
        }
    }

    /// The next event's data as JSON, skipping keep-alive comments; `None` when the stream
    /// ends; a failure if nothing comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<serde_json::Value> {
        tokio::time::timeout(wait, async {
            loop {
                if let Some(end) = self.buffered.find("\n\n") {
                    let event: String = self.buffered.drain(..end + 2).collect();
                    let data: Vec<&str> = event
                        .lines()
                        .filter_map(|line| line.strip_prefix("data:"))
                        .map(str::trim_start)
                        .collect();
                    if data.is_empty() {
                        continue; // a comment: the connection kept alive
                    }
                    return Some(serde_json::from_str(&data.join("\n")).unwrap());
                }
                let frame = self.body.frame().await?.unwrap();
                if let Ok(data) = frame.into_data() {
                    self.buffered.push_str(std::str::from_utf8(&data).unwrap());
                }
            }
        })
        .await
        .expect("no event in time")
    }
}

fn position(answer: &serde_json::Value) -> Option<f64> {
    answer["MetricResults"]
        .as_array()?
        .iter()
        .find(|m| m["Name"] == "POSITION_IN_QUEUE")?["Value"]["Number"]
        .as_f64()
}

#[tokio::test]
async fn a_stream_tells_a_new_place_as_soon_as_someone_ahead_leaves_and_ends_with_the_wait() {
    let simulator = support::still_queue(0);
    let address = proxy(&simulator, Some(Streams::new(10))).await;
    let (ahead, _) = join(&address).await;
    let (id, token) = join(&address).await;

    let mut stream = EventStream::open(&address, &id, &token).await;
    assert_eq!(stream.status, StatusCode::OK);
    assert_eq!(stream.content_type, "text/event-stream");
    assert_eq!(stream.cache_control, "private, no-store");
    let first = stream.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(position(&first), Some(2.0), "{first}");

    simulator.stop(&ahead).unwrap();
    let mut moved = None;
    while moved.is_none() {
        let answer = stream.next(Duration::from_secs(30)).await.unwrap();
        let place = position(&answer).unwrap();
        assert!(place >= 1.0, "{answer}");
        moved = (place < 2.0).then_some(answer);
    }
    assert_eq!(position(&moved.unwrap()), Some(1.0));

    simulator.stop(&id).unwrap();
    let mut last = None;
    while let Some(answer) = stream.next(Duration::from_secs(30)).await {
        last = Some(answer);
    }
    let last = last.expect("an event saying the wait ended");
    assert_eq!(last["ContactStage"], "ENDED", "{last}");
}

#[tokio::test]
async fn a_poll_is_answered_as_before_and_so_is_a_stream_that_cannot_be_held() {
    let simulator = support::still_queue(0);
    let address = proxy(&simulator, Some(Streams::new(1))).await;
    let (id, token) = join(&address).await;

    let poll = http::send(&address, metrics_request(&id, &token, "application/json")).await;
    assert_eq!(poll.status, StatusCode::OK, "{poll:?}");
    assert!(poll.header("content-type").starts_with("application/json"));
    assert_eq!(position(&poll.json()), Some(1.0));

    // The only stream this proxy may hold...
    let mut held = EventStream::open(&address, &id, &token).await;
    assert_eq!(held.content_type, "text/event-stream");
    assert!(held.next(Duration::from_secs(5)).await.is_some());
    // ...so the next widget asking for one gets a poll's answer, and polls.
    let refused = http::send(&address, metrics_request(&id, &token, STREAM_FIRST)).await;
    assert_eq!(refused.status, StatusCode::OK, "{refused:?}");
    assert!(
        refused
            .header("content-type")
            .starts_with("application/json")
    );
    assert_eq!(position(&refused.json()), Some(1.0));
    assert!(refused.header("cache-control").contains("max-age"));

    // Once the stream closes, its place is free again.
    drop(held);
    let mut reopened = None;
    for _ in 0..50 {
        let stream = EventStream::open(&address, &id, &token).await;
        if stream.content_type == "text/event-stream" {
            reopened = Some(stream);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        reopened.is_some(),
        "a closed stream's place was never freed"
    );
}

#[tokio::test]
async fn where_no_stream_can_be_held_every_answer_is_a_poll() {
    let simulator = support::still_queue(0);
    let address = proxy(&simulator, None).await;
    let (id, token) = join(&address).await;
    let answer = http::send(&address, metrics_request(&id, &token, STREAM_FIRST)).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert!(
        answer
            .header("content-type")
            .starts_with("application/json")
    );
    assert_eq!(position(&answer.json()), Some(1.0));
}

#[tokio::test]
async fn a_stream_refuses_as_a_poll_does() {
    let simulator = support::still_queue(0);
    let address = proxy(&simulator, Some(Streams::new(10))).await;
    let (id, token) = join(&address).await;
    let (other, _) = join(&address).await;

    let stranger = http::send(&address, metrics_request(&other, &token, STREAM_FIRST)).await;
    assert_eq!(stranger.status, StatusCode::FORBIDDEN, "{stranger:?}");
    let nobody = http::send(&address, metrics_request(&id, "not-a-token", STREAM_FIRST)).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED, "{nobody:?}");
    assert!(
        nobody
            .header("content-type")
            .starts_with("application/json")
    );
}
