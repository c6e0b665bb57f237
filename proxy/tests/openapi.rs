//! The OpenAPI document is the proxy's contract: every answer the proxy gives on a documented
//! route has a documented status, the documented headers, and a body with the documented
//! schema's required fields and types.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is a failed test

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::callback::{CallbackConfig, Callbacks, wall_clock};
use waitline_proxy::clients::{ClientLimits, ClientPolicy};
use waitline_proxy::routes::events::EventsConfig;
use waitline_proxy::source::ConnectClient;
use waitline_proxy::token::{Scope, TokenKey};
use waitline_proxy::{AppState, RouterConfig, app, router, unix_now};
use waitline_simulator::connect::SIMULATED_INSTANCE_ID;

mod support;
use support::{ask_callback, later, still_queue};

const SECRET: &[u8] = b"openapi-test-secret-0123456789abcdef";

fn document() -> Value {
    serde_json::from_str(include_str!("../api/openapi.json")).unwrap()
}

/// Follows `$ref`s within the document.
fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(pointer) => resolve(doc, doc.pointer(&pointer[1..]).expect(pointer)),
        None => node,
    }
}

/// `value` against `schema`, a schema of the document (OpenAPI 3.1's are JSON Schema 2020-12),
/// by a JSON Schema validator: the document's components go along, so its `$ref`s resolve.
fn check_schema(doc: &Value, schema: &Value, value: &Value, at: &str) {
    let mut root = schema.clone();
    if let Some(object) = root.as_object_mut() {
        object.insert("components".to_owned(), doc["components"].clone());
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .unwrap_or_else(|e| panic!("{at}: the document's schema does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{at}: {value} breaks the schema: {errors:#?}"
    );
}

/// Sends `request` and checks the answer against the document's operation.
async fn conforms(
    state: &AppState,
    request: Request<Body>,
    path: &str,
    method: &str,
) -> StatusCode {
    answers_as_documented(app(state.clone()), request, path, method).await
}

/// [`conforms`], with a router that gives up on a request after 200 ms.
async fn conforms_hanging(
    state: &AppState,
    request: Request<Body>,
    path: &str,
    method: &str,
) -> StatusCode {
    let config = RouterConfig {
        request_timeout: std::time::Duration::from_millis(200),
        ..RouterConfig::default()
    };
    answers_as_documented(router(state.clone(), &config), request, path, method).await
}

async fn answers_as_documented(
    router: axum::Router,
    request: Request<Body>,
    path: &str,
    method: &str,
) -> StatusCode {
    let doc = document();
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let headers: HeaderMap = response.headers().clone();
    let streamed = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    let bytes = if streamed {
        // A stream lasts as long as the wait: its first event is checked.
        let mut body = response.into_body();
        let frame = body.frame().await.unwrap().unwrap();
        let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
        let data = text
            .lines()
            .find_map(|line| line.strip_prefix("data:"))
            .unwrap_or_else(|| panic!("not an event: {text:?}"));
        axum::body::Bytes::from(data.trim().to_owned())
    } else {
        response.into_body().collect().await.unwrap().to_bytes()
    };
    let operation = &doc["paths"][path][method];
    let documented = resolve(&doc, &operation["responses"][status.as_str()]);
    assert!(
        documented.is_object(),
        "{method} {path}: {status} is not documented"
    );
    for name in documented["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(n, _)| n)
    {
        assert!(
            headers.contains_key(name.as_str()),
            "{method} {path} {status}: header {name} missing"
        );
    }
    if let Some(content) = documented["content"].as_object() {
        let content_type = headers[header::CONTENT_TYPE].to_str().unwrap();
        let (media, spec) = content
            .iter()
            .find(|(media, _)| content_type.starts_with(media.as_str()))
            .unwrap_or_else(|| panic!("{method} {path} {status}: {content_type} undocumented"));
        if media == "text/event-stream" {
            // Each event's data is the JSON answer's body.
            let json = &content["application/json"]["schema"];
            let body: Value = serde_json::from_slice(&bytes).unwrap();
            check_schema(
                &doc,
                json,
                &body,
                &format!("{method} {path} {status} (event)"),
            );
        }
        if media == "application/json" {
            let body: Value = serde_json::from_slice(&bytes).unwrap();
            check_schema(
                &doc,
                &spec["schema"],
                &body,
                &format!("{method} {path} {status}"),
            );
            if let Some(error_type) = headers.get("x-amzn-errortype") {
                assert_eq!(body["__type"], error_type.to_str().unwrap());
            }
        }
    }
    status
}

async fn state() -> AppState {
    AppState::simulated(
        still_queue(2),
        TokenKey::new(SECRET).unwrap(),
        BudgetConfig::default(),
    )
    .await
    .unwrap()
}

fn get(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

const METRICS: &str = "/v1/contacts/{contactId}/metrics";

#[tokio::test]
async fn every_answer_of_the_metrics_route_is_documented() {
    let state = state().await;
    let key = TokenKey::new(SECRET).unwrap();
    let create = Request::post("/v1/demo/contacts")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        conforms(&state, create, "/v1/demo/contacts", "post").await,
        StatusCode::CREATED
    );
    let contact = state.simulator.as_ref().unwrap().join();
    let token = key.mint(&contact, unix_now() + 60);
    let uri = format!("/v1/contacts/{contact}/metrics");
    let unknown = "11111111-2222-4333-8444-555555555555";

    let mut seen = vec![
        conforms(&state, get(&uri, Some(&token)), METRICS, "get").await,
        conforms(
            &state,
            get("/v1/contacts/nope/metrics", Some(&token)),
            METRICS,
            "get",
        )
        .await,
        conforms(&state, get(&uri, None), METRICS, "get").await,
        conforms(
            &state,
            get(&uri, Some(&key.mint(unknown, unix_now() + 60))),
            METRICS,
            "get",
        )
        .await,
        conforms(
            &state,
            get(
                &format!("/v1/contacts/{unknown}/metrics"),
                Some(&key.mint(unknown, unix_now() + 60)),
            ),
            METRICS,
            "get",
        )
        .await,
    ];
    // A newcomer behind a backlog the budget cannot clear soon is told to come back: 429.
    let tight = AppState::simulated(
        Arc::clone(state.simulator.as_ref().unwrap()),
        key.clone(),
        BudgetConfig {
            rate: 0.05,
            burst: 1,
            wait_for_first: std::time::Duration::from_millis(10),
            ..BudgetConfig::default()
        },
    )
    .await
    .unwrap();
    for _ in 0..3 {
        let id = tight.simulator.as_ref().unwrap().join();
        let uri = format!("/v1/contacts/{id}/metrics");
        seen.push(
            conforms(
                &tight,
                get(&uri, Some(&key.mint(&id, unix_now() + 60))),
                METRICS,
                "get",
            )
            .await,
        );
    }
    // Connect unreachable: 500, details in the log only.
    let nowhere = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let broken = AppState::new(
        ConnectClient::simulator(&nowhere, SIMULATED_INSTANCE_ID),
        key.clone(),
        BudgetConfig::default(),
    );
    seen.push(conforms(&broken, get(&uri, Some(&token)), METRICS, "get").await);
    // A body over the limit: 413.
    let big = Request::get(&uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_LENGTH, 16 * 1024)
        .body(Body::from(vec![b' '; 16 * 1024]))
        .unwrap();
    seen.push(conforms(&state, big, METRICS, "get").await);
    // Connect accepts the call and never answers; the proxy's request timeout answers 503.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hanging = AppState::new(
        ConnectClient::simulator(
            &format!("http://{}", silent.local_addr().unwrap()),
            SIMULATED_INSTANCE_ID,
        ),
        key.clone(),
        BudgetConfig::default(),
    );
    seen.push(conforms_hanging(&hanging, get(&uri, Some(&token)), METRICS, "get").await);
    // Simulator-only route with Amazon Connect: 404.
    let create = Request::post("/v1/demo/contacts")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        conforms(&broken, create, "/v1/demo/contacts", "post").await,
        StatusCode::NOT_FOUND
    );

    seen.sort();
    seen.dedup();
    let seen: Vec<&str> = seen.iter().map(StatusCode::as_str).collect();
    assert_eq!(
        seen,
        [
            "200", "400", "401", "403", "404", "413", "429", "500", "503"
        ]
    );
    // And every documented status was produced and checked.
    let doc = document();
    let documented: Vec<&str> = doc["paths"][METRICS]["get"]["responses"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(seen, documented);
}

const CALLBACK: &str = "/v1/contacts/{contactId}/callback";

/// A proxy whose Connect is at `url`, with callbacks on.
fn with_connect_at(url: &str, key: &TokenKey) -> AppState {
    let source = ConnectClient::simulator(url, SIMULATED_INSTANCE_ID);
    let mut state = AppState::new(source.clone(), key.clone(), BudgetConfig::default());
    let callbacks = Callbacks::new(
        source,
        CallbackConfig::simulated(),
        wall_clock(),
        Arc::clone(&state.operations),
    );
    state.callbacks = Some(callbacks);
    state
}

/// Every status both callback routes document, each produced and checked against the document.
#[tokio::test]
async fn every_answer_of_the_callback_routes_is_documented() {
    let key = TokenKey::new(SECRET).unwrap();
    let state = state().await;
    let simulator = Arc::clone(state.simulator.as_ref().unwrap());
    let customer = || {
        let id = simulator.join();
        let token = key.mint(&id, unix_now() + 60);
        (id, token)
    };
    let body = r#"{"phoneNumber": "+1 201 555 0123"}"#;
    let unknown = "11111111-2222-4333-8444-555555555555";
    let unknown_token = key.mint(unknown, unix_now() + 60);
    let unknown_callback_token = key.mint_scoped(unknown, unix_now() + 60, Scope::Callback);
    let (john, john_token) = customer();
    let (left, left_token) = customer();
    simulator.stop(&left).unwrap();

    let created = app(state.clone())
        .oneshot(ask_callback(&john, Some(&john_token), body))
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value =
        serde_json::from_slice(&created.into_body().collect().await.unwrap().to_bytes()).unwrap();
    let (callback, callback_token) = (
        created["contactId"].as_str().unwrap().to_owned(),
        created["token"].as_str().unwrap().to_owned(),
    );
    let mut posts = vec![
        conforms(
            &state,
            ask_callback(&john, Some(&john_token), body),
            CALLBACK,
            "post",
        )
        .await,
        conforms(
            &state,
            ask_callback(&john, Some(&john_token), "{}"),
            CALLBACK,
            "post",
        )
        .await,
        conforms(&state, ask_callback(&john, None, body), CALLBACK, "post").await,
        conforms(
            &state,
            ask_callback(&john, Some(&left_token), body),
            CALLBACK,
            "post",
        )
        .await,
        conforms(
            &state,
            ask_callback(unknown, Some(&unknown_token), body),
            CALLBACK,
            "post",
        )
        .await,
        conforms(
            &state,
            ask_callback(&left, Some(&left_token), body),
            CALLBACK,
            "post",
        )
        .await,
        conforms(
            &state,
            ask_callback(&john, Some(&john_token), &format!("{body:<2000}")),
            CALLBACK,
            "post",
        )
        .await,
    ];
    let status = |id: &str, token: Option<&str>| get(&format!("/v1/contacts/{id}/callback"), token);
    later(2).await; // DescribeContact's budget (4 calls at once) refills
    let mut gets = vec![
        conforms(
            &state,
            status(&callback, Some(&callback_token)),
            CALLBACK,
            "get",
        )
        .await,
        conforms(
            &state,
            status("nope", Some(&callback_token)),
            CALLBACK,
            "get",
        )
        .await,
        conforms(&state, status(&callback, None), CALLBACK, "get").await,
        conforms(
            &state,
            status(&callback, Some(&john_token)),
            CALLBACK,
            "get",
        )
        .await,
        conforms(
            &state,
            status(unknown, Some(&unknown_callback_token)),
            CALLBACK,
            "get",
        )
        .await,
    ];
    let big = Request::get(format!("/v1/contacts/{callback}/callback"))
        .header(header::AUTHORIZATION, format!("Bearer {callback_token}"))
        .header(header::CONTENT_LENGTH, 16 * 1024)
        .body(Body::from(vec![b' '; 16 * 1024]))
        .unwrap();
    gets.push(conforms(&state, big, CALLBACK, "get").await);

    // One client over its rate: 429.
    let mut limited = state.clone();
    limited.client_limits = Some(ClientLimits::new(ClientPolicy {
        request_rate: 0.01,
        request_burst: 1,
        trusted_hops: 1,
        ..ClientPolicy::default()
    }));
    for _ in 0..2 {
        let mut request = ask_callback(&john, Some(&john_token), body);
        request
            .headers_mut()
            .insert("x-forwarded-for", "203.0.113.9".parse().unwrap());
        posts.push(conforms(&limited, request, CALLBACK, "post").await);
    }
    // Each operation's budget holds one call: a second callback is refused with 503, and a
    // status never read before, with nothing cached, is throttled with 429.
    let tight = AppState::simulated(
        Arc::clone(&simulator),
        key.clone(),
        BudgetConfig {
            rate: 0.01,
            burst: 2,
            ..BudgetConfig::default()
        },
    )
    .await
    .unwrap();
    let (first, first_token) = customer();
    let (second, second_token) = customer();
    posts.push(
        conforms(
            &tight,
            ask_callback(&first, Some(&first_token), body),
            CALLBACK,
            "post",
        )
        .await,
    );
    posts.push(
        conforms(
            &tight,
            ask_callback(&second, Some(&second_token), body),
            CALLBACK,
            "post",
        )
        .await,
    );
    gets.push(
        conforms(
            &tight,
            status(&callback, Some(&callback_token)),
            CALLBACK,
            "get",
        )
        .await,
    );

    // Connect unreachable: 500, details in the log only.
    let nowhere = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let broken = with_connect_at(&nowhere, &key);
    posts.push(
        conforms(
            &broken,
            ask_callback(&john, Some(&john_token), body),
            CALLBACK,
            "post",
        )
        .await,
    );
    gets.push(
        conforms(
            &broken,
            status(&callback, Some(&callback_token)),
            CALLBACK,
            "get",
        )
        .await,
    );
    // Connect accepts the call and never answers: 503 at the request timeout.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hanging = with_connect_at(&format!("http://{}", silent.local_addr().unwrap()), &key);
    gets.push(
        conforms_hanging(
            &hanging,
            status(&callback, Some(&callback_token)),
            CALLBACK,
            "get",
        )
        .await,
    );

    let doc = document();
    for (method, seen) in [("post", &mut posts), ("get", &mut gets)] {
        seen.sort();
        seen.dedup();
        let seen: Vec<&str> = seen.iter().map(StatusCode::as_str).collect();
        let documented: Vec<&str> = doc["paths"][CALLBACK][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(seen, documented, "{method}: produced and documented");
    }
}

#[tokio::test]
async fn the_document_is_served_and_names_every_route() {
    let state = state().await;
    let response = app(state.clone())
        .oneshot(get("/openapi.json", None))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let served: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(served, document());
    assert_eq!(served["openapi"], "3.1.0");

    let paths: Vec<&str> = served["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for path in [
        "/v1/contacts/{contactId}/metrics",
        "/v1/contacts/{contactId}/callback",
        "/v1/chats",
        "/v1/queues",
        "/v1/demo/contacts",
        "/v1/demo/chat",
        "/v1/events",
        "/healthz",
        "/openapi.json",
    ] {
        assert!(paths.contains(&path), "{path} undocumented");
    }
    assert!(
        !paths.contains(&"/metrics"),
        "the operator's routes are not the public API's"
    );
    assert_eq!(
        conforms(&state, get("/v1/demo/chat", None), "/v1/demo/chat", "get").await,
        StatusCode::OK
    );
    assert_eq!(
        conforms(&state, get("/healthz", None), "/healthz", "get").await,
        StatusCode::OK
    );
    assert_eq!(
        conforms(&state, get("/openapi.json", None), "/openapi.json", "get").await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn every_answer_of_the_chat_route_is_documented() {
    let state = state().await;
    let chat = |body: &str| {
        Request::post("/v1/chats")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let cases = [
        (r#"{"displayName":"Ana"}"#, StatusCode::OK),
        (
            r#"{"ParticipantDetails":{"DisplayName":"Ana"},"ContactFlowId":"99999999-2222-4333-8444-555555555555"}"#,
            StatusCode::BAD_REQUEST,
        ),
        (r#"{"displayName":""}"#, StatusCode::BAD_REQUEST),
        (
            r#"{"displayName":"Ana","extra":1}"#,
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(
            conforms(&state, chat(body), "/v1/chats", "post").await,
            expected,
            "{body}"
        );
    }
    let big = format!(r#"{{"displayName":"{}"}}"#, "x".repeat(9000));
    assert_eq!(
        conforms(&state, chat(&big), "/v1/chats", "post").await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let mut off = state.clone();
    off.chats = None;
    assert_eq!(
        conforms(&off, chat(r#"{"displayName":"Ana"}"#), "/v1/chats", "post").await,
        StatusCode::NOT_FOUND
    );
}

/// The demo chat page's configuration: the simulated Participant Service in simulator mode (the
/// simulated Connect endpoint, which is the same server), 404 with Amazon Connect.
#[tokio::test]
async fn the_demo_chat_route_names_the_simulated_participant_service() {
    let state = state().await;
    let response = app(state.clone())
        .oneshot(get("/v1/demo/chat", None))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["region"], "us-east-1");
    assert_eq!(
        body["participantEndpoint"].as_str(),
        state.simulated_connect_url()
    );
    assert!(
        body["participantEndpoint"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );

    let connect = with_connect_at("http://127.0.0.1:9", &TokenKey::new(SECRET).unwrap());
    assert_eq!(
        conforms(&connect, get("/v1/demo/chat", None), "/v1/demo/chat", "get").await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_metrics_stream_and_the_events_route_answer_as_documented() {
    let mut state = state().await;
    let contact = state.simulator.as_ref().unwrap().join();
    let token = TokenKey::new(SECRET)
        .unwrap()
        .mint(&contact, unix_now() + 600);
    let mut streamed = get(&format!("/v1/contacts/{contact}/metrics"), Some(&token));
    streamed.headers_mut().insert(
        header::ACCEPT,
        "text/event-stream, application/json;q=0.9".parse().unwrap(),
    );
    assert_eq!(
        conforms(&state, streamed, METRICS, "get").await,
        StatusCode::OK
    );

    let event = |secret: Option<&str>, body: &str| {
        let mut request =
            Request::post("/v1/events").header(header::CONTENT_TYPE, "application/json");
        if let Some(secret) = secret {
            request = request.header("x-waitline-events-secret", secret);
        }
        request.body(Body::from(body.to_owned())).unwrap()
    };
    let queued = format!(
        r#"{{"detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{{"eventType":"QUEUED","contactId":"{contact}","instanceArn":"arn:aws:connect:us-east-1:000000000000:instance/{SIMULATED_INSTANCE_ID}"}}}}"#
    );
    let secret = "the-connection-api-key";
    let off = conforms(&state, event(Some(secret), &queued), "/v1/events", "post").await;
    assert_eq!(off, StatusCode::NOT_FOUND);
    state.events = EventsConfig::new(secret, std::time::Duration::ZERO);
    for (request, expected) in [
        (event(Some(secret), &queued), StatusCode::NO_CONTENT),
        (event(None, &queued), StatusCode::UNAUTHORIZED),
        (event(Some(secret), "[]"), StatusCode::BAD_REQUEST),
        (
            event(Some(secret), &"x".repeat(20_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ] {
        assert_eq!(
            conforms(&state, request, "/v1/events", "post").await,
            expected
        );
    }
}

/// The document's `Reason` codes are core's, which the proxy writes and the widget reads.
#[test]
fn the_documented_refusal_codes_are_cores() {
    let doc = document();
    let documented: std::collections::BTreeSet<&str> = doc
        .pointer("/components/schemas/Error/properties/Reason/enum")
        .and_then(Value::as_array)
        .expect("Error.Reason's enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let core: std::collections::BTreeSet<&str> = waitline_core::refusal::CallbackRefusal::ALL
        .iter()
        .map(|r| r.code())
        .collect();
    assert_eq!(documented, core);
}

/// `GET /v1/queues`: the lines, a bad parameter, and no lines offered, as documented.
#[tokio::test]
async fn every_answer_of_the_queues_route_is_documented() {
    use waitline_proxy::queues::{QueuesConfig, parse_lines};
    use waitline_proxy::{Backend, StateConfig};
    use waitline_simulator::connect::models::{SALES_QUEUE_ID, SUPPORT_QUEUE_ID};
    use waitline_simulator::connect::{ManualClock, Quota};

    let clock = ManualClock::default();
    let simulator = support::idle_center(&clock);
    let connect = support::SimulatedConnect::start(&simulator, Quota::default()).await;
    let key = TokenKey::new(SECRET).unwrap();
    let mut config = StateConfig::new(key.clone(), BudgetConfig::default());
    config.queues = Some(QueuesConfig {
        lines: parse_lines(
            &format!("sales={SALES_QUEUE_ID},support={SUPPORT_QUEUE_ID}"),
            "CHAT,VOICE",
        )
        .unwrap(),
        refresh: std::time::Duration::from_secs(5),
    });
    let offering = AppState::build(
        Backend::amazon(ConnectClient::simulator(
            connect.url(),
            SIMULATED_INSTANCE_ID,
        )),
        config,
    );
    while offering.queues.as_ref().unwrap().latest().is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    const QUEUES: &str = "/v1/queues";
    let mut seen = vec![
        conforms(&offering, get(QUEUES, None), QUEUES, "get").await,
        conforms(
            &offering,
            get("/v1/queues?channel=CHAT&order=fastest", None),
            QUEUES,
            "get",
        )
        .await,
        conforms(
            &offering,
            get("/v1/queues?channel=EMAIL", None),
            QUEUES,
            "get",
        )
        .await,
    ];
    let none = AppState::new(
        ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID),
        key,
        BudgetConfig::default(),
    );
    seen.push(conforms(&none, get(QUEUES, None), QUEUES, "get").await);
    assert_eq!(
        seen,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::BAD_REQUEST,
            StatusCode::NOT_FOUND
        ]
    );
}
