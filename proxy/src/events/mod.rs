//! What Amazon Connect's contact events tell the places: who left a queue, and when, the
//! moment it happens rather than at someone's next `GetContactMetrics`. Connect sends them to
//! EventBridge; a rule with an API destination POSTs them to `/v1/events` (`routes/events.rs`),
//! and the embedded simulator hands its own over in process.
//!
//! Events are hints: "not ordered, emitted on a best effort basis", with no queue priority.
//! So an event only ever lowers a position Connect gave, by a departure that surely came after
//! it (`places`); a lost event changes nothing, a repeated one counts once.

mod wire;

use aws_sdk_connect::primitives::{DateTime, DateTimeFormat};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::places::Ticket;

/// What one contact event says about a contact's place in its queue.
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    /// An agent took `contact`, queued in `queue` at `enqueued`, and it was connected at
    /// `connected` (Connect's clock, Unix seconds): it left the queue a moment before (the
    /// agent's phone ringing, unless calls are accepted automatically).
    Served {
        contact: String,
        queue: u128,
        enqueued: f64,
        connected: f64,
    },
    /// `contact` ended at `at` without an agent: out of any queue it waited in.
    Ended { contact: String, at: f64 },
    /// Nothing about anyone's place (`INITIATED`, `QUEUED`, …).
    Nothing,
}

impl Learned {
    /// The departure this tells, if any, for a center whose contacts leave their queue at
    /// most `connect_delay` seconds before an agent is connected.
    pub fn departure(&self, connect_delay: f64) -> Option<Departure> {
        match self {
            Self::Served {
                contact,
                queue,
                enqueued,
                connected,
            } => Some(Departure {
                contact: contact.clone(),
                after: (connected - connect_delay).max(*enqueued),
                way: Way::Served {
                    queue: *queue,
                    enqueued: *enqueued,
                },
            }),
            Self::Ended { contact, at } => Some(Departure {
                contact: contact.clone(),
                after: *at,
                way: Way::Ended { ticket: None },
            }),
            Self::Nothing => None,
        }
    }
}

/// A contact that left its queue at some moment after `after` (Connect's clock): what the
/// places learn from an event, and what replicas pass on to each other through the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Departure {
    pub contact: String,
    pub after: f64,
    pub way: Way,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Way {
    /// An agent took it from this queue, where it queued at `enqueued`.
    Served { queue: u128, enqueued: f64 },
    /// It ended without an agent; where it stood in its queue's order, once known (an event
    /// carries no priority: `DescribeContact` tells).
    Ended { ticket: Option<Ticket> },
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EventError {
    #[error("not a JSON contact event: {0}")]
    Malformed(String),
    #[error("not an Amazon Connect contact event")]
    NotContactEvent,
    #[error("a contact event of another instance")]
    OtherInstance,
    #[error("{0} is not a valid ISO 8601 time")]
    BadTime(&'static str),
    #[error("queueArn is not a queue's ARN")]
    BadQueue,
}

/// Reads one event as EventBridge delivers it, for the instance `instance_id` (a UUID).
pub fn read(body: &[u8], instance_id: &str) -> Result<Learned, EventError> {
    let envelope: wire::Envelope =
        serde_json::from_slice(body).map_err(|error| EventError::Malformed(error.to_string()))?;
    if envelope.detail_type != wire::DETAIL_TYPE || envelope.source != wire::SOURCE {
        return Err(EventError::NotContactEvent);
    }
    let detail = envelope.detail;
    if waitline_core::connect_id::instance_uuid(&detail.instance_arn) != Some(instance_id) {
        return Err(EventError::OtherInstance);
    }
    let contact = waitline_core::connect_id::contact_uuid(&detail.contact_id)
        .ok_or(EventError::Malformed(
            "contactId is not a contact ID".into(),
        ))?
        .to_owned();
    match detail.event_type.as_str() {
        "CONNECTED_TO_AGENT" => {
            let (Some(queue), Some(agent)) = (detail.queue_info, detail.agent_info) else {
                // Not from a queue (an agent's outbound call): nobody's place moves.
                return Ok(Learned::Nothing);
            };
            let Some(enqueued) = queue.enqueue_timestamp else {
                return Ok(Learned::Nothing);
            };
            // A callback's agent accepts, hears a whisper, then dials: it connects tens of
            // seconds after it left the queue, too long after to tell when it left.
            if detail.initiation_method.as_deref() == Some("CALLBACK") {
                return Ok(Learned::Nothing);
            }
            let connected = agent
                .connected_to_agent_timestamp
                .ok_or(EventError::BadTime("agentInfo.connectedToAgentTimestamp"))?;
            Ok(Learned::Served {
                contact,
                queue: queue_uuid(&queue.queue_arn).ok_or(EventError::BadQueue)?,
                enqueued: seconds(&enqueued, "queueInfo.enqueueTimestamp")?,
                connected: seconds(&connected, "agentInfo.connectedToAgentTimestamp")?,
            })
        }
        "DISCONNECTED" if detail.agent_info.is_none() => {
            let at = detail
                .disconnect_timestamp
                .ok_or(EventError::BadTime("disconnectTimestamp"))?;
            Ok(Learned::Ended {
                contact,
                at: seconds(&at, "disconnectTimestamp")?,
            })
        }
        _ => Ok(Learned::Nothing),
    }
}

/// Unix seconds of an ISO 8601 time as Connect writes them (`2026-11-23T11:35:00.123Z`).
fn seconds(text: &str, member: &'static str) -> Result<f64, EventError> {
    DateTime::from_str(text, DateTimeFormat::DateTimeWithOffset)
        .map(|time| time.as_secs_f64())
        .map_err(|_| EventError::BadTime(member))
}

/// The queue's UUID in its ARN (`arn:aws:connect:…:instance/<instance>/queue/<queue>`).
fn queue_uuid(arn: &str) -> Option<u128> {
    let (Some(_), queue) = waitline_core::connect_id::queue_uuid(arn)? else {
        return None; // a bare UUID, not an ARN
    };
    uuid::Uuid::try_parse(queue).ok().map(|id| id.as_u128())
}

#[cfg(test)]
mod tests;
