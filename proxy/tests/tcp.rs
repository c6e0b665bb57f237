//! The proxy over a real socket: what a browser sees, headers and all.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::simulator::{QueueConfig, Simulator};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app};

async fn serve(state: AppState) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
    address
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

    let config = QueueConfig {
        arrivals_per_minute: 0.0,
        ..QueueConfig::default()
    };
    let mut state = AppState::simulated(
        Arc::new(Simulator::new(config, 1.0)),
        TokenKey::random().unwrap(),
        BudgetConfig::default(),
    )
    .await
    .unwrap();
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
