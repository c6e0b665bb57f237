//! A contact event as EventBridge delivers it to a rule's target (an API destination POSTs this
//! body as it is): the envelope (`version`, `id`, `detail-type`, `source`, `account`, `time`,
//! `region`, `resources`) around Connect's contact event `detail`. Times are ISO 8601: whole
//! seconds for the envelope's `time`, milliseconds in the detail.

use serde::{Deserialize, Serialize};

use crate::connect::arns::{agent_arn, contact_arn, instance_arn, queue_arn};
use crate::connect::models::{ContactCenter, ContactEvent, SIMULATED_ACCOUNT, SIMULATED_REGION};
use crate::iso_time;

pub const DETAIL_TYPE: &str = "Amazon Connect Contact Event";
pub const SOURCE: &str = "aws.connect";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEnvelope {
    pub version: String,
    /// A UUID of this delivery's own.
    pub id: String,
    #[serde(rename = "detail-type")]
    pub detail_type: String,
    pub source: String,
    pub account: String,
    pub time: String,
    pub region: String,
    /// The contact's ARN.
    pub resources: Vec<String>,
    pub detail: ContactEventDetail,
}

/// Connect's contact event. Members that do not apply yet are absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactEventDetail {
    /// `INITIATED`, `CONNECTED_TO_SYSTEM`, `QUEUED`, `CONNECTED_TO_AGENT`, `DISCONNECTED`.
    pub event_type: String,
    pub contact_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_contact_id: Option<String>,
    /// `VOICE`, `CHAT`, `TASK`.
    pub channel: String,
    pub instance_arn: String,
    /// `INBOUND`, `CALLBACK`, `API`.
    pub initiation_method: String,
    pub initiation_timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_to_system_timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_info: Option<QueueInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_info: Option<AgentInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disconnect_timestamp: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueInfo {
    pub queue_arn: String,
    pub enqueue_timestamp: String,
    /// `STANDARD`: every simulated queue is a standard queue (not an agent's own).
    pub queue_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentInfo {
    pub agent_arn: String,
    pub connected_to_agent_timestamp: String,
}

/// `event` of the instance `instance_id`, whose simulated second 0 is `epoch` (Unix seconds),
/// in its envelope with the delivery ID `id`.
pub fn envelope(
    event: &ContactEvent,
    center: &ContactCenter,
    instance_id: &str,
    epoch: f64,
    id: String,
) -> EventEnvelope {
    let at = |seconds: f64| iso_time::millis(epoch + seconds);
    let queue_info = event
        .queue
        .zip(event.enqueued)
        .map(|(queue, enqueued)| QueueInfo {
            queue_arn: queue_arn(instance_id, &center.queue(queue).id),
            enqueue_timestamp: at(enqueued),
            queue_type: "STANDARD".into(),
        });
    let agent_info = event
        .agent
        .zip(event.connected_to_agent)
        .map(|(agent, connected)| AgentInfo {
            agent_arn: agent_arn(instance_id, &ContactCenter::agent_id(agent)),
            connected_to_agent_timestamp: at(connected),
        });
    EventEnvelope {
        version: "0".into(),
        id,
        detail_type: DETAIL_TYPE.into(),
        source: SOURCE.into(),
        account: SIMULATED_ACCOUNT.into(),
        time: iso_time::seconds(epoch + event.at),
        region: SIMULATED_REGION.into(),
        resources: vec![contact_arn(instance_id, &event.contact_id)],
        detail: ContactEventDetail {
            event_type: event.kind.wire_name().into(),
            contact_id: event.contact_id.clone(),
            previous_contact_id: event.previous.clone(),
            channel: event.channel.wire_name().into(),
            instance_arn: instance_arn(instance_id),
            initiation_method: event.initiation.wire_name().into(),
            initiation_timestamp: at(event.initiated),
            connected_to_system_timestamp: event.connected_to_system.map(at),
            queue_info,
            agent_info,
            disconnect_timestamp: event.disconnected.map(at),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::connect::models::{Channel, ContactEventKind, Initiation};

    #[test]
    fn an_event_in_eventbridges_envelope() {
        let center = ContactCenter::single(1);
        let event = ContactEvent {
            kind: ContactEventKind::ConnectedToAgent,
            at: 65.5,
            contact_id: "c0000000-0000-4000-8000-000000000001".into(),
            channel: Channel::Voice,
            initiation: Initiation::Callback,
            initiated: 0.0,
            connected_to_system: Some(50.0),
            queue: Some(center.default_queue()),
            enqueued: Some(20.0),
            agent: Some(0),
            connected_to_agent: Some(65.5),
            disconnected: None,
            previous: Some("p0000000-0000-4000-8000-000000000001".into()),
        };
        let instance = "00000000-0000-4000-8000-000000000000";
        let envelope = envelope(&event, &center, instance, 1_795_433_700.0, "id-1".into());
        let arn =
            "arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-4000-8000-000000000000";
        assert_eq!(
            serde_json::to_value(&envelope).unwrap(),
            json!({
                "version": "0",
                "id": "id-1",
                "detail-type": "Amazon Connect Contact Event",
                "source": "aws.connect",
                "account": "000000000000",
                "time": "2026-11-23T11:36:05Z",
                "region": "us-east-1",
                "resources": [format!("{arn}/contact/c0000000-0000-4000-8000-000000000001")],
                "detail": {
                    "eventType": "CONNECTED_TO_AGENT",
                    "contactId": "c0000000-0000-4000-8000-000000000001",
                    "previousContactId": "p0000000-0000-4000-8000-000000000001",
                    "channel": "VOICE",
                    "instanceArn": arn,
                    "initiationMethod": "CALLBACK",
                    "initiationTimestamp": "2026-11-23T11:35:00.000Z",
                    "connectedToSystemTimestamp": "2026-11-23T11:35:50.000Z",
                    "queueInfo": {
                        "queueArn": format!("{arn}/queue/00000000-0000-4000-8000-0000000000a1"),
                        "enqueueTimestamp": "2026-11-23T11:35:20.000Z",
                        "queueType": "STANDARD",
                    },
                    "agentInfo": {
                        "agentArn": format!("{arn}/agent/00000000-0000-4000-8001-000000000000"),
                        "connectedToAgentTimestamp": "2026-11-23T11:36:05.500Z",
                    },
                },
            })
        );
        let back: EventEnvelope =
            serde_json::from_value(serde_json::to_value(&envelope).unwrap()).unwrap();
        assert_eq!(back, envelope);
    }
}
