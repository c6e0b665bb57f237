//! The simulator as Amazon Connect itself: `GetContactMetrics` over Connect's wire protocol
//! (`POST /metrics/contact`, restJson1), on its own address. The proxy reaches it through the
//! AWS SDK with an endpoint override, so the default run exercises the same code as production,
//! and any AWS SDK or the AWS CLI pointed at it gets Connect's answers and typed errors.
//!
//! Like Connect, it holds an account quota (a token bucket, default 2 calls/s, burst 5) and answers
//! `ThrottlingException` beyond it. It does not verify SigV4 signatures: it only asks that a
//! request is signed, as a sign that the caller is an AWS client.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;
use waitline_core::metrics::{ESTIMATED_WAIT_TIME, POSITION_IN_QUEUE};
use waitline_core::{GetContactMetricsResponse, MetricResult};

use super::{ContactStatus, Simulator};
use crate::budget::TokenBucket;
use crate::connect_ids::{self, instance_uuid, is_uuid};
use crate::error::restjson_error;

/// The simulated instance's ID, unless configured otherwise.
pub const SIMULATED_INSTANCE_ID: &str = "00000000-0000-4000-8000-000000000000";
/// The account and region the simulated instance claims in its ARNs.
const SIMULATED_ACCOUNT: &str = "000000000000";
pub const SIMULATED_REGION: &str = "us-east-1";

#[derive(Debug, Clone, Copy)]
pub struct Quota {
    /// Calls per second for the whole simulated account.
    pub rate: f64,
    pub burst: u32,
}

impl Default for Quota {
    /// Connect's default for most operations.
    fn default() -> Self {
        Self {
            rate: 2.0,
            burst: 5,
        }
    }
}

#[derive(Debug)]
struct Endpoint {
    simulator: Arc<Simulator>,
    instance_id: String,
    quota: Mutex<TokenBucket>,
    requests: AtomicU64,
    throttled: AtomicU64,
}

/// What the simulated account has answered so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointStats {
    pub requests: u64,
    pub throttled: u64,
}

/// The simulated Connect service. Cheap to clone; clones share the quota and counters.
#[derive(Debug, Clone)]
pub struct ConnectApi {
    endpoint: Arc<Endpoint>,
}

impl ConnectApi {
    pub fn new(simulator: Arc<Simulator>, instance_id: &str, quota: Quota) -> Self {
        Self {
            endpoint: Arc::new(Endpoint {
                simulator,
                instance_id: instance_id.to_owned(),
                quota: Mutex::new(TokenBucket::new(quota.rate, quota.burst, Instant::now())),
                requests: AtomicU64::new(0),
                throttled: AtomicU64::new(0),
            }),
        }
    }

    pub fn stats(&self) -> EndpointStats {
        EndpointStats {
            requests: self.endpoint.requests.load(Ordering::Relaxed),
            throttled: self.endpoint.throttled.load(Ordering::Relaxed),
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/metrics/contact", post(get_contact_metrics))
            .layer(RequestBodyLimitLayer::new(16 * 1024))
            .with_state(Arc::clone(&self.endpoint))
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
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::error!(%error, "simulated Connect endpoint stopped");
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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    instance_id: Option<String>,
    contact_id: Option<String>,
    metrics: Option<Vec<MetricInfo>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricInfo {
    name: Option<String>,
}

#[derive(Debug)]
struct ConnectError {
    status: StatusCode,
    error_type: &'static str,
    message: String,
}

impl ConnectError {
    fn invalid_parameter(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error_type: "InvalidParameterException",
            message: message.into(),
        }
    }

    fn not_found(message: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            error_type: "ResourceNotFoundException",
            message: message.to_owned(),
        }
    }
}

impl IntoResponse for ConnectError {
    fn into_response(self) -> Response {
        restjson_error(self.status, self.error_type, &self.message)
    }
}

async fn get_contact_metrics(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let number = endpoint.requests.fetch_add(1, Ordering::Relaxed);
    let mut response = answer(&endpoint, &headers, &body).unwrap_or_else(|e| e.into_response());
    // AWS clients report this ID with every error; a simulated one keeps their logs familiar.
    if let Ok(id) = HeaderValue::from_str(&format!("00000000-0000-4000-8000-{number:012x}")) {
        response.headers_mut().insert("x-amzn-RequestId", id);
    }
    response
}

fn answer(endpoint: &Endpoint, headers: &HeaderMap, body: &[u8]) -> Result<Response, ConnectError> {
    let signed = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("AWS4-HMAC-SHA256 "));
    if !signed {
        return Err(ConnectError {
            status: StatusCode::FORBIDDEN,
            error_type: "MissingAuthenticationTokenException",
            message: "Missing Authentication Token: sign the request with SigV4 (any credentials)"
                .into(),
        });
    }
    // Like Connect, the quota is spent by every signed call, valid or not.
    let granted = endpoint
        .quota
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .try_take(Instant::now());
    if !granted {
        endpoint.throttled.fetch_add(1, Ordering::Relaxed);
        return Err(ConnectError {
            status: StatusCode::TOO_MANY_REQUESTS,
            error_type: "ThrottlingException",
            message: "Rate exceeded".into(),
        });
    }
    let request: Request = serde_json::from_slice(body).map_err(|_| ConnectError {
        status: StatusCode::BAD_REQUEST,
        error_type: "InvalidRequestException",
        message: "The request body is not a GetContactMetrics request".into(),
    })?;
    let instance = request
        .instance_id
        .ok_or_else(|| ConnectError::invalid_parameter("InstanceId is required"))?;
    let instance = instance_uuid(&instance).ok_or_else(|| {
        ConnectError::invalid_parameter("InstanceId is not a valid instance ID or ARN")
    })?;
    if instance != endpoint.instance_id {
        return Err(ConnectError::not_found("Instance not found"));
    }
    let contact = request
        .contact_id
        .ok_or_else(|| ConnectError::invalid_parameter("ContactId is required"))?;
    let contact = contact_uuid(&contact).ok_or_else(|| {
        ConnectError::invalid_parameter("ContactId is not a valid contact ID or ARN")
    })?;
    let names = metric_names(request.metrics.unwrap_or_default())?;
    let status = endpoint
        .simulator
        .status(contact)
        .ok_or_else(|| ConnectError::not_found("Contact not found"))?;
    Ok(axum::Json(GetContactMetricsResponse {
        metric_results: Some(results(status, &names)),
        id: Some(contact.to_owned()),
        arn: Some(format!(
            "arn:aws:connect:{SIMULATED_REGION}:{SIMULATED_ACCOUNT}:instance/{}/contact/{contact}",
            endpoint.instance_id
        )),
    })
    .into_response())
}

/// A contact's UUID from `ContactId`, which may also be a contact's ARN.
fn contact_uuid(id: &str) -> Option<&str> {
    connect_ids::contact_uuid(id).or_else(|| {
        // `arn:aws:connect:<region>:<account>:instance/<instance>/contact/<contact>`.
        let (instance_arn, contact) = id.rsplit_once("/contact/")?;
        (instance_uuid(instance_arn).is_some() && is_uuid(contact)).then_some(contact)
    })
}

fn metric_names(metrics: Vec<MetricInfo>) -> Result<Vec<&'static str>, ConnectError> {
    if metrics.is_empty() {
        return Err(ConnectError::invalid_parameter(
            "Metrics must name at least one metric",
        ));
    }
    metrics
        .into_iter()
        .map(|metric| match metric.name.as_deref() {
            Some(POSITION_IN_QUEUE) => Ok(POSITION_IN_QUEUE),
            Some(ESTIMATED_WAIT_TIME) => Ok(ESTIMATED_WAIT_TIME),
            Some(other) => Err(ConnectError::invalid_parameter(format!(
                "Unsupported metric: {}",
                other.chars().take(64).collect::<String>()
            ))),
            None => Err(ConnectError::invalid_parameter("Each metric needs a Name")),
        })
        .collect()
}

/// The requested metrics, in the order asked. A contact no longer in queue has none.
fn results(status: ContactStatus, names: &[&'static str]) -> Vec<MetricResult> {
    let ContactStatus::Queued {
        position,
        ewt_seconds,
    } = status
    else {
        return Vec::new();
    };
    names
        .iter()
        .filter_map(|&name| match name {
            POSITION_IN_QUEUE => Some(MetricResult::number(name, f64::from(position))),
            // An unbounded wait (no agents staffed) has no honest number: leave EWT out, as
            // Connect does when it has no estimate.
            _ if ewt_seconds.is_finite() => Some(MetricResult::number(name, ewt_seconds.round())),
            _ => None,
        })
        .collect()
}
