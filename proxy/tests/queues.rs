//! The lines a site offers, read from Connect's `GetCurrentMetricData` through the AWS SDK:
//! every (queue, channel) pair's estimated wait and counts, as the simulated queues hold them,
//! in two calls whatever the number of lines.
#![allow(clippy::unwrap_used)] // a failed step is a failed test

use std::time::Instant;

use aws_sdk_connect::types::Channel as SdkChannel;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::budget::operations::OperationBudgets;
use waitline_proxy::queues::{Board, QueuesConfig, parse_lines};
use waitline_proxy::source::{ConnectClient, SourceError};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, Backend, StateConfig, app};
use waitline_simulator::connect::models::{SALES_QUEUE_ID, SUPPORT_QUEUE_ID};
use waitline_simulator::connect::{Channel, ManualClock, Quota, SIMULATED_INSTANCE_ID};

mod support;
use support::{SimulatedConnect, idle_center};

#[tokio::test]
async fn every_line_is_read_in_two_calls() {
    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    for _ in 0..3 {
        simulator.join_queue("sales", Channel::Voice).unwrap();
    }
    simulator.join_queue("support", Channel::Chat).unwrap();
    clock.set(30.0);
    let client = ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID);
    let before = connect.stats();
    let figures = client
        .queue_figures(
            &[SALES_QUEUE_ID.to_owned(), SUPPORT_QUEUE_ID.to_owned()],
            &[SdkChannel::Voice, SdkChannel::Chat],
        )
        .await
        .unwrap();
    let calls = connect.stats().requests - before.requests;
    assert_eq!(calls, 2, "one call for the estimate, one for the counts");
    assert_eq!(figures.len(), 4, "{figures:?}");
    let line = |queue: &str, channel: &str| figures[&(queue.to_owned(), channel.to_owned())];
    let sales_voice = line(SALES_QUEUE_ID, "VOICE");
    assert_eq!(sales_voice.contacts_in_queue, Some(3.0));
    assert_eq!(sales_voice.oldest_contact_age_seconds, Some(30.0));
    assert_eq!(sales_voice.agents_online, Some(1.0));
    assert!(sales_voice.estimated_wait_seconds.is_some());
    assert_eq!(line(SUPPORT_QUEUE_ID, "CHAT").contacts_in_queue, Some(1.0));
    assert_eq!(line(SUPPORT_QUEUE_ID, "VOICE").contacts_in_queue, Some(0.0));
}

#[tokio::test]
async fn the_board_reads_the_lines_on_the_budget_and_keeps_its_last_reading() {
    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    simulator.join_queue("support", Channel::Chat).unwrap();
    let client = ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID);
    let lines = parse_lines(
        &format!("sales={SALES_QUEUE_ID},support={SUPPORT_QUEUE_ID}"),
        "CHAT",
    )
    .unwrap();
    let board = Board::new(lines, std::time::Duration::from_secs(5));
    assert_eq!(board.latest(), None, "nothing before the first reading");
    // A burst of 3 at a rate too slow to refill during the test: one reading (two calls), then
    // a refusal without a call to Connect.
    let operations = OperationBudgets::new(0.01, 3, Instant::now());
    board.read_lines(&client, &operations).await.unwrap();
    let first = board.latest().unwrap();
    let support = first.lines.iter().find(|l| l.name == "support").unwrap();
    assert_eq!(
        (support.channel, support.contacts_in_queue, support.open),
        ("CHAT", Some(1), true)
    );
    let before = connect.stats().requests;
    assert_eq!(
        board.read_lines(&client, &operations).await,
        Err(SourceError::Throttled)
    );
    assert_eq!(
        connect.stats().requests,
        before,
        "no call without the budget's leave"
    );
    assert_eq!(board.latest(), Some(first), "the last reading stays");
}

/// A proxy offering the sales and support lines on chat, from the simulated Connect at `url`.
fn offering(url: &str) -> AppState {
    let mut config = StateConfig::new(
        TokenKey::new(b"queues-test-secret-0123456789abcdef").unwrap(),
        BudgetConfig::default(),
    );
    config.queues = Some(QueuesConfig {
        lines: parse_lines(
            &format!("support={SUPPORT_QUEUE_ID},sales={SALES_QUEUE_ID}"),
            "CHAT",
        )
        .unwrap(),
        refresh: std::time::Duration::from_secs(5),
    });
    AppState::build(
        Backend::amazon(ConnectClient::simulator(url, SIMULATED_INSTANCE_ID)),
        config,
    )
}

async fn get(
    state: &AppState,
    uri: &str,
) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let response = app(state.clone())
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or_default(),
    )
}

#[tokio::test]
async fn the_route_answers_every_browser_from_the_board_without_a_token() {
    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    for _ in 0..2 {
        simulator.join_queue("support", Channel::Chat).unwrap();
    }
    let state = offering(connect.url());
    // The first reading is taken as the proxy starts.
    while state.queues.as_ref().unwrap().latest().is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let calls = connect.stats().requests;
    for _ in 0..50 {
        let (status, headers, body) = get(&state, "/v1/queues").await;
        assert_eq!(status, StatusCode::OK);
        let cache = headers["cache-control"].to_str().unwrap();
        assert!(cache.starts_with("public, max-age="), "{cache}");
        assert_eq!(body["lines"][0]["name"], "support");
        assert_eq!(body["lines"][0]["channel"], "CHAT");
        assert_eq!(body["lines"][0]["contactsInQueue"], 2);
        assert_eq!(body["lines"][0]["open"], true);
        assert_eq!(body["lines"][1]["name"], "sales");
    }
    assert_eq!(
        connect.stats().requests,
        calls,
        "browsers read the board, not Connect"
    );

    let (status, _, body) = get(&state, "/v1/queues?channel=VOICE").await;
    assert_eq!(
        (status, body["lines"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
    for bad in [
        "/v1/queues?channel=EMAIL",
        "/v1/queues?order=slowest",
        "/v1/queues?queue=support",
    ] {
        let (status, headers, body) = get(&state, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            headers["x-amzn-errortype"], "InvalidParameterException",
            "{bad}"
        );
        assert!(body["Message"].is_string(), "{bad}");
    }
}

#[tokio::test]
async fn without_lines_the_route_is_not_there() {
    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    let state = AppState::new(
        ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID),
        TokenKey::new(b"queues-test-secret-0123456789abcdef").unwrap(),
        BudgetConfig::default(),
    );
    let (status, headers, _) = get(&state, "/v1/queues").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["x-amzn-errortype"], "ResourceNotFoundException");
}

/// Over TCP, from another origin a site allowed: CORS lets the page read the lines and their
/// freshness. A hundred requests at once from one address get that client's share (the rest a
/// 429 with `Retry-After`, readable by the page too), and cost Connect nothing either way.
#[tokio::test]
async fn pages_of_an_allowed_origin_read_the_lines_over_tcp() {
    use support::http::send;
    use waitline_proxy::server::{self, ConnectionLimits};
    use waitline_proxy::{RouterConfig, router};

    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    let state = offering(connect.url());
    while state.queues.as_ref().unwrap().latest().is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let config = RouterConfig {
        cors_origins: vec![axum::http::HeaderValue::from_static(
            "https://support.example.com",
        )],
        ..RouterConfig::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(server::serve(
        listener,
        router(state, &config),
        ConnectionLimits::default(),
        std::future::pending(),
    ));
    let calls = connect.stats().requests;
    let pages: Vec<_> = (0..100)
        .map(|_| {
            let address = address.clone();
            tokio::spawn(async move {
                let request = Request::get("/v1/queues?order=fastest")
                    .header("origin", "https://support.example.com")
                    .body(http_body_util::Empty::<axum::body::Bytes>::new())
                    .unwrap();
                send(&address, request).await
            })
        })
        .collect();
    let (mut answered, mut refused) = (0, 0);
    for page in pages {
        let answer = page.await.unwrap();
        // Whatever the status, the page may read it, and nothing is sniffed.
        assert_eq!(
            answer.header("access-control-allow-origin"),
            "https://support.example.com"
        );
        assert_eq!(answer.header("x-content-type-options"), "nosniff");
        match answer.status {
            StatusCode::OK => {
                answered += 1;
                let exposed = answer
                    .header("access-control-expose-headers")
                    .to_ascii_lowercase();
                assert!(exposed.contains("age"), "{exposed}");
                assert!(answer.header("cache-control").starts_with("public"));
                assert_eq!(answer.json()["lines"].as_array().map(Vec::len), Some(2));
            }
            StatusCode::TOO_MANY_REQUESTS => {
                refused += 1;
                assert!(!answer.header("retry-after").is_empty());
            }
            other => panic!("{other}: {}", answer.body),
        }
    }
    assert!(
        answered >= 1 && refused >= 1,
        "{answered} answered, {refused} refused"
    );
    assert_eq!(
        connect.stats().requests,
        calls,
        "a hundred requests, no call to Connect"
    );
}
