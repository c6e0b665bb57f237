//! The contact operations a web callback takes: `DescribeContact` (where a contact stands),
//! `StartTaskContact` (the callback, a task scheduled after the initial delay) and `StopContact`
//! (the customer's original contact leaves the queue).

use aws_sdk_connect::primitives::DateTime;
use aws_sdk_connect::types::{Contact, Reference, ReferenceType};

use super::{ConnectClient, Echo, SourceError, classify};
use crate::places::{DEFAULT_PRIORITY, Ticket};

/// The task's attribute the callback flow (and the agent) reads the number from.
pub const NUMBER_ATTRIBUTE: &str = "waitlineCallbackNumber";
/// The task's reference the agent sees in the Contact Control Panel.
pub const NUMBER_REFERENCE: &str = "Callback number";
/// The task's name, shown to the agent.
pub const TASK_NAME: &str = "Callback";

/// What of `DescribeContact` decides where a contact stands: epoch seconds of each step it
/// has reached.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ContactView {
    pub initiated: Option<f64>,
    /// A task's `ScheduledTimestamp`.
    pub scheduled: Option<f64>,
    /// `QueueInfo.EnqueueTimestamp`.
    pub enqueued: Option<f64>,
    /// `QueueInfo.Id`, a UUID.
    pub queue: Option<u128>,
    /// `QueuePriority`.
    pub priority: Option<i64>,
    /// `QueueTimeAdjustmentSeconds`: served as if enqueued this much earlier.
    pub time_adjustment: Option<i32>,
    /// `AgentInfo` is there: an agent has the contact (or had it).
    pub with_agent: bool,
    /// `AgentInfo.AcceptedByAgentTimestamp`.
    pub accepted: Option<f64>,
    /// `AgentInfo.ConnectedToAgentTimestamp`.
    pub connected_to_agent: Option<f64>,
    pub disconnected: Option<f64>,
}

impl ContactView {
    fn from_contact(contact: &Contact) -> Self {
        let secs = |time: Option<&DateTime>| time.map(DateTime::as_secs_f64);
        let agent = contact.agent_info();
        Self {
            initiated: secs(contact.initiation_timestamp()),
            scheduled: secs(contact.scheduled_timestamp()),
            enqueued: secs(contact.queue_info().and_then(|q| q.enqueue_timestamp())),
            queue: contact
                .queue_info()
                .and_then(|q| q.id())
                .and_then(|id| uuid::Uuid::try_parse(id).ok())
                .map(|id| id.as_u128()),
            priority: contact.queue_priority(),
            time_adjustment: contact.queue_time_adjustment_seconds(),
            with_agent: agent.is_some(),
            accepted: secs(agent.and_then(|a| a.accepted_by_agent_timestamp())),
            connected_to_agent: secs(agent.and_then(|a| a.connected_to_agent_timestamp())),
            disconnected: secs(contact.disconnect_timestamp()),
        }
    }

    /// Waiting in a queue: enqueued, with no agent yet, not ended.
    pub fn in_queue(&self) -> bool {
        self.enqueued.is_some() && !self.with_agent && self.disconnected.is_none()
    }

    /// Where it stands in its queue's order, while it waits in one.
    pub fn ticket(&self) -> Option<Ticket> {
        if !self.in_queue() {
            return None;
        }
        self.order()
    }

    /// Where it stood in its queue's order when it waited there, whatever it does now.
    pub fn order(&self) -> Option<Ticket> {
        Some(Ticket {
            queue: self.queue?,
            priority: self.priority.unwrap_or(DEFAULT_PRIORITY),
            // A queue-time adjustment moves the contact's place, as if it came earlier.
            enqueued: self.enqueued? - f64::from(self.time_adjustment.unwrap_or(0)),
        })
    }
}

/// A callback task: started in `flow_id` at `scheduled_at` (epoch seconds), following up
/// `previous`, to call `e164`.
#[derive(Clone)]
pub struct ScheduledTask<'a> {
    pub flow_id: &'a str,
    pub previous: &'a str,
    pub scheduled_at: f64,
    pub e164: &'a str,
    /// The same token makes Connect return the same task for 7 days.
    pub client_token: &'a str,
}

impl std::fmt::Debug for ScheduledTask<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the number.
        f.debug_struct("ScheduledTask")
            .field("previous", &self.previous)
            .field("scheduled_at", &self.scheduled_at)
            .finish_non_exhaustive()
    }
}

impl ConnectClient {
    pub async fn describe_contact(&self, contact_id: &str) -> Result<ContactView, SourceError> {
        let output = self
            .client
            .describe_contact()
            .instance_id(&self.instance_id)
            .contact_id(contact_id)
            .send()
            .await
            .map_err(|error| classify(error, Echo::Message))?;
        output
            .contact()
            .map(ContactView::from_contact)
            .ok_or_else(|| SourceError::Internal("DescribeContact answered no Contact".into()))
    }

    /// Starts the task and returns its contact ID.
    pub async fn start_task_contact(
        &self,
        task: &ScheduledTask<'_>,
    ) -> Result<String, SourceError> {
        // STRING, not NUMBER: NUMBER holds "a valid number" (a quantity), and a leading `+` is
        // not one; a string shows the agent the number exactly as it is dialled.
        let reference = Reference::builder()
            .r#type(ReferenceType::String)
            .value(task.e164)
            .build()
            .map_err(|e| SourceError::Internal(e.to_string()))?;
        let output = self
            .client
            .start_task_contact()
            .instance_id(&self.instance_id)
            .contact_flow_id(task.flow_id)
            .previous_contact_id(task.previous)
            .name(TASK_NAME)
            .scheduled_time(DateTime::from_secs_f64(task.scheduled_at))
            .references(NUMBER_REFERENCE, reference)
            .attributes(NUMBER_ATTRIBUTE, task.e164)
            .client_token(task.client_token)
            .send()
            .await
            .map_err(|error| classify(error, Echo::CodeOnly))?;
        output
            .contact_id
            .ok_or_else(|| SourceError::Internal("StartTaskContact answered no ContactId".into()))
    }

    /// Ends a contact. `NotFound`: it had ended already (or never was).
    pub async fn stop_contact(&self, contact_id: &str) -> Result<(), SourceError> {
        self.client
            .stop_contact()
            .instance_id(&self.instance_id)
            .contact_id(contact_id)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| classify(error, Echo::Message))
    }
}
