//! `UpdateContactRoutingData` (`POST /contacts/{InstanceId}/{ContactId}/routing-data`): a
//! contact's `QueuePriority` (1 or more, lower served first) or `QueueTimeAdjustmentSeconds`
//! (served as if queued that much earlier), moving its place in queue. `RoutingCriteria` is not
//! simulated and refused. A contact with an agent or ended has no place to move:
//! `ResourceConflictException`.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ConnectError, Endpoint, invalid};
use crate::connect::models::{RoutingRefused, RoutingUpdate};

/// Numbers kept as JSON values, so a fraction or an out-of-range number gets Connect's
/// `InvalidParameterException` naming it rather than serde's parse error.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    queue_priority: Option<Value>,
    queue_time_adjustment_seconds: Option<Value>,
    routing_criteria: Option<Value>,
}

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    Path((instance, contact)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    endpoint.call("UpdateContactRoutingData", &headers, |endpoint| {
        answer(endpoint, &instance, &contact, &body)
    })
}

fn answer(
    endpoint: &Endpoint,
    instance: &str,
    contact: &str,
    body: &[u8],
) -> Result<Response, ConnectError> {
    let request: Request = serde_json::from_slice(body).map_err(|_| {
        ConnectError::InvalidRequest("The request body is not an UpdateContactRoutingData request")
    })?;
    endpoint.instance(Some(instance))?;
    let contact = Endpoint::contact("ContactId", Some(contact))?;
    if request.routing_criteria.is_some() {
        return Err(invalid(
            "The simulated instance does not route by RoutingCriteria",
        ));
    }
    let priority = request
        .queue_priority
        .map(|value| {
            value
                .as_i64()
                .filter(|&n| n >= 1)
                .and_then(|n| u64::try_from(n).ok())
                .ok_or_else(|| invalid("QueuePriority must be a whole number from 1"))
        })
        .transpose()?;
    let time_adjustment_seconds = request
        .queue_time_adjustment_seconds
        .map(|value| {
            value
                .as_i64()
                .filter(|n| i32::try_from(*n).is_ok())
                .ok_or_else(|| invalid("QueueTimeAdjustmentSeconds must be a 32-bit whole number"))
        })
        .transpose()?;
    if priority.is_none() && time_adjustment_seconds.is_none() {
        return Err(invalid("Give QueuePriority or QueueTimeAdjustmentSeconds"));
    }
    let update = RoutingUpdate {
        priority,
        time_adjustment_seconds,
    };
    endpoint
        .simulator
        .update_routing(contact, update)
        .map_err(|refused| match refused {
            RoutingRefused::UnknownContact => ConnectError::ResourceNotFound("Contact not found"),
            RoutingRefused::NotInQueue => {
                ConnectError::ResourceConflict("The contact is not waiting in a queue")
            }
            RoutingRefused::InvalidPriority => {
                invalid("QueuePriority must be a whole number from 1")
            }
        })?;
    Ok(Json(json!({})).into_response())
}
