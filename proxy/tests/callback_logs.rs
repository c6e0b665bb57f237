//! The callback number is personal data: no log line carries it, at any level, from any crate.
//! A test binary of its own: tracing caches which call sites are enabled process-wide, so
//! tests logging on other threads at the same time could hide lines from this one.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use http_body_util::BodyExt;
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::callback::CallbackConfig;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, unix_now};

mod support;
use support::{ask_callback, still_queue};

/// Everything logged while the test runs.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_number_is_never_logged() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    // The test's runtime has one thread: the proxy's, the AWS SDK's and the simulator's tasks
    // all log through this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let key = TokenKey::new(b"callback-logs-secret-0123456789abcdef").unwrap();
    let state = AppState::simulated(still_queue(0), key.clone(), BudgetConfig::default())
        .await
        .unwrap();
    let simulator = Arc::clone(state.simulator.as_ref().unwrap());
    let ask = |state: &AppState, body: &str| {
        let contact = simulator.join();
        let token = key.mint(&contact, unix_now() + 60);
        let request = ask_callback(&contact, Some(&token), body);
        app(state.clone()).oneshot(request)
    };
    let body = r#"{"phoneNumber": "(201) 555-0123", "country": "US"}"#;
    let created = ask(&state, body).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    created.into_body().collect().await.unwrap();
    let refused = ask(&state, r#"{"phoneNumber": "+61 2 9876 5432"}"#)
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    // A Connect that refuses the task: the failure is logged, the number is not.
    let mut broken = state.clone();
    broken.callbacks = broken.callbacks.map(|callbacks| {
        callbacks.with_config(CallbackConfig {
            flow_id: "99999999-9999-4999-8999-999999999999".into(),
            ..CallbackConfig::simulated()
        })
    });
    let failed = ask(&broken, body).await.unwrap();
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("callback created"), "the logs were captured");
    assert!(logs.contains("StartTaskContact refused"), "{logs}");
    for digits in ["2015550123", "555-0123", "98765432"] {
        assert!(!logs.contains(digits), "{digits} logged:\n{logs}");
    }
}
