//! A contact's record: how it began, the contacts it links to, where it waits, and when each
//! step happened, in simulated seconds. What `DescribeContact` reads.

use std::collections::BTreeMap;

use super::center::QueueRef;
use super::channel::Channel;

/// Connect's default `QueuePriority` for a new contact (lower is served first).
pub const DEFAULT_QUEUE_PRIORITY: u64 = 5;

/// How a contact began, as Connect's `InitiationMethod` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Initiation {
    Inbound,
    /// A queued callback, created for an earlier contact (its `previous`).
    Callback,
    /// Started through the API: a task from `StartTaskContact`.
    Api,
}

impl Initiation {
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Inbound => "INBOUND",
            Self::Callback => "CALLBACK",
            Self::Api => "API",
        }
    }
}

/// Times are planned when they become known (an agent's acceptance fixes when the customer is
/// called and connected; the end of the call is drawn then too). [`ContactRecord::as_of`]
/// shows only what has happened by a given moment, as Connect would report it then.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    pub id: String,
    pub initiation: Initiation,
    pub channel: Channel,
    /// The queue it waits in (or will, once its flow or delay is over).
    pub queue: QueueRef,
    /// `QueuePriority`: within its queue, lower is served first.
    pub priority: u64,
    /// `QueueTimeAdjustmentSeconds`: it is served as if it had been queued this many seconds
    /// earlier; its reported enqueue time does not change.
    pub time_adjustment_seconds: i64,
    pub initiated: f64,
    /// A task's `ScheduledTime`: its flow runs (and it enters its queue) then, not before.
    pub scheduled: Option<f64>,
    pub connected_to_system: Option<f64>,
    /// When it entered its queue: for a callback, after the initial delay.
    pub enqueued: Option<f64>,
    /// When an agent accepted it (its dequeue).
    pub accepted: Option<f64>,
    pub connected_to_agent: Option<f64>,
    pub disconnected: Option<f64>,
    /// The agent (an index into the contact center's agents) who accepted it.
    pub agent: Option<usize>,
    pub previous: Option<String>,
    /// The callback created for this contact, if any.
    pub next: Option<String>,
    /// The number a callback dials (E.164). Personal data: only `DescribeContact` returns it,
    /// as Connect's `CustomerEndpoint` does.
    pub customer_number: Option<String>,
    /// A task's name, shown to the agent.
    pub name: Option<String>,
    /// A task's user-defined attributes, as its flow reads them.
    pub attributes: BTreeMap<String, String>,
    /// A task's references (name → value), shown to the agent.
    pub references: BTreeMap<String, String>,
}

impl ContactRecord {
    /// A contact on the channel its initiation implies (voice, or a task from the API).
    pub fn new(id: String, initiation: Initiation, queue: QueueRef, initiated: f64) -> Self {
        let channel = match initiation {
            Initiation::Inbound | Initiation::Callback => Channel::Voice,
            Initiation::Api => Channel::Task,
        };
        Self {
            id,
            initiation,
            channel,
            queue,
            priority: DEFAULT_QUEUE_PRIORITY,
            time_adjustment_seconds: 0,
            initiated,
            scheduled: None,
            connected_to_system: None,
            enqueued: None,
            accepted: None,
            connected_to_agent: None,
            disconnected: None,
            agent: None,
            previous: None,
            next: None,
            customer_number: None,
            name: None,
            attributes: BTreeMap::new(),
            references: BTreeMap::new(),
        }
    }

    /// The record as it stands at `now`: steps planned for later are not there yet.
    pub fn as_of(&self, now: f64) -> Self {
        let past = |time: Option<f64>| time.filter(|&t| t <= now);
        Self {
            connected_to_system: past(self.connected_to_system),
            enqueued: past(self.enqueued),
            accepted: past(self.accepted),
            connected_to_agent: past(self.connected_to_agent),
            disconnected: past(self.disconnected),
            agent: self.agent.filter(|_| past(self.accepted).is_some()),
            ..self.clone()
        }
    }

    /// Seconds from initiation to an agent's acceptance: Connect's queue duration, which for a
    /// callback counts its initial delay.
    pub fn queue_duration(&self) -> Option<f64> {
        self.accepted.map(|accepted| accepted - self.initiated)
    }

    /// Waiting in its queue at `now`: queued, not yet accepted, not ended.
    pub fn in_queue_at(&self, now: f64) -> bool {
        let past = |time: Option<f64>| time.is_some_and(|t| t <= now);
        past(self.enqueued) && !past(self.accepted) && !past(self.disconnected)
    }
}
