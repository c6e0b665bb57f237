//! A simulated Amazon Connect contact center: queues, agents in routing profiles, Poisson
//! arrivals, exponential handle times, callers who run out of patience ([`patience`]), and
//! queued callbacks as Connect runs them (created at once, in queue after an initial delay, the
//! agent first, then the customer's phone).
//!
//! Pure and event-driven: time only moves when [`Queue::advance_to`] is called with a later
//! simulated second, so tests replay exactly from a seed. Each contact is one [`contact`]
//! object in one map by ID; the waiting lines, the order contacts are served in, live in [`lines`],
//! who serves whom in [`routing`], queued callbacks in [`callback`], tasks (`StartTaskContact`)
//! and stopping a contact (`StopContact`) in [`task`], `UpdateContactRoutingData` in
//! [`routing_data`], queue-level figures in [`metrics`], contact events in [`events`].

mod agents;
mod callback;
mod config;
mod contact;
mod events;
mod inbound;
mod lines;
mod metrics;
mod patience;
mod routing;
mod routing_data;
mod task;

use std::collections::HashMap;
use std::sync::Arc;

use agents::Agents;
use contact::{Contact, Stage};
use events::EventLog;
use lines::{Key, Lines};
use patience::Patience;
use waitline_core::rng::Rng;

use super::center::{ContactCenter, QueueRef};
use super::channel::Channel;
use super::record::{ContactRecord, Initiation};

pub use callback::CallbackRefused;
pub use config::QueueConfig;
pub use events::{ContactEvent, ContactEventKind};
pub use metrics::CellMetrics;
pub use routing_data::{RoutingRefused, RoutingUpdate};
pub use task::{MAX_SCHEDULE_AHEAD_SECONDS, NewTask, StopRefused, TaskRefused};

use events::ContactEventKind as Step;

/// Where a known contact is, as GetContactMetrics would see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ContactStatus {
    Queued {
        /// 1 + the contacts its queue serves before it, on every channel.
        position: u32,
        ewt_seconds: f64,
    },
    /// Taken by an agent: no longer in queue, so no metrics.
    WithAgent,
    /// A callback in its initial delay: created, not yet in queue.
    Scheduled,
    /// In its flow (an IVR, a bot) before the queue: connected, not yet in queue.
    InFlow,
    /// Ended without an agent: stopped, left for a callback, or hung up while waiting.
    Ended,
}

/// A contact that no named queue takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownQueue(pub String);

/// What happens next in the simulation.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A step of a contact decided earlier comes to pass (a contact event is due).
    Planned,
    /// The scheduled contact at this index enters the queue.
    Due(usize),
    /// A background caller's patience runs out.
    Abandon,
    Arrival,
    /// This agent frees up.
    Completion(usize),
}

#[derive(Debug, Clone)]
pub struct Queue {
    config: QueueConfig,
    center: Arc<ContactCenter>,
    rng: Rng,
    /// Which queue and channel each background caller picks, on a stream of its own: the main
    /// stream's draws are the same whatever the center's layout, and a one-queue center, which
    /// has nothing to pick, draws nothing here.
    mix: Rng,
    now: f64,
    lines: Lines,
    next_seq: u64,
    agents: Agents,
    next_arrival: f64,
    /// The contacts that can be asked about, by ID: each one's record, stage and client token.
    contacts: HashMap<String, Contact>,
    /// Contacts on their way to the queue (callbacks in their initial delay, scheduled tasks,
    /// contacts in their flow): when each enters it. Scanned for the earliest, O(n) an event:
    /// only contacts created through the API wait here, a handful at a time.
    scheduled: Vec<(f64, String)>,
    /// Tasks created so far (a repeat with the same client token creates none).
    tasks_started: u64,
    /// Background callers' IDs and patience.
    patience: Patience,
    events: EventLog,
}

impl Queue {
    pub fn new(config: QueueConfig) -> Self {
        let center = config
            .center
            .clone()
            .unwrap_or_else(|| Arc::new(ContactCenter::single(config.agents)));
        let mut rng = Rng::new(config.seed);
        let profiles = center.agent_profiles();
        // Agents start mid-call, so the first ones free up at staggered times (or free).
        let busy = profiles
            .iter()
            .map(|_| {
                config
                    .agents_start_busy
                    .then(|| rng.next_f64() * config.mean_handle_seconds)
            })
            .collect();
        let next_arrival = next_arrival(&mut rng, 0.0, config.arrivals_per_minute);
        let mut queue = Self {
            lines: Lines::new(center.queues().len()),
            next_seq: 0,
            agents: Agents::new(profiles, busy),
            next_arrival,
            contacts: HashMap::new(),
            scheduled: Vec::new(),
            tasks_started: 0,
            patience: Patience::new(config.mean_patience_seconds, config.seed),
            mix: Rng::new(config.seed ^ 0x6d69_785f_7374_7265),
            events: EventLog::new(config.event_capacity),
            now: 0.0,
            rng,
            center,
            config,
        };
        for _ in 0..queue.config.initial_queue {
            queue.enqueue_caller();
        }
        queue
    }

    pub fn now(&self) -> f64 {
        self.now
    }

    /// The queues, profiles and agents this simulation runs.
    pub fn center(&self) -> &Arc<ContactCenter> {
        &self.center
    }

    /// Contacts waiting, in every queue.
    pub fn waiting(&self) -> usize {
        self.lines.total()
    }

    /// Runs the simulation forward to `time` (seconds); earlier times are ignored.
    pub fn advance_to(&mut self, time: f64) {
        while let Some((at, event)) = self.next_event().filter(|&(at, _)| at <= time) {
            self.now = at;
            match event {
                Event::Planned => self.events.log_planned(),
                Event::Due(index) => {
                    let (_, id) = self.scheduled.swap_remove(index);
                    self.enter_queue(&id);
                }
                Event::Abandon => {
                    if let Some((seq, id)) = self.patience.pop() {
                        self.abandon(seq, &id);
                    }
                }
                Event::Arrival => {
                    self.enqueue_caller();
                    self.next_arrival =
                        next_arrival(&mut self.rng, self.now, self.config.arrivals_per_minute);
                }
                Event::Completion(agent) => self.agents.set(agent, None),
            }
            self.dispatch();
        }
        self.now = self.now.max(time);
        self.forget_old();
    }

    /// The earliest event. At equal times, in this order: a planned step is logged, a
    /// contact's wait outside the queue ends (so it is queued before anything else moves), a
    /// caller gives up, a caller arrives, an agent frees up.
    fn next_event(&mut self) -> Option<(f64, Event)> {
        self.agents.prune();
        let planned = self.events.next_planned().map(|at| (at, Event::Planned));
        let due = self
            .scheduled
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.0.total_cmp(&b.1.0))
            .map(|(index, (at, _))| (*at, Event::Due(index)));
        let abandon = self.patience.next_deadline().map(|at| (at, Event::Abandon));
        let arrival = Some((self.next_arrival, Event::Arrival));
        let completion = self
            .agents
            .next_release()
            .map(|(at, agent)| (at, Event::Completion(agent)));
        [planned, due, abandon, arrival, completion]
            .into_iter()
            .flatten()
            .filter(|(at, _)| at.is_finite())
            // `min_by` keeps the first of equal elements: the order above breaks ties.
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// The customer (or agent) hangs up a contact that is with an agent: the call ends now,
    /// steps still ahead of it (a callback's dialing) never come, and the agent is free.
    pub fn hang_up(&mut self, contact: &str) {
        let now = self.now;
        let Some(Contact { record, .. }) = self.contacts.get_mut(contact) else {
            return;
        };
        if record.accepted.is_none_or(|t| t > now) || record.disconnected.is_some_and(|t| t <= now)
        {
            return;
        }
        record.disconnected = Some(now);
        record.connected_to_system = record.connected_to_system.filter(|&t| t <= now);
        record.connected_to_agent = record.connected_to_agent.filter(|&t| t <= now);
        let agent = record.agent;
        self.events.cancel(contact);
        self.emit(contact, Step::Disconnected);
        if let Some(agent) = agent {
            self.agents.set(agent, None);
        }
        self.dispatch();
    }

    /// Every agent busy until `time`: for scenarios that need an agent free at a known moment.
    pub fn occupy_agents_until(&mut self, time: f64) {
        for agent in 0..self.agents.len() {
            self.agents.set(agent, Some(time));
        }
    }

    /// A contact's record as it stands now.
    pub fn record(&self, id: &str) -> Option<ContactRecord> {
        self.contacts
            .get(id)
            .map(|contact| contact.record.as_of(self.now))
    }

    /// A contact enters its queue: at once, or when its wait outside the queue (a callback's
    /// initial delay, a task's schedule, a flow) is over. Its place follows its priority and
    /// its routing time (now, less any time adjustment set while it was on its way).
    fn enter_queue(&mut self, id: &str) {
        let Some(Contact { record, stage, .. }) = self.contacts.get_mut(id) else {
            return;
        };
        record.enqueued = Some(self.now);
        let seq = self.next_seq;
        self.next_seq += 1;
        let routed_at = self.now - record.time_adjustment_seconds as f64;
        let key = Key::new(record.priority, routed_at, seq);
        self.lines
            .insert(record.queue, record.channel, key, id.to_owned());
        *stage = Stage::Queued(key);
        self.emit(id, Step::Queued);
    }

    pub fn status(&self, id: &str) -> Option<ContactStatus> {
        let Contact { record, stage, .. } = self.contacts.get(id)?;
        match *stage {
            Stage::WithAgent { .. } => Some(ContactStatus::WithAgent),
            Stage::Scheduled => Some(ContactStatus::Scheduled),
            Stage::InFlow => Some(ContactStatus::InFlow),
            Stage::Ended { .. } => Some(ContactStatus::Ended),
            Stage::Queued(key) => {
                let ahead = self.lines.ahead(record.queue, key);
                let position = u32::try_from(ahead + 1).unwrap_or(u32::MAX);
                Some(ContactStatus::Queued {
                    position,
                    ewt_seconds: self.estimated_wait(record.queue, record.channel, position),
                })
            }
        }
    }

    /// A waiting contact ends now without an agent (it gave up, was stopped, or left for a
    /// callback): out of its line, everyone behind it moves up.
    fn end_waiting(&mut self, id: &str) {
        let Some(Contact { record, stage, .. }) = self.contacts.get_mut(id) else {
            return;
        };
        if let Stage::Queued(key) = *stage {
            self.lines.remove(record.queue, record.channel, key);
        }
        record.disconnected = Some(self.now);
        *stage = Stage::Ended { since: self.now };
        self.emit(id, Step::Disconnected);
    }

    /// Drops contacts that ended (or reached an agent) more than `forget_after_seconds` ago.
    /// O(contacts known) once per `advance_to`, not per event: the map holds only the last
    /// few minutes' contacts.
    fn forget_old(&mut self) {
        let horizon = self.now - self.config.forget_after_seconds;
        self.contacts
            .retain(|_, contact| !contact.stage.settled_before(horizon));
    }
}

fn next_arrival(rng: &mut Rng, now: f64, per_minute: f64) -> f64 {
    if per_minute > 0.0 {
        now + rng.exponential(60.0 / per_minute)
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod center_tests;
#[cfg(test)]
mod events_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod truth_tests;
