//! `StartTaskContact` (`PUT /contact/task`): a task, run by a flow now or at its `ScheduledTime`.
//! The simulated instance has one flow a task can start in, its callback flow
//! ([`SIMULATED_CALLBACK_FLOW_ID`]), which puts the task in the callback queue. `ClientToken`
//! makes a repeat return the same task.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{ConnectError, Endpoint, invalid};
use crate::connect::models::{NewTask, SIMULATED_CALLBACK_FLOW_ID, TaskRefused};

/// Connect's limits on a task's name, a client token and all references together.
const MAX_NAME_CHARS: usize = 512;
const MAX_CLIENT_TOKEN_CHARS: usize = 500;
const MAX_REFERENCE_BYTES: usize = 4096;
/// The reference types a task may be created with (`ATTACHMENT` only comes later).
const REFERENCE_TYPES: [&str; 5] = ["URL", "NUMBER", "STRING", "DATE", "EMAIL"];

/// Every member optional, so a missing one gets Connect's `InvalidParameterException` naming
/// it rather than serde's parse error. Members the simulator does not model (`Description`,
/// `RelatedContactId`, `SegmentAttributes`, ...) are accepted and ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    instance_id: Option<String>,
    contact_flow_id: Option<String>,
    quick_connect_id: Option<String>,
    task_template_id: Option<String>,
    previous_contact_id: Option<String>,
    name: Option<String>,
    client_token: Option<String>,
    /// Epoch seconds.
    scheduled_time: Option<f64>,
    attributes: Option<BTreeMap<String, String>>,
    references: Option<BTreeMap<String, Reference>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Reference {
    value: Option<String>,
    #[serde(rename = "Type")]
    kind: Option<String>,
}

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    endpoint.call("StartTaskContact", &headers, |endpoint| {
        answer(endpoint, &body)
    })
}

fn answer(endpoint: &Endpoint, body: &[u8]) -> Result<Response, ConnectError> {
    let request: Request = serde_json::from_slice(body).map_err(|_| {
        ConnectError::InvalidRequest("The request body is not a StartTaskContact request")
    })?;
    endpoint.instance(request.instance_id.as_deref())?;
    let name = request
        .name
        .filter(|name| !name.is_empty())
        .ok_or_else(|| invalid("Name is required"))?;
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid("Name is longer than 512 characters"));
    }
    if request.quick_connect_id.is_some() || request.task_template_id.is_some() {
        return Err(invalid(
            "The simulated instance starts tasks by ContactFlowId only",
        ));
    }
    let flow = request
        .contact_flow_id
        .ok_or_else(|| invalid("ContactFlowId is required"))?;
    if flow != SIMULATED_CALLBACK_FLOW_ID {
        return Err(ConnectError::ResourceNotFound("Contact flow not found"));
    }
    if request
        .client_token
        .as_ref()
        .is_some_and(|token| token.is_empty() || token.chars().count() > MAX_CLIENT_TOKEN_CHARS)
    {
        return Err(invalid("ClientToken must be 1 to 500 characters"));
    }
    let previous = request
        .previous_contact_id
        .as_deref()
        .map(|id| Endpoint::contact("PreviousContactId", Some(id)))
        .transpose()?;
    let attributes = request.attributes.unwrap_or_default();
    if let Some(key) = attributes.keys().find(|key| !is_attribute_key(key)) {
        return Err(invalid(format!(
            "Attribute keys take letters, digits, - and _ only: {}",
            key.chars().take(64).collect::<String>()
        )));
    }
    let references = references(request.references.unwrap_or_default())?;
    let epoch = endpoint.simulator.epoch();
    let task = NewTask {
        name,
        previous: previous.map(str::to_owned),
        scheduled_at: request.scheduled_time.map(|at| at - epoch),
        client_token: request.client_token,
        attributes,
        references,
    };
    let id = endpoint
        .simulator
        .start_task(task)
        .map_err(|refused| match refused {
            TaskRefused::UnknownPreviousContact => {
                ConnectError::ResourceNotFound("Previous contact not found")
            }
            TaskRefused::ScheduledInThePast => invalid("ScheduledTime cannot be in the past"),
            TaskRefused::ScheduledTooFarAhead => {
                invalid("ScheduledTime must be within 6 days from now")
            }
        })?;
    Ok(Json(json!({ "ContactId": id })).into_response())
}

fn is_attribute_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Each reference needs a value and a type a task may be created with; all of them together
/// fit in Connect's 4,096 bytes.
fn references(
    references: BTreeMap<String, Reference>,
) -> Result<BTreeMap<String, String>, ConnectError> {
    let mut bytes = 0;
    references
        .into_iter()
        .map(|(name, reference)| {
            if !reference
                .kind
                .as_deref()
                .is_some_and(|kind| REFERENCE_TYPES.contains(&kind))
            {
                return Err(invalid(
                    "Each reference needs a Type of URL, NUMBER, STRING, DATE or EMAIL",
                ));
            }
            let value = reference
                .value
                .ok_or_else(|| invalid("Each reference needs a Value"))?;
            bytes += name.len() + value.len();
            if bytes > MAX_REFERENCE_BYTES {
                return Err(invalid("References are over 4096 bytes"));
            }
            Ok((name, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use axum::http::{Request, StatusCode};
    use serde_json::Value;

    use super::*;
    use crate::connect::{ConnectApi, QueueConfig, Quota, SIMULATED_INSTANCE_ID, Simulator};

    async fn put(api: &ConnectApi, body: &Value) -> (StatusCode, Value) {
        super::super::test_wire::send(api, Request::put("/contact/task"), true, body).await
    }

    /// What the AWS SDK cannot send: bodies that are not a request, and reference types
    /// Connect refuses. Each refusal creates nothing.
    #[tokio::test]
    async fn malformed_requests_are_refused_in_connects_shape() {
        let simulator = Arc::new(Simulator::new(QueueConfig::default(), 1.0));
        let api = ConnectApi::new(
            Arc::clone(&simulator),
            SIMULATED_INSTANCE_ID,
            Quota {
                rate: 100.0,
                burst: 100,
            },
        );
        let valid = json!({
            "InstanceId": SIMULATED_INSTANCE_ID,
            "ContactFlowId": SIMULATED_CALLBACK_FLOW_ID,
            "Name": "Callback",
        });
        let with = |key: &str, value: Value| {
            let mut body = valid.clone();
            body[key] = value;
            body
        };
        for (body, error_type) in [
            (json!([]), "InvalidRequestException"),
            (
                with("ScheduledTime", json!("tomorrow")),
                "InvalidRequestException",
            ),
            (with("Name", json!("")), "InvalidParameterException"),
            (
                with(
                    "References",
                    json!({ "n": { "Type": "PHONE", "Value": "+1" } }),
                ),
                "InvalidParameterException",
            ),
            (
                with("References", json!({ "n": { "Type": "STRING" } })),
                "InvalidParameterException",
            ),
            (
                with("Attributes", json!({ "bad key": "x" })),
                "InvalidParameterException",
            ),
            (with("ClientToken", json!("")), "InvalidParameterException"),
        ] {
            let (status, answer) = put(&api, &body).await;
            assert!(status.is_client_error(), "{body}");
            assert_eq!(answer["__type"], error_type, "{body}");
        }
        assert_eq!(simulator.tasks_started(), 0);
        let (status, answer) = put(&api, &valid).await;
        assert_eq!(status, StatusCode::OK);
        assert!(answer["ContactId"].is_string());
        assert_eq!(simulator.tasks_started(), 1);
    }
}
