//! Delivering the simulator's contact events: a task subscribes to the [`Simulator`], puts each
//! event in its EventBridge envelope, applies the [`Faults`] asked for, and hands it to every
//! in-process sink and, if configured, to the HTTP poster. It also brings the simulation up to
//! the present on a tick, so events flow while nobody calls the API.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::envelope::{EventEnvelope, envelope};
use super::faults::{Faults, Passed, Shuffler};
use super::http::{HttpTarget, PostCounters, start};
use crate::connect::models::Simulator;

/// Events the delivery task may fall behind the simulation by; beyond it the simulator counts
/// them missed ([`Simulator::events_missed`]).
const BACKLOG: usize = 4_096;

type Sink = Box<dyn Fn(&EventEnvelope) + Send + Sync>;

/// Where contact events go, configured before [`EventDelivery::spawn`].
pub struct EventDelivery {
    simulator: Arc<Simulator>,
    instance_id: String,
    sinks: Vec<Sink>,
    http: Option<HttpTarget>,
    faults: Faults,
    tick: Duration,
}

impl std::fmt::Debug for EventDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventDelivery")
            .field("instance_id", &self.instance_id)
            .field("sinks", &self.sinks.len())
            .field("http", &self.http)
            .field("faults", &self.faults)
            .field("tick", &self.tick)
            .finish_non_exhaustive()
    }
}

/// What a running delivery has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    /// Handed to the sinks and the poster.
    pub delivered: u64,
    /// Dropped on purpose ([`Faults::drop`]).
    pub dropped: u64,
    /// Delivered after the event that followed them ([`Faults::reorder`]).
    pub reordered: u64,
    /// POSTs answered with a success.
    pub posted: u64,
    /// POSTs that failed, timed out, were answered with an error, or found the queue full.
    pub post_failed: u64,
}

#[derive(Debug, Default)]
struct Counters {
    delivered: AtomicU64,
    dropped: AtomicU64,
    reordered: AtomicU64,
    posts: Arc<PostCounters>,
}

impl EventDelivery {
    /// Events of `simulator`, as the instance `instance_id` emits them; nowhere yet.
    pub fn new(simulator: Arc<Simulator>, instance_id: &str) -> Self {
        Self {
            simulator,
            instance_id: instance_id.to_owned(),
            sinks: Vec::new(),
            http: None,
            faults: Faults::default(),
            tick: Duration::from_millis(250),
        }
    }

    /// Calls `sink` with each event, on the delivery task (so it may call the simulator).
    pub fn sink(mut self, sink: impl Fn(&EventEnvelope) + Send + Sync + 'static) -> Self {
        self.sinks.push(Box::new(sink));
        self
    }

    /// A sink that is a channel: up to `capacity` events wait unread; beyond that the newest
    /// are dropped, as the reader's bound says.
    pub fn channel(self, capacity: usize) -> (Self, mpsc::Receiver<EventEnvelope>) {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        let delivery = self.sink(move |envelope| {
            let _ = sender.try_send(envelope.clone());
        });
        (delivery, receiver)
    }

    /// POSTs each event to `target` too.
    pub fn http(mut self, target: HttpTarget) -> Self {
        self.http = Some(target);
        self
    }

    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// How often the task brings the simulation up to the present (default 250 ms).
    pub fn tick(mut self, every: Duration) -> Self {
        self.tick = every.max(Duration::from_millis(1));
        self
    }

    /// Starts delivering every event from now on. Needs a Tokio runtime; stops when the
    /// returned handle is dropped.
    pub fn spawn(self) -> RunningDelivery {
        let counters = Arc::new(Counters::default());
        let mut receiver = self.simulator.subscribe(BACKLOG);
        let mut tasks = Vec::new();
        let poster = self.http.map(|target| {
            let (sender, task) = start(target, Arc::clone(&counters.posts));
            tasks.push(task);
            sender
        });
        let mut worker = Worker {
            simulator: self.simulator,
            instance_id: self.instance_id,
            sinks: self.sinks,
            poster,
            shuffler: Shuffler::new(self.faults),
            counters: Arc::clone(&counters),
        };
        let every = self.tick;
        tasks.push(tokio::spawn(async move {
            let mut ticker = tokio::time::interval(every);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // A held event goes out at the latest on the second tick after it was held.
            let mut held_for = 0;
            loop {
                tokio::select! {
                    event = receiver.recv() => match event {
                        Some(event) => worker.take(&event),
                        None => break,
                    },
                    _ = ticker.tick() => {
                        worker.simulator.update(|_| ());
                        held_for = if worker.shuffler.holding() { held_for + 1 } else { 0 };
                        if held_for >= 2 {
                            worker.flush();
                            held_for = 0;
                        }
                    }
                }
            }
        }));
        RunningDelivery { counters, tasks }
    }
}

struct Worker {
    simulator: Arc<Simulator>,
    instance_id: String,
    sinks: Vec<Sink>,
    poster: Option<mpsc::Sender<EventEnvelope>>,
    shuffler: Shuffler<EventEnvelope>,
    counters: Arc<Counters>,
}

impl Worker {
    fn take(&mut self, event: &crate::connect::models::ContactEvent) {
        let id = uuid::Uuid::new_v4().to_string();
        let envelope = envelope(
            event,
            self.simulator.center(),
            &self.instance_id,
            self.simulator.epoch(),
            id,
        );
        match self.shuffler.pass(envelope) {
            Passed::Dropped => {
                self.counters.dropped.fetch_add(1, Ordering::Relaxed);
            }
            Passed::Held => {}
            Passed::Through(envelope) => self.deliver(&envelope),
            Passed::Swapped(envelope, earlier) => {
                self.deliver(&envelope);
                self.counters.reordered.fetch_add(1, Ordering::Relaxed);
                self.deliver(&earlier);
            }
        }
    }

    fn flush(&mut self) {
        if let Some(earlier) = self.shuffler.flush() {
            self.counters.reordered.fetch_add(1, Ordering::Relaxed);
            self.deliver(&earlier);
        }
    }

    fn deliver(&self, envelope: &EventEnvelope) {
        self.counters.delivered.fetch_add(1, Ordering::Relaxed);
        for sink in &self.sinks {
            sink(envelope);
        }
        if let Some(poster) = &self.poster
            && poster.try_send(envelope.clone()).is_err()
        {
            tracing::warn!(event = %envelope.id, "contact event POST queue full; dropped");
            self.counters.posts.failed.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A delivery being run; dropping it stops it.
#[derive(Debug)]
pub struct RunningDelivery {
    counters: Arc<Counters>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningDelivery {
    pub fn stats(&self) -> DeliveryStats {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        DeliveryStats {
            delivered: read(&self.counters.delivered),
            dropped: read(&self.counters.dropped),
            reordered: read(&self.counters.reordered),
            posted: read(&self.counters.posts.posted),
            post_failed: read(&self.counters.posts.failed),
        }
    }
}

impl Drop for RunningDelivery {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
