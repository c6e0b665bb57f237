//! Amazon Connect, through the official AWS SDK: `GetContactMetrics` here, the contact
//! operations a callback needs in `contacts`. The same code reaches AWS and the embedded
//! simulator; only the endpoint differs.

mod chats;
mod contacts;
mod queues;

pub use chats::{ChatStart, StartedChat};
pub use contacts::{ContactView, ScheduledTask};
pub use queues::{LineFigures, QueueFigures};

use std::time::Duration;

use aws_sdk_connect::Client;
use aws_sdk_connect::config::retry::RetryConfig;
use aws_sdk_connect::config::timeout::TimeoutConfig;
use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connect::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_connect::operation::get_contact_metrics::GetContactMetricsOutput;
use aws_sdk_connect::types::{ContactMetricInfo, ContactMetricName, ContactMetricValue};
use waitline_core::{GetContactMetricsResponse, MetricResult, MetricValue};
use waitline_simulator::connect::SIMULATED_REGION;

/// Connect's answer must arrive well inside the proxy's own 10 s request timeout.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// The Connect API client: the AWS SDK's, bound to one instance.
#[derive(Debug, Clone)]
pub struct ConnectClient {
    client: Client,
    instance_id: String,
}

/// Why Connect gave no metrics. Only what the browser may know travels on; the rest is logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// `ResourceNotFoundException`: no such contact (or no longer one).
    NotFound,
    /// `ThrottlingException`: the account's quota is spent.
    Throttled,
    /// `InvalidParameterException` / `InvalidRequestException` about the contact ID.
    Invalid,
    /// Anything else, including errors about the proxy's own credentials or instance: they are
    /// not the browser's business. The detail is logged, never sent.
    Internal(String),
}

impl ConnectClient {
    /// Amazon Connect in AWS: credentials and region from the standard chain (environment,
    /// profile, SSO, container or instance role). `endpoint_url` overrides the regional endpoint
    /// (a VPC endpoint, or a waitline simulator elsewhere).
    pub async fn aws(instance_id: &str, endpoint_url: Option<&str>) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(url) = endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let shared = loader.load().await;
        let config = aws_sdk_connect::config::Builder::from(&shared)
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        Self::new(Client::from_conf(config), instance_id)
    }

    /// The embedded simulator's endpoint (or any other that takes any credentials).
    pub fn simulator(endpoint_url: &str, instance_id: &str) -> Self {
        let config = aws_sdk_connect::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .endpoint_url(endpoint_url)
            .region(Region::from_static(SIMULATED_REGION))
            .credentials_provider(Credentials::new(
                "waitline-simulator",
                "waitline-simulator",
                None,
                None,
                "waitline-simulator",
            ))
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        Self::new(Client::from_conf(config), instance_id)
    }

    /// Retries stay off: every attempt spends the account's quota, and the budget decides when
    /// a call is worth it.
    pub fn new(client: Client, instance_id: &str) -> Self {
        Self {
            client,
            instance_id: instance_id.to_owned(),
        }
    }

    /// The instance every call names (an ID or an ARN, as configured).
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    pub async fn contact_metrics(
        &self,
        contact_id: &str,
    ) -> Result<GetContactMetricsResponse, SourceError> {
        let metric = |name| ContactMetricInfo::builder().name(name).build();
        let (position, ewt) = match (
            metric(ContactMetricName::PositionInQueue),
            metric(ContactMetricName::EstimatedWaitTime),
        ) {
            (Ok(position), Ok(ewt)) => (position, ewt),
            (Err(e), _) | (_, Err(e)) => return Err(SourceError::Internal(e.to_string())),
        };
        self.client
            .get_contact_metrics()
            .instance_id(&self.instance_id)
            .contact_id(contact_id)
            .metrics(position)
            .metrics(ewt)
            .send()
            .await
            .map(|output| to_wire(&output))
            .map_err(|error| classify(error, Echo::Message))
    }
}

fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(2))
        .operation_timeout(CALL_TIMEOUT)
        .build()
}

/// The SDK's typed output back into Connect's JSON shape, which is the widget's contract.
/// Unknown names and union members are kept as Connect sent them (names) or left empty
/// (values): the widget skips what it does not know.
fn to_wire(output: &GetContactMetricsOutput) -> GetContactMetricsResponse {
    let metric_results = output
        .metric_results()
        .iter()
        .map(|result| MetricResult {
            name: result.name().as_str().to_owned(),
            value: result.value().map(|value| MetricValue {
                number: match value {
                    ContactMetricValue::Number(n) => Some(*n),
                    _ => None,
                },
            }),
        })
        .collect();
    GetContactMetricsResponse {
        metric_results: Some(metric_results),
        id: output.id().map(str::to_owned),
        arn: output.arn().map(str::to_owned),
    }
}

/// What of Connect's error message goes into the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Echo {
    Message,
    /// The code only: the call carried personal data (a phone number), which Connect's message
    /// about it could repeat.
    CodeOnly,
}

/// Sorts any operation's error by Connect's error code: what the browser may learn travels on,
/// the rest is detail for the log.
fn classify<E, R>(error: SdkError<E, R>, echo: Echo) -> SourceError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &error {
        SdkError::ServiceError(service) => {
            let error = service.err();
            match error.code() {
                // StopContact's name for a contact that ended or never was.
                Some("ResourceNotFoundException" | "ContactNotFoundException") => {
                    SourceError::NotFound
                }
                Some("ThrottlingException") => SourceError::Throttled,
                Some("InvalidParameterException" | "InvalidRequestException") => {
                    SourceError::Invalid
                }
                code => {
                    let code = code.unwrap_or("an unknown error");
                    SourceError::Internal(match echo {
                        Echo::Message => format!(
                            "Connect answered {code}: {}",
                            error.message().unwrap_or("no message")
                        ),
                        Echo::CodeOnly => format!("Connect answered {code}"),
                    })
                }
            }
        }
        _ => SourceError::Internal(match echo {
            Echo::Message => format!("calling Connect failed: {}", DisplayErrorContext(&error)),
            Echo::CodeOnly => "calling Connect failed".to_owned(),
        }),
    }
}
