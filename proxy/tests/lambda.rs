//! The proxy binary on AWS Lambda: built with `--features lambda` and started with Lambda's
//! environment, it takes requests from the Lambda Runtime API instead of a socket. A fake Runtime
//! API here hands it function-URL (API Gateway HTTP v2) events and collects its answers.
#![cfg(feature = "lambda")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is a failed test

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::{Mutex, mpsc};

#[derive(Clone)]
struct Runtime {
    events: Arc<Mutex<mpsc::Receiver<Value>>>,
    answers: mpsc::Sender<(String, Value)>,
    next_id: Arc<std::sync::atomic::AtomicU64>,
}

async fn next(State(runtime): State<Runtime>) -> impl IntoResponse {
    // Like Lambda, the runtime's poll waits until there is an invocation.
    let event = runtime.events.lock().await.recv().await.expect("test over");
    let id = runtime
        .next_id
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 30_000;
    let mut headers = HeaderMap::new();
    headers.insert(
        "lambda-runtime-aws-request-id",
        format!("request-{id}").parse().unwrap(),
    );
    headers.insert(
        "lambda-runtime-deadline-ms",
        deadline.to_string().parse().unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:us-east-1:000000000000:function:waitline"
            .parse()
            .unwrap(),
    );
    headers.insert("lambda-runtime-trace-id", "Root=1-0-0".parse().unwrap());
    (headers, Json(event))
}

async fn respond(
    State(runtime): State<Runtime>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> impl IntoResponse {
    let answer = serde_json::from_slice(&body).expect("the function's answer is JSON");
    runtime.answers.send((id, answer)).await.unwrap();
    axum::http::StatusCode::ACCEPTED
}

async fn failed(Path(id): Path<String>, body: String) -> impl IntoResponse {
    panic!("invocation {id} failed: {body}");
    #[allow(unreachable_code)]
    axum::http::StatusCode::ACCEPTED
}

/// A function URL's event for one HTTP request.
fn event(method: &str, path: &str, headers: Value) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "waitline",
            "domainName": "waitline.lambda-url.us-east-1.on.aws",
            "domainPrefix": "waitline",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.9",
                "userAgent": "test"
            },
            "requestId": "r",
            "routeKey": "$default",
            "stage": "$default",
            "time": "22/Nov/2026:07:00:00 +0000",
            "timeEpoch": 1_795_330_000_000_u64
        },
        "isBase64Encoded": false
    })
}

#[tokio::test]
async fn the_same_router_answers_lambda_invocations() {
    let (event_tx, event_rx) = mpsc::channel(8);
    let (answer_tx, mut answer_rx) = mpsc::channel(8);
    let runtime = Runtime {
        events: Arc::new(Mutex::new(event_rx)),
        answers: answer_tx,
        next_id: Arc::default(),
    };
    let api = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(respond),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(failed))
        .route("/2018-06-01/runtime/init/error", post(failed))
        .with_state(runtime);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, api).await.unwrap() });

    let mut proxy = tokio::process::Command::new(env!("CARGO_BIN_EXE_waitline-proxy"))
        .args(["--www-dir", "", "--package-dir", ""])
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "waitline")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env(
            "WAITLINE_TOKEN_SECRET",
            "lambda-test-secret-0123456789abcdefgh",
        )
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();

    let mut invoke = async |event: Value| -> Value {
        event_tx.send(event).await.unwrap();
        let (_, answer) = tokio::time::timeout(Duration::from_secs(30), answer_rx.recv())
            .await
            .expect("no answer from the function")
            .unwrap();
        answer
    };

    let health = invoke(event("GET", "/healthz", json!({}))).await;
    assert_eq!(health["statusCode"], 200);
    assert_eq!(
        serde_json::from_str::<Value>(health["body"].as_str().unwrap()).unwrap(),
        json!({ "status": "ok" })
    );

    let created = invoke(event("POST", "/v1/demo/contacts", json!({}))).await;
    assert_eq!(created["statusCode"], 201, "{created}");
    let created: Value = serde_json::from_str(created["body"].as_str().unwrap()).unwrap();
    let contact = created["contactId"].as_str().unwrap();
    let token = created["token"].as_str().unwrap();

    let path = format!("/v1/contacts/{contact}/metrics");
    let metrics = invoke(event(
        "GET",
        &path,
        json!({ "authorization": format!("Bearer {token}") }),
    ))
    .await;
    assert_eq!(metrics["statusCode"], 200, "{metrics}");
    assert!(
        metrics["headers"]["cache-control"]
            .as_str()
            .unwrap()
            .starts_with("private, max-age=")
    );
    let body: Value = serde_json::from_str(metrics["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["Id"], contact);
    assert_eq!(body["MetricResults"][0]["Name"], "POSITION_IN_QUEUE");

    let refused = invoke(event("GET", &path, json!({}))).await;
    assert_eq!(refused["statusCode"], 401);
    assert_eq!(
        refused["headers"]["x-amzn-errortype"],
        "UnauthorizedException"
    );

    proxy.kill().await.unwrap();
}
