//! A simulated Amazon Connect queue: agents, Poisson arrivals, exponential handle times,
//! callers who run out of patience ([`patience`]), and queued callbacks as Connect runs them
//! (created at once, in queue after an initial delay, the agent first, then the customer's
//! phone).
//!
//! Pure and event-driven: time only moves when [`Queue::advance_to`] is called with a later
//! simulated second, so tests replay exactly from a seed. Queued callbacks live in
//! [`callback`], tasks (`StartTaskContact`) and stopping a contact (`StopContact`) in [`task`].

mod callback;
mod config;
mod patience;
mod task;

use std::collections::{BinaryHeap, HashMap, VecDeque};

use patience::Patience;
use waitline_core::rng::Rng;

use super::record::{ContactRecord, Initiation, QueueName};

pub use callback::CallbackRefused;
pub use config::QueueConfig;
pub use task::{MAX_SCHEDULE_AHEAD_SECONDS, NewTask, StopRefused, TaskRefused};

/// Where a known contact is, as GetContactMetrics would see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ContactStatus {
    Queued {
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

#[derive(Debug, Clone, Copy)]
enum Tracked {
    Queued { seq: u64 },
    WithAgent { since: f64 },
    Scheduled,
    InFlow,
    Ended { since: f64 },
}

/// What happens next in the simulation.
#[derive(Debug, Clone, Copy)]
enum Event {
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
    rng: Rng,
    now: f64,
    /// Sequence numbers of waiting contacts, front first. Sequence numbers are handed out in
    /// the order contacts enter the queue, so this stays sorted, and a contact's position (1 +
    /// the number of contacts ahead of it) is found by binary search however many left from
    /// the middle.
    waiting: VecDeque<u64>,
    next_seq: u64,
    /// When each agent frees up; `None` while idle.
    agents: Vec<Option<f64>>,
    next_arrival: f64,
    /// Contacts that can be asked about, by ID.
    tracked: HashMap<String, Tracked>,
    id_by_seq: HashMap<u64, String>,
    /// The records of the contacts that can be asked about.
    records: HashMap<String, ContactRecord>,
    /// Contacts on their way to the queue (callbacks in their initial delay, scheduled tasks,
    /// contacts in their flow): when each enters it.
    scheduled: Vec<(f64, String)>,
    /// Which agent holds each tracked contact, so a hang-up frees the right one.
    agent_of: HashMap<String, usize>,
    /// `StartTaskContact`'s idempotency: the task each client token created.
    client_tokens: HashMap<String, String>,
    /// Tasks created so far (a repeat with the same client token creates none).
    tasks_started: u64,
    /// Background callers' IDs and patience.
    patience: Patience,
}

impl Queue {
    pub fn new(config: QueueConfig) -> Self {
        let mut rng = Rng::new(config.seed);
        // Agents start mid-call, so the first ones free up at staggered times (or free).
        let agents = (0..config.agents)
            .map(|_| {
                config
                    .agents_start_busy
                    .then(|| rng.next_f64() * config.mean_handle_seconds)
            })
            .collect();
        let next_arrival = next_arrival(&mut rng, 0.0, config.arrivals_per_minute);
        let mut queue = Self {
            waiting: VecDeque::new(),
            next_seq: 0,
            agents,
            next_arrival,
            tracked: HashMap::new(),
            id_by_seq: HashMap::new(),
            records: HashMap::new(),
            scheduled: Vec::new(),
            agent_of: HashMap::new(),
            client_tokens: HashMap::new(),
            tasks_started: 0,
            patience: Patience::new(config.mean_patience_seconds, config.seed),
            now: 0.0,
            rng,
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

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Runs the simulation forward to `time` (seconds); earlier times are ignored.
    pub fn advance_to(&mut self, time: f64) {
        while let Some((at, event)) = self.next_event().filter(|&(at, _)| at <= time) {
            self.now = at;
            match event {
                Event::Due(index) => {
                    let (_, id) = self.scheduled.swap_remove(index);
                    self.enter_queue(id);
                }
                Event::Abandon => {
                    if let Some(seq) = self.patience.pop() {
                        self.abandon(seq);
                    }
                }
                Event::Arrival => {
                    self.enqueue_caller();
                    self.next_arrival =
                        next_arrival(&mut self.rng, self.now, self.config.arrivals_per_minute);
                }
                Event::Completion(agent) => self.agents[agent] = None,
            }
            self.dispatch();
        }
        self.now = self.now.max(time);
        self.forget_old();
    }

    /// The earliest event. At equal times, in this order: a contact's wait outside the queue
    /// ends (so it is queued before anything else moves), a caller gives up, a caller arrives,
    /// an agent frees up.
    fn next_event(&self) -> Option<(f64, Event)> {
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
            .iter()
            .enumerate()
            .filter_map(|(agent, busy)| busy.map(|until| (until, Event::Completion(agent))))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        [due, abandon, arrival, completion]
            .into_iter()
            .flatten()
            .filter(|(at, _)| at.is_finite())
            // `min_by` keeps the first of equal elements: the order above breaks ties.
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// A new contact starts: it goes through its flow, if the queue has one, then joins the
    /// back of the queue. Returns its ID.
    pub fn join(&mut self) -> String {
        let id = self.rng.uuid();
        self.records.insert(id.clone(), self.inbound(&id));
        if self.config.flow_seconds > 0.0 {
            self.tracked.insert(id.clone(), Tracked::InFlow);
            self.scheduled
                .push((self.now + self.config.flow_seconds, id.clone()));
        } else {
            self.enter_queue(id.clone());
            self.dispatch();
        }
        id
    }

    /// The customer (or agent) hangs up a contact that is with an agent: the call ends now and
    /// the agent is free.
    pub fn hang_up(&mut self, contact: &str) {
        let now = self.now;
        let Some(record) = self.records.get_mut(contact) else {
            return;
        };
        if record.accepted.is_none_or(|t| t > now) || record.disconnected.is_some_and(|t| t <= now)
        {
            return;
        }
        record.disconnected = Some(now);
        if let Some(agent) = self.agent_of.remove(contact) {
            self.agents[agent] = None;
        }
        self.dispatch();
    }

    /// Every agent busy until `time`: for scenarios that need an agent free at a known moment.
    pub fn occupy_agents_until(&mut self, time: f64) {
        for agent in &mut self.agents {
            *agent = Some(time);
        }
    }

    /// A contact's record as it stands now.
    pub fn record(&self, id: &str) -> Option<ContactRecord> {
        self.records.get(id).map(|record| record.as_of(self.now))
    }

    /// `id` joins the back of the queue; returns its place in the order of arrival.
    fn track_queued(&mut self, id: String) -> u64 {
        let seq = self.enqueue();
        self.tracked.insert(id.clone(), Tracked::Queued { seq });
        self.id_by_seq.insert(seq, id);
        seq
    }

    /// A contact enters the back of the queue: at once, or when its wait outside the queue (a
    /// callback's initial delay, a task's schedule, a flow) is over.
    fn enter_queue(&mut self, id: String) {
        if let Some(record) = self.records.get_mut(&id) {
            record.enqueued = Some(self.now);
        }
        self.track_queued(id);
    }

    pub fn status(&self, id: &str) -> Option<ContactStatus> {
        match self.tracked.get(id)? {
            Tracked::WithAgent { .. } => Some(ContactStatus::WithAgent),
            Tracked::Scheduled => Some(ContactStatus::Scheduled),
            Tracked::InFlow => Some(ContactStatus::InFlow),
            Tracked::Ended { .. } => Some(ContactStatus::Ended),
            Tracked::Queued { seq } => {
                let ahead = self.waiting.binary_search(seq).ok()?;
                let position = u32::try_from(ahead + 1).unwrap_or(u32::MAX);
                Some(ContactStatus::Queued {
                    position,
                    ewt_seconds: self.estimated_wait(position),
                })
            }
        }
    }

    /// When the contact at `position` will reach an agent, assuming every call from now on
    /// takes the mean handle time: the time of the `position`-th agent release.
    fn estimated_wait(&self, position: u32) -> f64 {
        // Min-heap of release times, via reversed ordering on the bits of non-negative floats.
        let mut releases: BinaryHeap<std::cmp::Reverse<u64>> = self
            .agents
            .iter()
            .map(|busy| std::cmp::Reverse(busy.unwrap_or(self.now).max(self.now).to_bits()))
            .collect();
        let mut taken_at = self.now;
        for _ in 0..position {
            let Some(std::cmp::Reverse(bits)) = releases.pop() else {
                return f64::INFINITY; // no agents: the wait has no end
            };
            taken_at = f64::from_bits(bits);
            releases.push(std::cmp::Reverse(
                (taken_at + self.config.mean_handle_seconds).to_bits(),
            ));
        }
        taken_at - self.now
    }

    /// The record of an inbound contact `id` that starts now, connected to the system at once.
    fn inbound(&self, id: &str) -> ContactRecord {
        let mut record = ContactRecord::new(
            id.to_owned(),
            Initiation::Inbound,
            QueueName::Inbound,
            self.now,
        );
        record.connected_to_system = Some(self.now);
        record
    }

    /// A background caller (the initial queue, an arrival) joins the back of the queue, with a
    /// record like any contact's and a patience of its own.
    fn enqueue_caller(&mut self) {
        let id = self.patience.caller_id();
        let mut record = self.inbound(&id);
        record.enqueued = Some(self.now);
        self.records.insert(id.clone(), record);
        let seq = self.track_queued(id);
        self.patience.start(seq, self.now);
    }

    /// A caller whose patience ran out hangs up, if still waiting: it leaves the queue from
    /// wherever it is and its contact ends with no agent.
    fn abandon(&mut self, seq: u64) {
        let Some(id) = self.id_by_seq.get(&seq).cloned() else {
            return; // with an agent, or gone already
        };
        self.leave_queue(seq);
        if let Some(record) = self.records.get_mut(&id) {
            record.disconnected = Some(self.now);
        }
        self.tracked.insert(id, Tracked::Ended { since: self.now });
    }

    fn enqueue(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.waiting.push_back(seq);
        seq
    }

    /// The contact `seq` leaves the queue from wherever it is; everyone behind moves up.
    /// Found in O(log n); removing it from the middle of the deque shifts the shorter side,
    /// O(n), which queues of the simulator's sizes (thousands at most) do not notice.
    fn leave_queue(&mut self, seq: u64) {
        if let Ok(index) = self.waiting.binary_search(&seq) {
            self.waiting.remove(index);
        }
        self.id_by_seq.remove(&seq);
    }

    /// Idle agents take contacts from the front of the queue.
    fn dispatch(&mut self) {
        while let Some(agent) = self.agents.iter().position(Option::is_none) {
            let Some(seq) = self.waiting.pop_front() else {
                break;
            };
            let handle = self.rng.exponential(self.config.mean_handle_seconds);
            let mut busy_until = self.now + handle;
            if let Some(id) = self.id_by_seq.remove(&seq) {
                if let Some(record) = self.records.get_mut(&id) {
                    busy_until = connect(record, self.now, handle, &self.config);
                }
                self.agent_of.insert(id.clone(), agent);
                self.tracked
                    .insert(id, Tracked::WithAgent { since: self.now });
            }
            self.agents[agent] = Some(busy_until);
        }
    }

    fn forget_old(&mut self) {
        let horizon = self.now - self.config.forget_after_seconds;
        self.tracked.retain(|_, tracked| {
            !matches!(tracked, Tracked::WithAgent { since } | Tracked::Ended { since } if *since < horizon)
        });
        let tracked = &self.tracked;
        self.records.retain(|id, _| tracked.contains_key(id));
        self.agent_of.retain(|id, _| tracked.contains_key(id));
        let records = &self.records;
        self.client_tokens.retain(|_, id| records.contains_key(id));
    }
}

/// An agent accepts `record` at `now`: fills in when it connects and ends, and returns when the
/// agent is free again. An inbound caller is on the line already, and so is the agent on a task
/// (a web callback's agent dials from the task, outside the model); a queued callback first
/// plays the agent a whisper, then dials the customer, who hears a whisper of their own.
fn connect(record: &mut ContactRecord, now: f64, talk: f64, config: &QueueConfig) -> f64 {
    record.accepted = Some(now);
    let joined = match record.initiation {
        Initiation::Inbound | Initiation::Api => now,
        Initiation::Callback => {
            let dialed = now + config.agent_whisper_seconds;
            record.connected_to_system = Some(dialed);
            dialed + config.outbound_whisper_seconds
        }
    };
    record.connected_to_agent = Some(joined);
    record.disconnected = Some(joined + talk);
    joined + talk
}

fn next_arrival(rng: &mut Rng, now: f64, per_minute: f64) -> f64 {
    if per_minute > 0.0 {
        now + rng.exponential(60.0 / per_minute)
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod truth_tests;
