//! Connect's state, with no wire in sight: the contact center's layout ([`ContactCenter`]), its
//! queues and contacts ([`Queue`]), the account's quota ([`Quota`]), and the [`Simulator`] that
//! runs the queues on a scaled real clock and hands their contact events to whoever subscribed.

mod center;
mod channel;
mod clock;
mod queue;
mod quota;
mod record;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::mpsc;

pub use center::{
    ArrivalShare, CALLBACK_QUEUE_ID, CenterBuilder, CenterError, ContactCenter, INBOUND_QUEUE_ID,
    QueueRef, QueueSpec, Route, RoutingProfile, SALES_QUEUE_ID, SUPPORT_QUEUE_ID,
};
pub use channel::Channel;
pub use clock::ManualClock;
pub use queue::{
    CallbackRefused, CellMetrics, ContactEvent, ContactEventKind, ContactStatus,
    MAX_SCHEDULE_AHEAD_SECONDS, NewTask, Queue, QueueConfig, RoutingRefused, RoutingUpdate,
    StopRefused, TaskRefused, UnknownQueue,
};
pub use quota::{Quota, TokenBucket};
pub use record::{ContactRecord, DEFAULT_QUEUE_PRIORITY, Initiation};

/// The simulated instance's ID, unless configured otherwise.
pub const SIMULATED_INSTANCE_ID: &str = "00000000-0000-4000-8000-000000000000";
/// The account the simulated instance claims in its ARNs: twelve digits, like any AWS account.
pub const SIMULATED_ACCOUNT: &str = "000000000000";
/// The region the simulated instance claims; AWS clients pointed at it must sign for this one.
pub const SIMULATED_REGION: &str = "us-east-1";
/// The simulated instance's callback flow: `StartTaskContact` takes this `ContactFlowId` (and
/// no other); a task started into it waits for its scheduled time, then enters the callback queue.
pub const SIMULATED_CALLBACK_FLOW_ID: &str = "00000000-0000-4000-8000-0000000000f1";

/// The queue, shared by everything that reads or changes it, on a clock: by default one that
/// runs faster than real time. [`Queue`] itself is pure (time moves only when told); this is
/// where it is told.
pub struct Simulator {
    queue: Mutex<Queue>,
    /// The queue's layout, fixed at the start: read without taking the queue's lock.
    center: Arc<ContactCenter>,
    /// Whoever takes the contact events, in the order they happened.
    subscribers: Mutex<Vec<mpsc::Sender<ContactEvent>>>,
    /// Events a subscriber missed because it had `capacity` unread.
    events_missed: AtomicU64,
    /// Simulated seconds since the simulation began.
    clock: Box<dyn Fn() -> f64 + Send + Sync>,
    /// Unix time (seconds) of simulated second 0, so records carry real-looking timestamps.
    epoch: f64,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// `time_scale` simulated seconds per real second: 10 turns a 3-minute call into 18 s for
    /// a demo. Simulated time starts now.
    pub fn new(config: QueueConfig, time_scale: f64) -> Self {
        let started = Instant::now();
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        Self::with_clock(config, epoch, move || {
            started.elapsed().as_secs_f64() * time_scale
        })
    }

    /// On a clock of the caller's: `clock` says how many simulated seconds have passed since
    /// `epoch` (Unix seconds). Tests replay scenarios at exact times with it.
    pub fn with_clock(
        config: QueueConfig,
        epoch: f64,
        clock: impl Fn() -> f64 + Send + Sync + 'static,
    ) -> Self {
        let queue = Queue::new(config);
        Self {
            center: Arc::clone(queue.center()),
            queue: Mutex::new(queue),
            subscribers: Mutex::new(Vec::new()),
            events_missed: AtomicU64::new(0),
            clock: Box::new(clock),
            epoch,
        }
    }

    pub fn center(&self) -> &Arc<ContactCenter> {
        &self.center
    }

    /// Unix time of simulated second 0.
    pub fn epoch(&self) -> f64 {
        self.epoch
    }

    /// The simulated instance's clock as Unix seconds: what its timestamps read now. It runs
    /// at the simulator's time scale, so a client scheduling work in it (a task's
    /// `ScheduledTime`) reads this, not the wall clock.
    pub fn unix_now(&self) -> f64 {
        self.epoch + (self.clock)()
    }

    /// A new voice contact at the back of the default queue.
    pub fn join(&self) -> String {
        self.update(Queue::join)
    }

    /// A new contact on `channel` at the back of the default queue.
    pub fn join_channel(&self, channel: Channel) -> String {
        self.update(|queue| queue.join_channel(channel))
    }

    /// A new contact on `channel` at the back of the queue named `queue`.
    pub fn join_queue(&self, queue: &str, channel: Channel) -> Result<String, UnknownQueue> {
        self.update(|q| q.join_queue(queue, channel))
    }

    /// `UpdateContactRoutingData`: a contact's queue priority or routing age.
    pub fn update_routing(
        &self,
        contact_id: &str,
        update: RoutingUpdate,
    ) -> Result<(), RoutingRefused> {
        self.update(|queue| queue.update_routing(contact_id, update))
    }

    pub fn status(&self, contact_id: &str) -> Option<ContactStatus> {
        self.update(|queue| queue.status(contact_id))
    }

    pub fn record(&self, contact_id: &str) -> Option<ContactRecord> {
        self.update(|queue| queue.record(contact_id))
    }

    pub fn request_callback(
        &self,
        contact_id: &str,
        number: &str,
    ) -> Result<String, CallbackRefused> {
        self.update(|queue| queue.request_callback(contact_id, number))
    }

    pub fn start_task(&self, task: NewTask) -> Result<String, TaskRefused> {
        self.update(|queue| queue.start_task(task))
    }

    pub fn stop(&self, contact_id: &str) -> Result<(), StopRefused> {
        self.update(|queue| queue.stop(contact_id))
    }

    /// Tasks created so far: what a test checks to prove that nothing was created.
    pub fn tasks_started(&self) -> u64 {
        self.update(|queue| queue.tasks_started())
    }

    /// The contact events from now on, in the order they happen, as the queue moves (whenever
    /// anything brings it up to the present: a call to the API, [`Self::update`]). Up to
    /// `capacity` wait unread; beyond that the subscriber misses the newest (nothing blocks
    /// the simulation for a slow reader). Dropping the receiver ends the subscription.
    pub fn subscribe(&self, capacity: usize) -> mpsc::Receiver<ContactEvent> {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        // Lock order, everywhere: the queue, then the subscribers.
        let mut queue = lock(&self.queue);
        let mut subscribers = lock(&self.subscribers);
        if subscribers.is_empty() {
            // Only what happens from now on: older events are no one's.
            queue.drain_events();
        }
        subscribers.push(sender);
        receiver
    }

    /// Events subscribers missed because they were full, and events the queue's log dropped
    /// because nobody drained it.
    pub fn events_missed(&self) -> u64 {
        self.events_missed.load(Ordering::Relaxed) + lock(&self.queue).events_dropped()
    }

    /// Brings the queue up to the present, then runs `f` on it; then hands the contact events
    /// this produced to the subscribers, if any (without them, the queue's bounded log keeps
    /// the latest).
    pub fn update<T>(&self, f: impl FnOnce(&mut Queue) -> T) -> T {
        let now = (self.clock)();
        let mut queue = lock(&self.queue);
        queue.advance_to(now);
        let result = f(&mut queue);
        let mut subscribers = lock(&self.subscribers);
        if !subscribers.is_empty() {
            // Sent under the queue's lock, so every subscriber sees the events in order.
            for event in queue.drain_events() {
                subscribers.retain(|subscriber| match subscriber.try_send(event.clone()) {
                    Ok(()) => true,
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        self.events_missed.fetch_add(1, Ordering::Relaxed);
                        true
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => false,
                });
            }
        }
        result
    }
}

/// A panic while holding a lock cannot leave the queue half-updated in a way that matters more
/// than losing the demo, so a poisoned lock is simply reused.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
