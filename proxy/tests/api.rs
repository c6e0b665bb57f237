//! The proxy's HTTP contract, driven in-process with `tower::ServiceExt::oneshot`.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, RouterConfig, app, operator_app, router, unix_now};
use waitline_simulator::connect::{QueueConfig, SIMULATED_INSTANCE_ID, Simulator, arns};

const SECRET: &[u8] = b"integration-test-secret-0123456789";

async fn state() -> AppState {
    let config = QueueConfig {
        agents: 2,
        arrivals_per_minute: 0.0,
        initial_queue: 3,
        ..QueueConfig::default()
    };
    AppState::simulated(
        Arc::new(Simulator::new(config, 1.0)),
        TokenKey::new(SECRET).unwrap(),
        BudgetConfig::default(),
    )
    .await
    .unwrap()
}

async fn send(
    state: &AppState,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    send_to(app(state.clone()), request).await
}

async fn send_to(
    router: Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, headers, body)
}

async fn create_contact(state: &AppState) -> (String, String) {
    let (status, _, body) = send(
        state,
        Request::post("/v1/demo/contacts")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    (
        body["contactId"].as_str().unwrap().to_owned(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

fn metrics(contact_id: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(format!("/v1/contacts/{contact_id}/metrics"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

fn assert_connect_error(headers: &axum::http::HeaderMap, body: &Value, error_type: &str) {
    assert_eq!(headers["x-amzn-errortype"], error_type);
    assert_eq!(body["__type"], error_type);
    assert!(body["Message"].is_string());
}

#[tokio::test]
async fn demo_contact_reads_its_metrics_in_connects_shape() {
    let state = state().await;
    let (contact_id, token) = create_contact(&state).await;
    let (status, headers, body) = send(&state, metrics(&contact_id, Some(&token))).await;
    assert_eq!(status, StatusCode::OK);
    let cache_control = headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(
        cache_control.starts_with("private, max-age="),
        "{cache_control}"
    );
    assert_eq!(headers[header::AGE], "0");
    assert_eq!(body["Id"], contact_id.as_str());
    assert!(
        body["Arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/contact/{contact_id}"))
    );
    let results = body["MetricResults"].as_array().unwrap();
    assert_eq!(results[0]["Name"], "POSITION_IN_QUEUE");
    // Three were waiting and two agents are busy: the new contact is fourth.
    assert_eq!(results[0]["Value"]["Number"], 4.0);
    assert_eq!(results[1]["Name"], "ESTIMATED_WAIT_TIME");
    assert!(results[1]["Value"]["Number"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn missing_or_bad_tokens_are_401_without_revealing_the_contact() {
    let state = state().await;
    let (contact_id, token) = create_contact(&state).await;
    let expired = TokenKey::new(SECRET)
        .unwrap()
        .mint(&contact_id, unix_now() - 1);
    let forged = TokenKey::new(b"some-other-secret-of-32-bytes-or-more")
        .unwrap()
        .mint(&contact_id, unix_now() + 60);
    let unknown = "00000000-0000-4000-8000-000000000000";
    for (id, token) in [
        (contact_id.as_str(), None),
        (contact_id.as_str(), Some("not-a-token")),
        (contact_id.as_str(), Some(expired.as_str())),
        (contact_id.as_str(), Some(forged.as_str())),
        // Same answer for a contact that does not exist: nothing to learn without a token.
        (unknown, None),
        (unknown, Some(forged.as_str())),
    ] {
        let (status, headers, body) = send(&state, metrics(id, token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{id} {token:?}");
        assert_connect_error(&headers, &body, "UnauthorizedException");
    }
    let wrong_scheme = Request::get(format!("/v1/contacts/{contact_id}/metrics"))
        .header(header::AUTHORIZATION, format!("Basic {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&state, wrong_scheme).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_for_another_contact_is_403() {
    let state = state().await;
    let (first, _) = create_contact(&state).await;
    let (_, second_token) = create_contact(&state).await;
    let (status, headers, body) = send(&state, metrics(&first, Some(&second_token))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_connect_error(&headers, &body, "AccessDeniedException");
}

#[tokio::test]
async fn invalid_contact_ids_are_400() {
    let state = state().await;
    for id in [
        "bad%20id",
        "semi;colon",
        "c-1",
        "9F1B6F5E-2D4C-4B8A-9E3F-0A1B2C3D4E5F",
        &"a".repeat(257),
    ] {
        let (status, headers, body) = send(&state, metrics(id, Some("x"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{id}");
        assert_connect_error(&headers, &body, "InvalidParameterException");
    }
}

#[tokio::test]
async fn a_valid_token_for_an_unknown_contact_is_404() {
    let state = state().await;
    let id = "00000000-0000-4000-8000-000000000000";
    let token = TokenKey::new(SECRET).unwrap().mint(id, unix_now() + 60);
    let (status, headers, body) = send(&state, metrics(id, Some(&token))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_connect_error(&headers, &body, "ResourceNotFoundException");
}

#[tokio::test]
async fn a_contact_taken_by_an_agent_has_no_metrics() {
    // One agent on 50 ms calls and nobody else waiting: the contact soon reaches the agent.
    let config = QueueConfig {
        agents: 1,
        mean_handle_seconds: 0.05,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        ..QueueConfig::default()
    };
    let state = AppState::simulated(
        Arc::new(Simulator::new(config, 1.0)),
        TokenKey::new(SECRET).unwrap(),
        BudgetConfig::default(),
    )
    .await
    .unwrap();
    let (contact_id, token) = create_contact(&state).await;
    let mut body = Value::Null;
    // Near the front the proxy caches for up to 2 s, so give it several seconds.
    for _ in 0..300 {
        let (status, _, b) = send(&state, metrics(&contact_id, Some(&token))).await;
        assert_eq!(status, StatusCode::OK);
        body = b;
        if body["MetricResults"].as_array().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        body["MetricResults"],
        Value::Array(vec![]),
        "the contact never reached the agent"
    );
    assert_eq!(body["Id"], contact_id.as_str());
}

#[tokio::test]
async fn healthz_answers() {
    let (status, _, body) = send(
        &state().await,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn cors_allows_only_listed_origins() {
    let state = state().await;
    let config = RouterConfig {
        cors_origins: vec![axum::http::HeaderValue::from_static(
            "https://support.example.com",
        )],
        ..RouterConfig::default()
    };
    let cors = || router(state.clone(), &config);
    let (contact_id, token) = create_contact(&state).await;
    let preflight = |origin: &str| {
        Request::options(format!("/v1/contacts/{contact_id}/metrics"))
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let (_, headers, _) = send_to(cors(), preflight("https://support.example.com")).await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://support.example.com"
    );
    let (_, headers, _) = send_to(cors(), preflight("https://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let mut request = metrics(&contact_id, Some(&token));
    request.headers_mut().insert(
        header::ORIGIN,
        "https://support.example.com".parse().unwrap(),
    );
    let (status, headers, _) = send_to(cors(), request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://support.example.com"
    );
    let exposed = headers[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("retry-after") && exposed.contains("x-amzn-errortype"),
        "{exposed}"
    );
}

#[tokio::test]
async fn security_headers_and_body_limit() {
    let state = state().await;
    let (contact_id, token) = create_contact(&state).await;
    let (_, headers, _) = send(&state, metrics(&contact_id, Some(&token))).await;
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
        "same origin only by default"
    );

    let big = Request::post("/v1/demo/contacts")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, 64 * 1024)
        .body(Body::from(vec![b' '; 64 * 1024]))
        .unwrap();
    let response = app(state.clone()).oneshot(big).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// `/metrics` says how many callbacks were made and how the store is doing: the operator's,
/// on a listener of its own, never on the public one; the public `/healthz` says only that the
/// process serves.
#[tokio::test]
async fn operator_routes_are_not_public() {
    let state = state().await;
    let (status, _, _) = send(
        &state,
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, body) = send(
        &state,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
    let operator = operator_app(state.clone())
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(operator.status(), StatusCode::OK);
}

#[tokio::test]
async fn prometheus_metrics_count_connect_calls() {
    let state = state().await;
    let (contact_id, token) = create_contact(&state).await;
    for _ in 0..5 {
        send(&state, metrics(&contact_id, Some(&token))).await;
    }
    let response = operator_app(state.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    // Per replica: labelled with this process's ID, the one the store's heartbeat uses.
    let replica = waitline_proxy::store::replica_id();
    assert!(
        text.contains(&format!(
            "waitline_connect_calls_total{{replica=\"{replica}\"}} 1\n"
        )),
        "five polls, one Connect call:\n{text}"
    );
    assert!(
        text.contains(&format!(
            "waitline_connect_throttles_total{{replica=\"{replica}\"}} 0\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("# TYPE waitline_connect_calls counter\n"),
        "{text}"
    );
    assert!(text.contains("waitline_cache_hits_total 4\n"), "{text}");
    assert!(
        text.contains("# TYPE waitline_tracked_contacts gauge"),
        "{text}"
    );
    // The five answers' data ages: one waited for its first fetch, four from the cache, all
    // well under a second old.
    assert!(
        text.contains("# TYPE waitline_served_data_age_seconds histogram\n"),
        "{text}"
    );
    assert!(
        text.contains("waitline_served_data_age_seconds_bucket{le=\"1.0\"} 5\n"),
        "{text}"
    );
    assert!(
        text.contains("waitline_served_data_age_seconds_bucket{le=\"+Inf\"} 5\n"),
        "{text}"
    );
    assert!(
        text.contains("waitline_served_data_age_seconds_count 5\n"),
        "{text}"
    );
    assert!(text.ends_with("# EOF\n"), "{text}");
}

#[tokio::test]
async fn a_contacts_uuid_and_arn_forms_share_the_token_and_the_cache() {
    let state = state().await;
    let (uuid, uuid_token) = create_contact(&state).await;
    let arn = format!("arn:aws:connect:us-east-1:000000000000:instance/{uuid}");
    let arn_token = TokenKey::new(SECRET).unwrap().mint(&arn, unix_now() + 60);
    // The contact's own ARN, `…:instance/<instance>/contact/<contact>`, as Connect's answers carry it.
    let contact_arn = arns::contact_arn(SIMULATED_INSTANCE_ID, &uuid);
    let contact_arn_token = TokenKey::new(SECRET)
        .unwrap()
        .mint(&contact_arn, unix_now() + 60);
    // In a path an ARN travels percent-encoded, as the widget sends it.
    let in_path = |arn: &str| arn.replace(':', "%3A").replace('/', "%2F");
    let arn_in_path = in_path(&arn);
    let contact_arn_in_path = in_path(&contact_arn);
    // Any form of the ID, with a token minted for any form.
    for (id, token) in [
        (&uuid, &uuid_token),
        (&arn_in_path, &uuid_token),
        (&arn_in_path, &arn_token),
        (&uuid, &arn_token),
        (&contact_arn_in_path, &uuid_token),
        (&contact_arn_in_path, &contact_arn_token),
        (&uuid, &contact_arn_token),
        (&arn_in_path, &contact_arn_token),
    ] {
        let (status, _, body) = send(&state, metrics(id, Some(token))).await;
        assert_eq!(status, StatusCode::OK, "{id} with a token for another form");
        assert_eq!(body["Id"], uuid.as_str());
    }
    // One contact: one cache entry, one Connect call.
    let stats = state.budget.stats();
    assert_eq!(stats.tracked_contacts, 1, "{stats:?}");
    assert_eq!(stats.connect_calls, 1, "{stats:?}");
    // Another contact's token still does not open this one in either form.
    let (_, other_token) = create_contact(&state).await;
    let (status, _, _) = send(&state, metrics(&arn_in_path, Some(&other_token))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
