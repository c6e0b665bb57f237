//! The proxy over a real socket: what a browser sees, headers and all.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::client_limit::{ClientLimitConfig, ClientLimiter};
use waitline_proxy::server::{self, ConnectionLimits};
use waitline_proxy::source::ConnectSource;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app};
use waitline_simulator::connect::{QueueConfig, SIMULATED_INSTANCE_ID, Simulator};

/// The simulated queue with no arrivals, behind the whole app, with the default budget.
async fn simulated(tokens: TokenKey) -> AppState {
    let config = QueueConfig {
        arrivals_per_minute: 0.0,
        ..QueueConfig::default()
    };
    AppState::simulated(
        Arc::new(Simulator::new(config, 1.0)),
        tokens,
        BudgetConfig::default(),
    )
    .await
    .unwrap()
}

/// The app behind the proxy's own server loop, as `main` serves it.
async fn serve_with(state: AppState, limits: ConnectionLimits) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(server::serve(
        listener,
        app(state),
        limits,
        std::future::pending(),
    ));
    address
}

async fn serve(state: AppState) -> std::net::SocketAddr {
    serve_with(state, ConnectionLimits::default()).await
}

/// One HTTP/1.1 exchange; returns the status line, headers and body as text.
async fn exchange(address: std::net::SocketAddr, request: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.to_ascii_lowercase(), body.to_owned())
}

#[tokio::test]
async fn demo_flow_over_tcp() {
    let www = std::env::temp_dir().join(format!("waitline-www-{}", std::process::id()));
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>support</title>",
    )
    .unwrap();

    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.www_dir = Some(www.clone());
    let address = serve(state).await;

    let (head, body) = exchange(
        address,
        "POST /v1/demo/contacts HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(head.starts_with("http/1.1 201"), "{head}");
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (id, token) = (
        created["contactId"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );

    let (head, body) = exchange(
        address,
        &format!("GET /v1/contacts/{id}/metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(body.contains("\"POSITION_IN_QUEUE\""), "{body}");

    let (head, _) = exchange(
        address,
        &format!("GET /v1/contacts/{id}/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(head.starts_with("http/1.1 401"), "{head}");
    assert!(
        head.contains("x-amzn-errortype: unauthorizedexception"),
        "{head}"
    );

    let (head, body) = exchange(
        address,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(body.contains("<title>support</title>"));
    std::fs::remove_dir_all(www).unwrap();
}

#[tokio::test]
async fn one_client_beyond_its_rate_gets_429_and_others_are_unaffected() {
    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.client_limit = Some(ClientLimiter::new(ClientLimitConfig {
        rate: 0.5,
        burst: 3,
        trust_forwarded_for: true,
    }));
    let address = serve(state).await;
    let create = |forwarded: &str| {
        format!(
            "POST /v1/demo/contacts HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: {forwarded}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    };
    for _ in 0..3 {
        let (head, _) = exchange(address, &create("203.0.113.9")).await;
        assert!(head.starts_with("http/1.1 201"), "{head}");
    }
    let (head, body) = exchange(address, &create("203.0.113.9")).await;
    assert!(head.starts_with("http/1.1 429"), "{head}");
    assert!(
        head.contains("x-amzn-errortype: throttlingexception"),
        "{head}"
    );
    assert!(head.contains("retry-after: 2"), "{head}");
    assert!(body.contains("ThrottlingException"), "{body}");
    // Another client, and the operator's health check, are not held up.
    let (head, _) = exchange(address, &create("198.51.100.7")).await;
    assert!(head.starts_with("http/1.1 201"), "{head}");
    let (head, _) = exchange(
        address,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
}

#[tokio::test]
async fn by_default_clients_are_told_apart_by_their_tcp_peer() {
    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.client_limit = Some(ClientLimiter::new(ClientLimitConfig {
        rate: 0.5,
        burst: 2,
        trust_forwarded_for: false,
    }));
    let address = serve(state).await;
    let mut statuses = Vec::new();
    // A forged X-Forwarded-For per request does not buy a fresh allowance.
    for n in 0..3 {
        let request = format!(
            "POST /v1/demo/contacts HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 192.0.2.{n}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let (head, _) = exchange(address, &request).await;
        statuses.push(head[9..12].to_owned());
    }
    assert_eq!(statuses, ["201", "201", "429"]);
}

#[tokio::test]
async fn every_rejection_over_a_real_socket() {
    let key = TokenKey::new(b"tcp-rejections-secret-0123456789abcdef").unwrap();
    let mut state = simulated(key.clone()).await;
    state.cors_origins = vec![axum::http::HeaderValue::from_static(
        "https://support.example.com",
    )];
    let contact = state.simulator.as_ref().unwrap().join();
    let address = serve(state).await;
    let now = waitline_proxy::unix_now();
    let get = |id: &str, token: &str| {
        format!(
            "GET /v1/contacts/{id}/metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        )
    };
    let other = "11111111-2222-4333-8444-555555555555";
    let forged = TokenKey::new(b"someone-elses-secret-0123456789abcdef")
        .unwrap()
        .mint(&contact, now + 60);
    let cases = [
        (
            get("not-a-contact", "x"),
            "400",
            "invalidparameterexception",
        ),
        (get(&contact, "garbage"), "401", "unauthorizedexception"),
        (get(&contact, &forged), "401", "unauthorizedexception"),
        (
            get(&contact, &key.mint(&contact, now - 1)),
            "401",
            "unauthorizedexception",
        ),
        // Without a valid token, an unknown contact looks like any other: 401, not 404.
        (get(other, "garbage"), "401", "unauthorizedexception"),
        (
            get(&contact, &key.mint(other, now + 60)),
            "403",
            "accessdeniedexception",
        ),
        (
            get(other, &key.mint(other, now + 60)),
            "404",
            "resourcenotfoundexception",
        ),
    ];
    for (request, status, error_type) in cases {
        let (head, body) = exchange(address, &request).await;
        assert!(
            head.starts_with(&format!("http/1.1 {status}")),
            "{request}\n{head}"
        );
        assert!(
            head.contains(&format!("x-amzn-errortype: {error_type}")),
            "{head}"
        );
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
        assert!(body.contains("\"Message\""), "{body}");
    }

    let big = "x".repeat(8 * 1024);
    let (head, _) = exchange(
        address,
        &format!("POST /v1/demo/contacts HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{big}", big.len()),
    )
    .await;
    assert!(head.starts_with("http/1.1 413"), "{head}");

    let preflight = |origin: &str| {
        format!(
            "OPTIONS /v1/contacts/{contact}/metrics HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n"
        )
    };
    let (head, _) = exchange(address, &preflight("https://support.example.com")).await;
    assert!(
        head.contains("access-control-allow-origin: https://support.example.com"),
        "{head}"
    );
    let (head, _) = exchange(address, &preflight("https://evil.example")).await;
    assert!(!head.contains("access-control-allow-origin"), "{head}");
}

const ORIGIN: &str = "https://support.example.com";

/// What every answer carries, whatever its status: the security headers, and for an allowed
/// origin the CORS headers, or a cross-origin widget sees a network error instead of the answer.
fn assert_same_headers(head: &str, status: &str) {
    assert!(head.starts_with(&format!("http/1.1 {status}")), "{head}");
    for header in [
        "x-content-type-options: nosniff",
        "referrer-policy: no-referrer",
        "x-frame-options: deny",
        "access-control-allow-origin: https://support.example.com",
    ] {
        assert!(head.contains(header), "{status} lacks {header}:\n{head}");
    }
    assert!(
        head.contains("access-control-expose-headers: ") && head.contains("retry-after"),
        "{status}:\n{head}"
    );
}

/// An error also has Connect's restJson1 shape: the type in the header and the body.
fn assert_error_shape(head: &str, body: &str, status: &str) {
    let value: serde_json::Value = serde_json::from_str(body)
        .unwrap_or_else(|_| panic!("{status}: the body is not JSON: {body:?}"));
    let error_type = value["__type"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(!error_type.is_empty(), "{status}: {body}");
    assert!(value["Message"].is_string(), "{status}: {body}");
    assert!(
        head.contains(&format!("x-amzn-errortype: {error_type}")),
        "{status}:\n{head}"
    );
}

/// A Connect endpoint that accepts connections and never answers.
async fn silent_connect() -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (listener, url)
}

/// A Connect endpoint where nothing listens: every call fails at once.
fn unreachable_connect() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

#[tokio::test]
async fn every_status_carries_the_same_headers() {
    let key = TokenKey::new(b"tcp-every-status-secret-0123456789abcdef").unwrap();
    let now = waitline_proxy::unix_now();
    let origins = vec![axum::http::HeaderValue::from_static(ORIGIN)];
    // Each request comes from its own client but the one that exceeds its allowance.
    let limiter = || {
        Some(ClientLimiter::new(ClientLimitConfig {
            rate: 0.01,
            burst: 1,
            trust_forwarded_for: true,
        }))
    };

    let mut state = simulated(key.clone()).await;
    state.cors_origins = origins.clone();
    state.client_limit = limiter();
    let contact = state.simulator.as_ref().unwrap().join();
    let served = serve(state).await;

    // Connect never answers, and the proxy gives up first.
    let (_silent, silent_url) = silent_connect().await;
    let mut state = AppState::new(
        ConnectSource::simulator(&silent_url, SIMULATED_INSTANCE_ID),
        key.clone(),
        BudgetConfig::default(),
    );
    state.cors_origins = origins.clone();
    state.request_timeout = std::time::Duration::from_millis(300);
    let hanging = serve(state).await;

    // Connect cannot be reached.
    let mut state = AppState::new(
        ConnectSource::simulator(&unreachable_connect(), SIMULATED_INSTANCE_ID),
        key.clone(),
        BudgetConfig::default(),
    );
    state.cors_origins = origins;
    let broken = serve(state).await;

    let other = "11111111-2222-4333-8444-555555555555";
    let token = key.mint(&contact, now + 60);
    let get = |client: u8, id: &str, token: &str| {
        format!(
            "GET /v1/contacts/{id}/metrics HTTP/1.1\r\nHost: x\r\nOrigin: {ORIGIN}\r\nX-Forwarded-For: 192.0.2.{client}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        )
    };
    let big = "x".repeat(8 * 1024);
    let too_big = format!(
        "POST /v1/demo/contacts HTTP/1.1\r\nHost: x\r\nOrigin: {ORIGIN}\r\nX-Forwarded-For: 192.0.2.9\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{big}",
        big.len()
    );
    let cases = [
        (served, get(1, &contact, &token), "200"),
        (served, get(2, "not-a-contact", &token), "400"),
        (served, get(3, &contact, "garbage"), "401"),
        (served, get(4, &contact, &key.mint(other, now + 60)), "403"),
        (served, get(5, other, &key.mint(other, now + 60)), "404"),
        (served, too_big, "413"),
        // The client at .1 already spent its one request.
        (served, get(1, &contact, &token), "429"),
        (broken, get(7, &contact, &token), "500"),
        (hanging, get(8, &contact, &token), "503"),
    ];
    for (address, request, status) in cases {
        let (head, body) = exchange(address, &request).await;
        assert_same_headers(&head, status);
        if status != "200" {
            assert_error_shape(&head, &body, status);
        }
    }
}

/// Waits for the proxy to close `stream`, reading past any answer it sends first. False if the
/// connection is still open after 10 s: far beyond the timeouts these tests configure.
async fn closed_by_proxy(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// Short bounds, so the tests see them act.
fn short_limits() -> ConnectionLimits {
    ConnectionLimits {
        header_read_timeout: Duration::from_millis(200),
        ..ConnectionLimits::default()
    }
}

#[tokio::test]
async fn a_half_sent_request_header_is_closed() {
    let address = serve_with(simulated(TokenKey::random().unwrap()).await, short_limits()).await;
    let mut half = TcpStream::connect(address).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: ")
        .await
        .unwrap();
    assert!(
        closed_by_proxy(&mut half).await,
        "half a request header held the connection open"
    );
    // A connection that sends nothing at all is closed the same way.
    let mut silent = TcpStream::connect(address).await.unwrap();
    assert!(closed_by_proxy(&mut silent).await);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let address = serve_with(simulated(TokenKey::random().unwrap()).await, short_limits()).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !String::from_utf8_lossy(&answer).contains("{\"status\":\"ok\"}") {
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buffer[..n]);
    }
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert!(
        closed_by_proxy(&mut stream).await,
        "an idle keep-alive connection was kept open"
    );
}

#[tokio::test]
async fn beyond_max_connections_a_new_one_waits_for_a_free_slot() {
    let limits = ConnectionLimits {
        // Long enough that the first connection keeps its slot while the test looks.
        header_read_timeout: Duration::from_secs(30),
        max_connections: 1,
    };
    let address = serve_with(simulated(TokenKey::random().unwrap()).await, limits).await;
    let first = TcpStream::connect(address).await.unwrap();
    let mut second = TcpStream::connect(address).await.unwrap();
    second
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0u8; 1024];
    // Nothing can answer while the only slot is taken, however long we look.
    let early = tokio::time::timeout(Duration::from_millis(500), second.read(&mut buffer)).await;
    assert!(early.is_err(), "served beyond the limit: {early:?}");
    drop(first);
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), second.read_to_string(&mut answer))
        .await
        .expect("served once the slot was free")
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_callback_over_a_real_socket() {
    let key = TokenKey::new(b"tcp-callback-secret-0123456789abcdef").unwrap();
    let mut state = simulated(key.clone()).await;
    state.cors_origins = vec![axum::http::HeaderValue::from_static(
        "https://support.example.com",
    )];
    let simulator = Arc::clone(state.simulator.as_ref().unwrap());
    let contact = simulator.join();
    let token = key.mint(&contact, waitline_proxy::unix_now() + 60);
    let address = serve(state).await;
    let post = |body: &str, extra: &str| {
        format!(
            "POST /v1/contacts/{contact}/callback HTTP/1.1\r\nHost: x\r\nOrigin: https://support.example.com\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{extra}Connection: close\r\n\r\n{body}"
        )
    };

    // Over the route's 1 KiB, sent without a length (chunked): 413, with every header.
    let big = format!(
        r#"{{"phoneNumber": "+1 201 555 0123"{}}}"#,
        " ".repeat(2000)
    );
    let chunked = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    let (head, body) = exchange(address, &post(&chunked, "Transfer-Encoding: chunked\r\n")).await;
    assert!(head.starts_with("http/1.1 413"), "{head}");
    assert!(body.contains("RequestTooLargeException"), "{body}");
    for header in [
        "x-content-type-options: nosniff",
        "referrer-policy: no-referrer",
        "x-frame-options: deny",
        "access-control-allow-origin: https://support.example.com",
    ] {
        assert!(head.contains(header), "{header} missing: {head}");
    }
    assert_eq!(simulator.tasks_started(), 0);

    let json = r#"{"phoneNumber": "+1 201 555 0123"}"#;
    let (head, body) = exchange(
        address,
        &post(json, &format!("Content-Length: {}\r\n", json.len())),
    )
    .await;
    assert!(head.starts_with("http/1.1 201"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(created["phoneNumber"], "•••• 0123");
    let (id, callback_token) = (
        created["contactId"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );
    let (head, body) = exchange(
        address,
        &format!("GET /v1/contacts/{id}/callback HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {callback_token}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("cache-control: private, max-age="), "{head}");
    assert!(body.contains(r#""state":"scheduled""#), "{body}");
    assert_eq!(simulator.tasks_started(), 1);
}
