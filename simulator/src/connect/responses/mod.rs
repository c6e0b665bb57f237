//! The simulator as Amazon Connect on the wire: Connect's restJson1 API on its own address. A
//! client reaches it through any AWS SDK with an endpoint override, so the proxy's default run
//! exercises the same code as production, and the AWS CLI pointed at it gets Connect's answers.
//!
//! What every operation shares lives here: the account's quota and the checks before it. It
//! does not verify SigV4 signatures, only that a request is signed, as a sign that the caller is
//! an AWS client; each operation then has a file of its own.

mod describe_contact;
mod error;
mod get_contact_metrics;
mod get_current_metric_data;
mod start_chat_contact;
mod start_task_contact;
mod stop_contact;
#[cfg(test)]
mod test_wire;
mod update_contact_routing_data;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use tower_http::limit::RequestBodyLimitLayer;
use waitline_core::connect_id;

pub use error::ConnectError;

use super::arns::contact_arn;
use super::models::{Quota, Simulator, TokenBucket};
use crate::participant::ParticipantApi;

/// The simulated Connect service. Cheap to clone; clones share the quota and counters.
#[derive(Debug, Clone)]
pub struct ConnectApi {
    endpoint: Arc<Endpoint>,
}

/// What the simulated account has answered so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointStats {
    pub requests: u64,
    pub throttled: u64,
}

/// The state the routes share.
#[derive(Debug)]
struct Endpoint {
    simulator: Arc<Simulator>,
    instance_id: String,
    /// Every operation's quota, unless it has one of its own in `quotas`.
    quota: Quota,
    /// Operations whose quota differs (`GetCurrentMetricData`'s is 5/s, burst 8).
    quotas: Mutex<HashMap<&'static str, Quota>>,
    /// Connect's quotas are per operation: one bucket for each, made on its first call.
    buckets: Mutex<HashMap<&'static str, TokenBucket>>,
    requests: AtomicU64,
    throttled: AtomicU64,
    /// Chats started here (`StartChatContact`) are carried on, and served beside, this.
    participant: ParticipantApi,
}

impl ConnectApi {
    pub fn new(simulator: Arc<Simulator>, instance_id: &str, quota: Quota) -> Self {
        Self {
            endpoint: Arc::new(Endpoint {
                participant: ParticipantApi::new(Arc::clone(&simulator)),
                simulator,
                instance_id: instance_id.to_owned(),
                quota,
                quotas: Mutex::new(HashMap::from([(
                    get_current_metric_data::OPERATION,
                    Quota {
                        rate: get_current_metric_data::QUOTA_RATE,
                        burst: get_current_metric_data::QUOTA_BURST,
                    },
                )])),
                buckets: Mutex::new(HashMap::new()),
                requests: AtomicU64::new(0),
                throttled: AtomicU64::new(0),
            }),
        }
    }

    /// Gives `operation` (`"GetCurrentMetricData"`, `"DescribeContact"`, ...) a quota of its
    /// own, from now on: its bucket starts again, full.
    pub fn set_operation_quota(&self, operation: &'static str, quota: Quota) {
        lock(&self.endpoint.quotas).insert(operation, quota);
        lock(&self.endpoint.buckets).remove(operation);
    }

    pub fn stats(&self) -> EndpointStats {
        EndpointStats {
            requests: self.endpoint.requests.load(Ordering::Relaxed),
            throttled: self.endpoint.throttled.load(Ordering::Relaxed),
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/metrics/contact", post(get_contact_metrics::handle))
            .route(
                "/contacts/{instance_id}/{contact_id}",
                get(describe_contact::handle),
            )
            .route("/contact/task", put(start_task_contact::handle))
            .route("/contact/stop", post(stop_contact::handle))
            .route("/contact/chat", put(start_chat_contact::handle))
            .route(
                "/contacts/{instance_id}/{contact_id}/routing-data",
                post(update_contact_routing_data::handle),
            )
            .route(
                "/metrics/current/{instance_id}",
                post(get_current_metric_data::handle),
            )
            // Connect's requests are a few hundred bytes; this is only a guard.
            .layer(RequestBodyLimitLayer::new(16 * 1024))
            .with_state(Arc::clone(&self.endpoint))
            // After the layers above: the Participant Service has its own (CORS, body limit).
            .merge(self.endpoint.participant.router())
    }

    /// Serves the API on a free loopback port: for tests and embedders.
    pub async fn spawn_on_loopback(&self) -> std::io::Result<RunningEndpoint> {
        self.spawn(tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?)
    }

    /// Serves the API on `listener` in a background task that stops when the returned handle is
    /// dropped.
    pub fn spawn(&self, listener: tokio::net::TcpListener) -> std::io::Result<RunningEndpoint> {
        let address = listener.local_addr()?;
        let router = self.router();
        let agents = self.endpoint.participant.clone().run_agents();
        let task = tokio::spawn(async move {
            // The chats' simulated agents work while the server serves, and stop with it.
            tokio::select! {
                result = axum::serve(listener, router) => if let Err(error) = result {
                    tracing::error!(%error, "simulated Connect endpoint stopped");
                },
                () = agents => {}
            }
        });
        Ok(RunningEndpoint {
            url: format!("http://{address}"),
            task,
        })
    }
}

/// A simulated Connect endpoint being served; dropping it stops the server.
#[derive(Debug)]
pub struct RunningEndpoint {
    /// What to give an AWS SDK or the AWS CLI as its endpoint URL.
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RunningEndpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Endpoint {
    /// Runs one call of an operation as Connect would: counted, refused if unsigned or over the
    /// quota, and answered with a request ID either way.
    fn call(
        &self,
        name: &'static str,
        headers: &HeaderMap,
        operation: impl FnOnce(&Self) -> Result<Response, ConnectError>,
    ) -> Response {
        let number = self.requests.fetch_add(1, Ordering::Relaxed);
        let mut response = self
            .admit(name, headers)
            .and_then(|()| operation(self))
            .unwrap_or_else(IntoResponse::into_response);
        // AWS clients report this ID with every error; a simulated one keeps their logs familiar.
        if let Ok(id) = HeaderValue::from_str(&format!("00000000-0000-4000-8000-{number:012x}")) {
            response.headers_mut().insert("x-amzn-RequestId", id);
        }
        response
    }

    fn admit(&self, name: &'static str, headers: &HeaderMap) -> Result<(), ConnectError> {
        let signed = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("AWS4-HMAC-SHA256 "));
        if !signed {
            return Err(ConnectError::MissingAuthenticationToken);
        }
        // Like Connect, the quota is spent by every signed call, valid or not.
        let now = Instant::now();
        let quota = lock(&self.quotas).get(name).copied().unwrap_or(self.quota);
        let granted = lock(&self.buckets)
            .entry(name)
            .or_insert_with(|| TokenBucket::new(quota, now))
            .try_take(now);
        if !granted {
            self.throttled.fetch_add(1, Ordering::Relaxed);
            return Err(ConnectError::Throttling);
        }
        Ok(())
    }
}

impl Endpoint {
    /// The `InstanceId` of a request body, checked as Connect checks it: required, an instance
    /// ID or ARN, and this instance's.
    fn instance<'a>(&self, instance_id: Option<&'a str>) -> Result<&'a str, ConnectError> {
        let instance = instance_id.ok_or_else(|| invalid("InstanceId is required"))?;
        let instance = connect_id::instance_uuid(instance)
            .ok_or_else(|| invalid("InstanceId is not a valid instance ID or ARN"))?;
        if instance != self.instance_id {
            return Err(ConnectError::ResourceNotFound("Instance not found"));
        }
        Ok(instance)
    }

    /// A `ContactId` (or `PreviousContactId`), required and of Connect's shape.
    fn contact<'a>(name: &str, contact_id: Option<&'a str>) -> Result<&'a str, ConnectError> {
        let contact = contact_id.ok_or_else(|| invalid(format!("{name} is required")))?;
        connect_id::contact_uuid(contact)
            .ok_or_else(|| invalid(format!("{name} is not a valid contact ID or ARN")))
    }
}

fn invalid(message: impl Into<String>) -> ConnectError {
    ConnectError::InvalidParameter(message.into())
}

/// A poisoned lock guards counters and buckets only: reused as it is.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
