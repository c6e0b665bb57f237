//! Contact events, as Amazon Connect emits them while contacts move: `INITIATED`,
//! `CONNECTED_TO_SYSTEM`, `QUEUED`, `CONNECTED_TO_AGENT`, `DISCONNECTED`. Each is a step of a
//! contact's record coming to pass, so every record timestamp gives exactly one event, at that
//! time. Steps decided ahead (an agent's acceptance fixes when a callback's customer is dialed
//! and when the call ends) wait in a heap until the simulation reaches them, so the log is in
//! time order. A hang-up cancels the steps still ahead of its contact. A planned event is
//! written when it is planned (nothing but a hang-up changes a contact with an agent), so it
//! comes even if the contact is forgotten before its call ends.
//!
//! The log is a bounded buffer: when nobody drains it, the oldest events are dropped (and
//! counted) once it holds [`QueueConfig::event_capacity`](super::QueueConfig) of them, so a
//! simulation nobody listens to runs in bounded memory.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use super::super::center::QueueRef;
use super::super::channel::Channel;
use super::super::record::{ContactRecord, Initiation};
use super::Queue;
use super::lines::ordered;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContactEventKind {
    Initiated,
    ConnectedToSystem,
    Queued,
    ConnectedToAgent,
    Disconnected,
}

impl ContactEventKind {
    /// The detail's `eventType`.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Initiated => "INITIATED",
            Self::ConnectedToSystem => "CONNECTED_TO_SYSTEM",
            Self::Queued => "QUEUED",
            Self::ConnectedToAgent => "CONNECTED_TO_AGENT",
            Self::Disconnected => "DISCONNECTED",
        }
    }

    /// The record's time this event announces.
    fn time_in(self, record: &ContactRecord) -> Option<f64> {
        match self {
            Self::Initiated => Some(record.initiated),
            Self::ConnectedToSystem => record.connected_to_system,
            Self::Queued => record.enqueued,
            Self::ConnectedToAgent => record.connected_to_agent,
            Self::Disconnected => record.disconnected,
        }
    }
}

/// One contact event: what happened, when (simulated seconds), and the contact as it stood
/// then. Times are simulated seconds; the wire adds the epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactEvent {
    pub kind: ContactEventKind,
    pub at: f64,
    pub contact_id: String,
    pub channel: Channel,
    pub initiation: Initiation,
    pub initiated: f64,
    pub connected_to_system: Option<f64>,
    /// The queue, once it has been queued.
    pub queue: Option<QueueRef>,
    pub enqueued: Option<f64>,
    /// The agent, once connected to one.
    pub agent: Option<usize>,
    pub connected_to_agent: Option<f64>,
    pub disconnected: Option<f64>,
    pub previous: Option<String>,
}

impl ContactEvent {
    fn of(kind: ContactEventKind, at: f64, record: &ContactRecord) -> Self {
        let record = record.as_of(at);
        Self {
            kind,
            at,
            contact_id: record.id,
            channel: record.channel,
            initiation: record.initiation,
            initiated: record.initiated,
            connected_to_system: record.connected_to_system,
            queue: record.enqueued.map(|_| record.queue),
            enqueued: record.enqueued,
            agent: record.connected_to_agent.and(record.agent),
            connected_to_agent: record.connected_to_agent,
            disconnected: record.disconnected,
            previous: record.previous,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct EventLog {
    buffer: VecDeque<ContactEvent>,
    capacity: usize,
    dropped: u64,
    /// Steps decided for later: (time as ordered bits, plan number), soonest first.
    planned: BinaryHeap<Reverse<(u64, u64)>>,
    /// The event each plan will log; a cancelled plan is missing here.
    plans: HashMap<u64, ContactEvent>,
    /// Each contact's plans, for cancelling them.
    plans_of: HashMap<String, Vec<u64>>,
    next_plan: u64,
}

impl EventLog {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            buffer: VecDeque::new(),
            capacity,
            dropped: 0,
            planned: BinaryHeap::new(),
            plans: HashMap::new(),
            plans_of: HashMap::new(),
            next_plan: 0,
        }
    }

    fn push(&mut self, event: ContactEvent) {
        if self.capacity == 0 {
            self.dropped += 1;
            return;
        }
        if self.buffer.len() == self.capacity {
            self.buffer.pop_front();
            self.dropped += 1;
        }
        self.buffer.push_back(event);
    }

    fn plan(&mut self, event: ContactEvent) {
        let plan = self.next_plan;
        self.next_plan += 1;
        self.planned.push(Reverse((ordered(event.at), plan)));
        self.plans_of
            .entry(event.contact_id.clone())
            .or_default()
            .push(plan);
        self.plans.insert(plan, event);
    }

    /// When the next planned step comes.
    pub(super) fn next_planned(&self) -> Option<f64> {
        self.planned
            .peek()
            .map(|Reverse((bits, _))| super::lines::unordered(*bits))
    }

    /// Logs the next planned step, unless it was cancelled.
    pub(super) fn log_planned(&mut self) {
        let Some(Reverse((_, plan))) = self.planned.pop() else {
            return;
        };
        if let Some(event) = self.plans.remove(&plan) {
            if let Some(plans) = self.plans_of.get_mut(&event.contact_id) {
                plans.retain(|&p| p != plan);
                if plans.is_empty() {
                    self.plans_of.remove(&event.contact_id);
                }
            }
            self.push(event);
        }
    }

    /// The steps still planned for `id` will not come.
    pub(super) fn cancel(&mut self, id: &str) {
        for plan in self.plans_of.remove(id).unwrap_or_default() {
            self.plans.remove(&plan);
        }
    }
}

impl Queue {
    /// `kind` happened to `id` now: logs it.
    pub(super) fn emit(&mut self, id: &str, kind: ContactEventKind) {
        if let Some(contact) = self.contacts.get(id) {
            let event = ContactEvent::of(kind, self.now, &contact.record);
            self.events.push(event);
        }
    }

    /// Logs `kind` for `id` when its record's time for it comes: now if it has, else later.
    pub(super) fn announce(&mut self, id: &str, kind: ContactEventKind) {
        let Some(record) = self.contacts.get(id).map(|contact| &contact.record) else {
            return;
        };
        let Some(at) = kind.time_in(record) else {
            return;
        };
        if at <= self.now {
            self.emit(id, kind);
        } else {
            let event = ContactEvent::of(kind, at, record);
            self.events.plan(event);
        }
    }

    /// Takes every event logged so far, oldest first.
    pub fn drain_events(&mut self) -> Vec<ContactEvent> {
        self.events.buffer.drain(..).collect()
    }

    /// Events dropped because the log was full (or off, with a capacity of 0).
    pub fn events_dropped(&self) -> u64 {
        self.events.dropped
    }
}
