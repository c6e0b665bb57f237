//! `GetContactMetrics` (`POST /metrics/contact`): a contact's position in queue and estimated
//! wait, with the checks and errors Connect applies, in the order it applies them.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use waitline_core::metrics::{ESTIMATED_WAIT_TIME, POSITION_IN_QUEUE};
use waitline_core::{GetContactMetricsResponse, MetricResult};

use super::{ConnectError, Endpoint, contact_arn, invalid};
use crate::connect::models::ContactStatus;

/// Every member optional, so a missing one gets Connect's `InvalidParameterException` naming
/// it rather than serde's parse error.
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

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    endpoint.call("GetContactMetrics", &headers, |endpoint| {
        answer(endpoint, &body)
    })
}

fn answer(endpoint: &Endpoint, body: &[u8]) -> Result<Response, ConnectError> {
    let request: Request = serde_json::from_slice(body).map_err(|_| {
        ConnectError::InvalidRequest("The request body is not a GetContactMetrics request")
    })?;
    endpoint.instance(request.instance_id.as_deref())?;
    let contact = Endpoint::contact("ContactId", request.contact_id.as_deref())?;
    let names = metric_names(request.metrics.unwrap_or_default())?;
    let status = endpoint
        .simulator
        .status(contact)
        .ok_or(ConnectError::ResourceNotFound("Contact not found"))?;
    Ok(Json(GetContactMetricsResponse {
        metric_results: Some(results(status, &names)),
        id: Some(contact.to_owned()),
        arn: Some(contact_arn(&endpoint.instance_id, contact)),
    })
    .into_response())
}

fn metric_names(metrics: Vec<MetricInfo>) -> Result<Vec<&'static str>, ConnectError> {
    if metrics.is_empty() {
        return Err(invalid("Metrics must name at least one metric"));
    }
    metrics
        .into_iter()
        .map(|metric| match metric.name.as_deref() {
            Some(POSITION_IN_QUEUE) => Ok(POSITION_IN_QUEUE),
            Some(ESTIMATED_WAIT_TIME) => Ok(ESTIMATED_WAIT_TIME),
            // Cut: the message echoes the caller's text, which should not make it unbounded.
            Some(other) => Err(invalid(format!(
                "Unsupported metric: {}",
                other.chars().take(64).collect::<String>()
            ))),
            None => Err(invalid("Each metric needs a Name")),
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::http::{Request, StatusCode};
    use serde_json::{Value, json};

    use crate::connect::{ConnectApi, QueueConfig, Quota, SIMULATED_INSTANCE_ID, Simulator};

    /// Three contacts waiting on a queue nobody serves, and one more joined: fourth in line.
    fn api() -> (ConnectApi, String) {
        let simulator = Arc::new(Simulator::new(
            QueueConfig {
                agents: 0,
                arrivals_per_minute: 0.0,
                initial_queue: 3,
                ..QueueConfig::default()
            },
            1.0,
        ));
        let contact = simulator.join();
        // Connect's burst, refilled too slowly to matter during a test.
        let quota = Quota {
            rate: 0.01,
            burst: 5,
        };
        let api = ConnectApi::new(simulator, SIMULATED_INSTANCE_ID, quota);
        (api, contact)
    }

    async fn post(api: &ConnectApi, signed: bool, body: &Value) -> (StatusCode, Value) {
        post_to(api, "/metrics/contact", signed, body).await
    }

    async fn post_to(
        api: &ConnectApi,
        path: &str,
        signed: bool,
        body: &Value,
    ) -> (StatusCode, Value) {
        super::super::test_wire::send(api, Request::post(path), signed, body).await
    }

    fn ask(contact: &str) -> Value {
        json!({
            "InstanceId": SIMULATED_INSTANCE_ID,
            "ContactId": contact,
            "Metrics": [{ "Name": "POSITION_IN_QUEUE" }, { "Name": "ESTIMATED_WAIT_TIME" }],
        })
    }

    #[tokio::test]
    async fn a_queued_contact_has_its_position_and_no_endless_wait() {
        let (api, contact) = api();
        let (status, body) = post(&api, true, &ask(&contact)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body["MetricResults"],
            json!([{ "Name": "POSITION_IN_QUEUE", "Value": { "Number": 4.0 } }])
        );
        assert_eq!(body["Id"], contact.as_str());
    }

    #[tokio::test]
    async fn refusals_come_in_connects_order_and_shape() {
        let (api, contact) = api();
        let cases = [
            (false, ask(&contact), "MissingAuthenticationTokenException"),
            (true, json!([]), "InvalidRequestException"),
            (
                true,
                json!({ "ContactId": contact }),
                "InvalidParameterException",
            ),
            (
                true,
                ask("9F1B6F5E-2D4C-4B8A-9E3F-0A1B2C3D4E5F"),
                "InvalidParameterException",
            ),
            (
                true,
                ask("9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f"),
                "ResourceNotFoundException",
            ),
        ];
        for (signed, body, expected) in cases {
            let (_, answer) = post(&api, signed, &body).await;
            assert_eq!(answer["__type"], expected, "{body}");
        }
        // The unsigned call cost nothing; the four refused signed ones and this one spend the
        // burst of five, so the next is throttled.
        assert_eq!(post(&api, true, &ask(&contact)).await.0, StatusCode::OK);
        let (status, answer) = post(&api, true, &ask(&contact)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(answer["__type"], "ThrottlingException");
        assert_eq!(api.stats().requests, 7);
        assert_eq!(api.stats().throttled, 1);
    }

    #[tokio::test]
    async fn stopping_a_contact_in_the_middle_moves_up_everyone_behind_it() {
        let simulator = Arc::new(Simulator::new(
            QueueConfig {
                agents: 0,
                arrivals_per_minute: 0.0,
                initial_queue: 0,
                ..QueueConfig::default()
            },
            1.0,
        ));
        let ids: Vec<String> = (0..4).map(|_| simulator.join()).collect();
        let api = ConnectApi::new(simulator, SIMULATED_INSTANCE_ID, Quota::default());
        let stop = json!({ "InstanceId": SIMULATED_INSTANCE_ID, "ContactId": ids[1] });
        let (status, _) = post_to(&api, "/contact/stop", true, &stop).await;
        assert_eq!(status, StatusCode::OK);
        let mut positions = Vec::new();
        for id in &ids {
            let (_, body) = post(&api, true, &ask(id)).await;
            positions.push(
                body["MetricResults"]
                    .get(0)
                    .map(|r| r["Value"]["Number"].clone()),
            );
        }
        assert_eq!(
            positions,
            [Some(json!(1.0)), None, Some(json!(2.0)), Some(json!(3.0))]
        );
    }
}
