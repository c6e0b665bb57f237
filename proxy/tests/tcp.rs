//! The proxy over a real socket: what a browser sees, headers and all. Ordinary requests go
//! through hyper's client (`support/http.rs`); raw TCP only where a client misbehaves on
//! purpose (half-sent headers, silence, an idle keep-alive connection, a connection holding
//! the only slot), which no HTTP client library will do.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use http_body_util::Full;
use hyper::body::Frame;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::clients::{ClientLimits, ClientPolicy};
use waitline_proxy::server::{self, ConnectionLimits};
use waitline_proxy::source::ConnectClient;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, RouterConfig, router};
use waitline_simulator::connect::{QueueConfig, SIMULATED_INSTANCE_ID, Simulator};

mod support;
use support::http::{self, Answer};

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
    serve_on(state, &RouterConfig::default(), limits).await
}

/// The router built with `config`, behind the proxy's own server loop.
async fn serve_on(
    state: AppState,
    config: &RouterConfig,
    limits: ConnectionLimits,
) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(server::serve(
        listener,
        router(state, config),
        limits,
        std::future::pending(),
    ));
    address
}

/// The router with `origins` allowed (CORS), behind the server loop.
async fn serve_for(state: AppState, origins: Vec<HeaderValue>) -> std::net::SocketAddr {
    let config = RouterConfig {
        cors_origins: origins,
        ..RouterConfig::default()
    };
    serve_on(state, &config, ConnectionLimits::default()).await
}

async fn serve(state: AppState) -> std::net::SocketAddr {
    serve_with(state, ConnectionLimits::default()).await
}

/// A request to `path` with `headers`, and a body if any.
fn request(
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Request<Full<Bytes>> {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap()
}

/// One exchange on a fresh connection.
async fn exchange<B>(address: std::net::SocketAddr, request: Request<B>) -> Answer
where
    B: hyper::body::Body + Send + Unpin + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    http::send(&address.to_string(), request).await
}

/// `GET path` with a bearer token, if any.
fn get(path: &str, token: Option<&str>) -> Request<Full<Bytes>> {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("authorization", b.as_str()))
        .collect();
    request(Method::GET, path, &headers, "")
}

/// A body of unknown length: hyper's client sends it chunked.
struct Unsized(Option<Bytes>);

impl hyper::body::Body for Unsized {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.take().map(|data| Ok(Frame::data(data))))
    }
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

    let state = simulated(TokenKey::random().unwrap()).await;
    let config = RouterConfig {
        www_dir: Some(www.clone()),
        ..RouterConfig::default()
    };
    let address = serve_on(state, &config, ConnectionLimits::default()).await;

    let created = exchange(address, request(Method::POST, "/v1/demo/contacts", &[], "")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let created = created.json();
    let (id, token) = (
        created["contactId"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );

    let path = format!("/v1/contacts/{id}/metrics");
    let answer = exchange(address, get(&path, Some(token))).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert!(
        answer
            .header("content-type")
            .starts_with("application/json"),
        "{answer:?}"
    );
    assert!(answer.body.contains("\"POSITION_IN_QUEUE\""), "{answer:?}");

    let answer = exchange(address, get(&path, None)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{answer:?}");
    assert_eq!(answer.header("x-amzn-errortype"), "UnauthorizedException");

    let answer = exchange(address, get("/", None)).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert!(answer.body.contains("<title>support</title>"));
    std::fs::remove_dir_all(www).unwrap();
}

#[tokio::test]
async fn one_client_beyond_its_rate_gets_429_and_others_are_unaffected() {
    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.client_limits = Some(ClientLimits::new(ClientPolicy {
        request_rate: 0.5,
        request_burst: 3,
        trusted_hops: 1,
        ..ClientPolicy::default()
    }));
    let address = serve(state).await;
    let create = |forwarded: &str| {
        request(
            Method::POST,
            "/v1/demo/contacts",
            &[("x-forwarded-for", forwarded)],
            "",
        )
    };
    for _ in 0..3 {
        let answer = exchange(address, create("203.0.113.9")).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    }
    let answer = exchange(address, create("203.0.113.9")).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{answer:?}");
    assert_eq!(answer.header("x-amzn-errortype"), "ThrottlingException");
    assert_eq!(answer.header("retry-after"), "2");
    assert!(answer.body.contains("ThrottlingException"), "{answer:?}");
    // Another client, and the load balancer's health check, are not held up; every public
    // route counts against its client's allowance, the health check too.
    let answer = exchange(address, create("198.51.100.7")).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let health =
        |client: &str| request(Method::GET, "/healthz", &[("x-forwarded-for", client)], "");
    assert_eq!(
        exchange(address, health("10.0.0.2")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        exchange(address, health("203.0.113.9")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn by_default_clients_are_told_apart_by_their_tcp_peer() {
    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.client_limits = Some(ClientLimits::new(ClientPolicy {
        request_rate: 0.5,
        request_burst: 2,
        trusted_hops: 0,
        ..ClientPolicy::default()
    }));
    let address = serve(state).await;
    let mut statuses = Vec::new();
    // A forged X-Forwarded-For per request does not buy a fresh allowance.
    for n in 0..3 {
        let forwarded = format!("192.0.2.{n}");
        let create = request(
            Method::POST,
            "/v1/demo/contacts",
            &[("x-forwarded-for", &forwarded)],
            "",
        );
        statuses.push(exchange(address, create).await.status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 429]);
}

#[tokio::test]
async fn every_rejection_over_a_real_socket() {
    let key = TokenKey::new(b"tcp-rejections-secret-0123456789abcdef").unwrap();
    let state = simulated(key.clone()).await;
    let origins = vec![HeaderValue::from_static("https://support.example.com")];
    let contact = state.simulator.as_ref().unwrap().join();
    let address = serve_for(state, origins).await;
    let now = waitline_proxy::unix_now();
    let get = |id: &str, token: &str| get(&format!("/v1/contacts/{id}/metrics"), Some(token));
    let other = "11111111-2222-4333-8444-555555555555";
    let forged = TokenKey::new(b"someone-elses-secret-0123456789abcdef")
        .unwrap()
        .mint(&contact, now + 60);
    let cases = [
        (get("not-a-contact", "x"), 400, "InvalidParameterException"),
        (get(&contact, "garbage"), 401, "UnauthorizedException"),
        (get(&contact, &forged), 401, "UnauthorizedException"),
        (
            get(&contact, &key.mint(&contact, now - 1)),
            401,
            "UnauthorizedException",
        ),
        // Without a valid token, an unknown contact looks like any other: 401, not 404.
        (get(other, "garbage"), 401, "UnauthorizedException"),
        (
            get(&contact, &key.mint(other, now + 60)),
            403,
            "AccessDeniedException",
        ),
        (
            get(other, &key.mint(other, now + 60)),
            404,
            "ResourceNotFoundException",
        ),
    ];
    for (request, status, error_type) in cases {
        let uri = request.uri().clone();
        let answer = exchange(address, request).await;
        assert_eq!(answer.status.as_u16(), status, "{uri}: {answer:?}");
        assert_eq!(answer.header("x-amzn-errortype"), error_type);
        assert_eq!(answer.header("x-content-type-options"), "nosniff");
        assert!(answer.body.contains("\"Message\""), "{answer:?}");
    }

    let big = "x".repeat(16 * 1024);
    let answer = exchange(
        address,
        request(Method::POST, "/v1/demo/contacts", &[], &big),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:?}");

    let path = format!("/v1/contacts/{contact}/metrics");
    let preflight = |origin: &str| {
        request(
            Method::OPTIONS,
            &path,
            &[
                ("origin", origin),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "authorization"),
            ],
            "",
        )
    };
    let answer = exchange(address, preflight("https://support.example.com")).await;
    assert_eq!(
        answer.header("access-control-allow-origin"),
        "https://support.example.com"
    );
    let answer = exchange(address, preflight("https://evil.example")).await;
    assert!(
        !answer.headers.contains_key("access-control-allow-origin"),
        "{answer:?}"
    );
}

const ORIGIN: &str = "https://support.example.com";

/// What every answer carries, whatever its status: the security headers, and for an allowed
/// origin the CORS headers, or a cross-origin widget sees a network error instead of the answer.
fn assert_same_headers(answer: &Answer, status: u16) {
    assert_eq!(answer.status.as_u16(), status, "{answer:?}");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("access-control-allow-origin", ORIGIN),
    ] {
        assert_eq!(answer.header(name), value, "{status}: {name}: {answer:?}");
    }
    assert!(
        answer
            .header("access-control-expose-headers")
            .to_ascii_lowercase()
            .contains("retry-after"),
        "{status}: {answer:?}"
    );
}

/// An error also has Connect's restJson1 shape: the type in the header and the body.
fn assert_error_shape(answer: &Answer) {
    let value = answer.json();
    let error_type = value["__type"].as_str().unwrap_or_default();
    assert!(!error_type.is_empty(), "{answer:?}");
    assert!(value["Message"].is_string(), "{answer:?}");
    assert_eq!(answer.header("x-amzn-errortype"), error_type, "{answer:?}");
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
    let origins = vec![HeaderValue::from_static(ORIGIN)];
    // Each request comes from its own client but the one that exceeds its allowance.
    let limiter = || {
        Some(ClientLimits::new(ClientPolicy {
            request_rate: 0.01,
            request_burst: 1,
            trusted_hops: 1,
            ..ClientPolicy::default()
        }))
    };

    let mut state = simulated(key.clone()).await;
    state.client_limits = limiter();
    let contact = state.simulator.as_ref().unwrap().join();
    let served = serve_for(state, origins.clone()).await;

    // Connect never answers, and the proxy gives up first.
    let (_silent, silent_url) = silent_connect().await;
    let state = AppState::new(
        ConnectClient::simulator(&silent_url, SIMULATED_INSTANCE_ID),
        key.clone(),
        BudgetConfig::default(),
    );
    let config = RouterConfig {
        cors_origins: origins.clone(),
        request_timeout: std::time::Duration::from_millis(300),
        ..RouterConfig::default()
    };
    let hanging = serve_on(state, &config, ConnectionLimits::default()).await;

    // Connect cannot be reached.
    let state = AppState::new(
        ConnectClient::simulator(&unreachable_connect(), SIMULATED_INSTANCE_ID),
        key.clone(),
        BudgetConfig::default(),
    );
    let broken = serve_for(state, origins).await;

    let other = "11111111-2222-4333-8444-555555555555";
    let token = key.mint(&contact, now + 60);
    let get = |client: u8, id: &str, token: &str| {
        let (forwarded, bearer) = (format!("192.0.2.{client}"), format!("Bearer {token}"));
        request(
            Method::GET,
            &format!("/v1/contacts/{id}/metrics"),
            &[
                ("origin", ORIGIN),
                ("x-forwarded-for", &forwarded),
                ("authorization", &bearer),
            ],
            "",
        )
    };
    let big = "x".repeat(16 * 1024);
    let too_big = request(
        Method::POST,
        "/v1/demo/contacts",
        &[("origin", ORIGIN), ("x-forwarded-for", "192.0.2.9")],
        &big,
    );
    let cases = [
        (served, get(1, &contact, &token), 200),
        (served, get(2, "not-a-contact", &token), 400),
        (served, get(3, &contact, "garbage"), 401),
        (served, get(4, &contact, &key.mint(other, now + 60)), 403),
        (served, get(5, other, &key.mint(other, now + 60)), 404),
        (served, too_big, 413),
        // The client at .1 already spent its one request.
        (served, get(1, &contact, &token), 429),
        (broken, get(7, &contact, &token), 500),
        (hanging, get(8, &contact, &token), 503),
    ];
    for (address, request, status) in cases {
        let answer = exchange(address, request).await;
        assert_same_headers(&answer, status);
        if status != 200 {
            assert_error_shape(&answer);
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

// Raw TCP from here on: these clients misbehave on purpose (half a header, silence, an idle
// keep-alive connection, a connection that only holds its slot), as no HTTP client would.

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
        ..ConnectionLimits::default()
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
    let state = simulated(key.clone()).await;
    let origins = vec![HeaderValue::from_static("https://support.example.com")];
    let simulator = Arc::clone(state.simulator.as_ref().unwrap());
    let contact = simulator.join();
    let token = key.mint(&contact, waitline_proxy::unix_now() + 60);
    let address = serve_for(state, origins).await;
    let path = format!("/v1/contacts/{contact}/callback");
    let bearer = format!("Bearer {token}");
    let post = || {
        Request::post(&path)
            .header("origin", "https://support.example.com")
            .header("authorization", &bearer)
            .header("content-type", "application/json")
    };

    // Over the route's 1 KiB, sent without a length (chunked): 413, with every header.
    let big = format!(
        r#"{{"phoneNumber": "+1 201 555 0123"{}}}"#,
        " ".repeat(2000)
    );
    let chunked = post().body(Unsized(Some(Bytes::from(big)))).unwrap();
    let answer = exchange(address, chunked).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:?}");
    assert!(
        answer.body.contains("RequestTooLargeException"),
        "{answer:?}"
    );
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("access-control-allow-origin", "https://support.example.com"),
    ] {
        assert_eq!(answer.header(name), value, "{name}: {answer:?}");
    }
    assert_eq!(simulator.tasks_started(), 0);

    let json = r#"{"phoneNumber": "+1 201 555 0123"}"#;
    let sized = post().body(Full::new(Bytes::from(json))).unwrap();
    let answer = exchange(address, sized).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    assert_eq!(answer.header("x-content-type-options"), "nosniff");
    let created = answer.json();
    assert_eq!(created["phoneNumber"], "•••• 0123");
    let (id, callback_token) = (
        created["contactId"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );
    let answer = exchange(
        address,
        get(&format!("/v1/contacts/{id}/callback"), Some(callback_token)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert!(
        answer
            .header("cache-control")
            .starts_with("private, max-age="),
        "{answer:?}"
    );
    assert!(answer.body.contains(r#""state":"scheduled""#), "{answer:?}");
    assert_eq!(simulator.tasks_started(), 1);
}

/// A client that pipelines requests and never reads the answers fills its receive window and
/// leaves the proxy's write waiting: the write timeout closes the connection, where it used to
/// hold it (and its slot) for as long as the client liked.
#[tokio::test]
async fn a_client_that_never_reads_its_answers_is_disconnected() {
    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.client_limits = None;
    let limits = ConnectionLimits {
        write_timeout: Duration::from_secs(1),
        ..ConnectionLimits::default()
    };
    let address = serve_with(state, limits).await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(1024).unwrap();
    let stream = socket.connect(address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    // Far more answers (each over a hundred bytes) than the socket buffers between us hold.
    let count = 100_000;
    let requests = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".repeat(count);
    let _writing = tokio::spawn(async move { writer.write_all(&requests).await });
    // Not reading for longer than the write timeout.
    tokio::time::sleep(Duration::from_secs(4)).await;
    // What reached us ends (closed, or reset) long before all the answers asked for; a
    // connection still served would go on answering, then idle.
    let mut buffer = vec![0u8; 1 << 16];
    let mut received = 0;
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(5), reader.read(&mut buffer)).await {
            Err(_) => break false,
            Ok(Ok(0) | Err(_)) => break true,
            Ok(Ok(n)) => received += n,
        }
    };
    assert!(
        ended,
        "the proxy kept the connection of a client that never reads"
    );
    assert!(
        received < count * 100,
        "{received} bytes: the proxy answered everything"
    );
}

/// One address holds at most its share of the connections; more are closed as they open,
/// and a slot it frees is its again.
#[tokio::test]
async fn one_address_holds_at_most_its_connections() {
    let limits = ConnectionLimits {
        per_client: Some(3),
        ..ConnectionLimits::default()
    };
    let address = serve_with(simulated(TokenKey::random().unwrap()).await, limits).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(address).await.unwrap());
    }
    let mut fourth = TcpStream::connect(address).await.unwrap();
    assert!(
        closed_by_proxy(&mut fourth).await,
        "a fourth connection from one address"
    );
    // The three are served.
    let mut first = held.remove(0);
    first
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    first.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(first);
    // Once the closed one is counted out, there is room again.
    let mut again = None;
    for _ in 0..50 {
        let mut next = TcpStream::connect(address).await.unwrap();
        next.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        let _ = next.read_to_string(&mut answer).await;
        if answer.starts_with("HTTP/1.1 200") {
            again = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(again.is_some(), "the freed slot was never given back");
}

/// Behind CloudFront and an ALB, the client is the entry two from the end of
/// `X-Forwarded-For`: with one trusted hop, every customer of an edge would share its limit.
#[tokio::test]
async fn clients_are_told_apart_behind_two_proxies() {
    let mut state = simulated(TokenKey::random().unwrap()).await;
    state.client_limits = Some(ClientLimits::new(ClientPolicy {
        request_rate: 0.01,
        request_burst: 1,
        trusted_hops: 2,
        ..ClientPolicy::default()
    }));
    let address = serve(state).await;
    let health = |forwarded: &str| {
        request(
            Method::GET,
            "/healthz",
            &[("x-forwarded-for", forwarded)],
            "",
        )
    };
    // Two customers through the same edge (198.51.100.7), each with a forged first entry.
    for client in ["203.0.113.1", "203.0.113.2"] {
        let chain = format!("6.6.6.6, {client}, 198.51.100.7");
        assert_eq!(
            exchange(address, health(&chain)).await.status,
            StatusCode::OK
        );
    }
    let again = exchange(address, health("7.7.7.7, 203.0.113.1, 198.51.100.7")).await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS, "{again:?}");
}
