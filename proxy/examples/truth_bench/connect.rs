//! The simulated Connect account the replicas share, counting its calls by operation.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::Request;
use axum::middleware::{self, Next};
use waitline_simulator::connect::{ConnectApi, Quota, SIMULATED_INSTANCE_ID, Simulator};

pub type Calls = Arc<Mutex<BTreeMap<&'static str, u64>>>;

fn operation(method: &str, path: &str) -> &'static str {
    match (method, path) {
        ("POST", "/metrics/contact") => "GetContactMetrics",
        ("POST", p) if p.starts_with("/metrics/current/") => "GetCurrentMetricData",
        ("PUT", "/contact/task") => "StartTaskContact",
        ("POST", "/contact/stop") => "StopContact",
        ("PUT", "/contact/chat") => "StartChatContact",
        ("GET", p) if p.starts_with("/contacts/") => "DescribeContact",
        _ => "other",
    }
}

/// Serves the account on loopback; its URL, the calls it counts, and the server's task.
pub async fn serve(
    simulator: &Arc<Simulator>,
    quota: Quota,
) -> (String, Calls, tokio::task::JoinHandle<()>) {
    let api = ConnectApi::new(Arc::clone(simulator), SIMULATED_INSTANCE_ID, quota);
    let calls = Calls::default();
    let counted = Arc::clone(&calls);
    let router = api
        .router()
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let counted = Arc::clone(&counted);
            async move {
                let name = operation(request.method().as_str(), request.uri().path());
                *counted
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .entry(name)
                    .or_default() += 1;
                next.run(request).await
            }
        }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (url, calls, task)
}
