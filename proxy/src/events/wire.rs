//! Amazon Connect's contact event as EventBridge delivers it to a rule's target: an API
//! destination POSTs the event, envelope and all. Only what the proxy reads is declared; every
//! other member is ignored, so new members Connect adds change nothing.

use serde::Deserialize;

pub const DETAIL_TYPE: &str = "Amazon Connect Contact Event";
pub const SOURCE: &str = "aws.connect";

#[derive(Debug, Deserialize)]
pub struct Envelope {
    #[serde(rename = "detail-type")]
    pub detail_type: String,
    pub source: String,
    pub detail: Detail,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    /// `INITIATED`, `CONNECTED_TO_SYSTEM`, `QUEUED`, `CONNECTED_TO_AGENT`, `DISCONNECTED`,
    /// `COMPLETED`, `CONTACT_DATA_UPDATED`, and whatever Connect adds.
    pub event_type: String,
    pub contact_id: String,
    pub instance_arn: String,
    /// `INBOUND`, `OUTBOUND`, `CALLBACK`, `API`, `TRANSFER`, …
    #[serde(default)]
    pub initiation_method: Option<String>,
    #[serde(default)]
    pub queue_info: Option<QueueInfo>,
    #[serde(default)]
    pub agent_info: Option<AgentInfo>,
    #[serde(default)]
    pub disconnect_timestamp: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueInfo {
    pub queue_arn: String,
    #[serde(default)]
    pub enqueue_timestamp: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentInfo {
    #[serde(default)]
    pub connected_to_agent_timestamp: Option<String>,
}
