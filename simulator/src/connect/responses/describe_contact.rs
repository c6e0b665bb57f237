//! `DescribeContact` (`GET /contacts/{InstanceId}/{ContactId}`): a contact's record, as Connect's
//! `Contact` shape carries it. Timestamps are epoch seconds, restJson1's default for a body. A
//! task shows its `Channel` (`TASK`), `InitiationMethod` (`API`), `Name` and `ScheduledTimestamp`.
//! `QueueInfo.Id` is the ID of the queue it waited in; `QueuePriority` and
//! `QueueTimeAdjustmentSeconds` its routing data (`UpdateContactRoutingData`).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use waitline_core::connect_id;

use super::{ConnectError, Endpoint, contact_arn};
use crate::connect::models::{ContactCenter, ContactRecord};

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    Path((instance, contact)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    endpoint.call("DescribeContact", &headers, |endpoint| {
        answer(endpoint, &instance, &contact)
    })
}

fn answer(endpoint: &Endpoint, instance: &str, contact: &str) -> Result<Response, ConnectError> {
    let instance = connect_id::instance_uuid(instance).ok_or_else(|| {
        ConnectError::InvalidParameter("InstanceId is not a valid instance ID or ARN".into())
    })?;
    if instance != endpoint.instance_id {
        return Err(ConnectError::ResourceNotFound("Instance not found"));
    }
    let contact = connect_id::contact_uuid(contact).ok_or_else(|| {
        ConnectError::InvalidParameter("ContactId is not a valid contact ID or ARN".into())
    })?;
    let record = endpoint
        .simulator
        .record(contact)
        .ok_or(ConnectError::ResourceNotFound("Contact not found"))?;
    let epoch = endpoint.simulator.epoch();
    let center = endpoint.simulator.center();
    Ok(Json(json!({ "Contact": shape(&record, center, instance, epoch) })).into_response())
}

/// Only what has happened is present, as in Connect: no `DisconnectTimestamp` on a live call.
fn shape(record: &ContactRecord, center: &ContactCenter, instance: &str, epoch: f64) -> Value {
    let at = |time: Option<f64>| time.map(|t| json!(epoch + t));
    let mut contact = Map::new();
    let mut put = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            contact.insert(name.to_owned(), value);
        }
    };
    put("Arn", Some(json!(contact_arn(instance, &record.id))));
    put("Id", Some(json!(record.id)));
    put(
        "InitiationMethod",
        Some(json!(record.initiation.wire_name())),
    );
    put("Channel", Some(json!(record.channel.wire_name())));
    put("Name", record.name.as_ref().map(|name| json!(name)));
    put("InitiationTimestamp", at(Some(record.initiated)));
    put("ScheduledTimestamp", at(record.scheduled));
    put("ConnectedToSystemTimestamp", at(record.connected_to_system));
    put("DisconnectTimestamp", at(record.disconnected));
    put(
        "PreviousContactId",
        record.previous.as_ref().map(|id| json!(id)),
    );
    put(
        "QueueInfo",
        record.enqueued.map(|enqueued| {
            let queue = &center.queue(record.queue).id;
            json!({ "Id": queue, "EnqueueTimestamp": epoch + enqueued })
        }),
    );
    put("QueuePriority", Some(json!(record.priority)));
    put(
        "QueueTimeAdjustmentSeconds",
        Some(json!(record.time_adjustment_seconds)),
    );
    put(
        "AgentInfo",
        record.accepted.map(|accepted| {
            let id = record.agent.map(ContactCenter::agent_id);
            let mut agent = json!({ "Id": id, "AcceptedByAgentTimestamp": epoch + accepted });
            if let Some(joined) = record.connected_to_agent {
                agent["ConnectedToAgentTimestamp"] = json!(epoch + joined);
            }
            agent
        }),
    );
    put(
        "CustomerEndpoint",
        record
            .customer_number
            .as_ref()
            .map(|number| json!({ "Type": "TELEPHONE_NUMBER", "Address": number })),
    );
    Value::Object(contact)
}
