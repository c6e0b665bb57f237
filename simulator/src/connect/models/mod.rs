//! Connect's state, with no wire in sight: the queue and its contacts ([`queue`]), the account's
//! quota ([`quota`]), and the [`Simulator`] that runs the queue on a scaled real clock.

mod clock;
mod queue;
mod quota;
mod record;

use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub use clock::ManualClock;
pub use queue::{
    CallbackRefused, ContactStatus, MAX_SCHEDULE_AHEAD_SECONDS, NewTask, Queue, QueueConfig,
    StopRefused, TaskRefused,
};
pub use quota::{Quota, TokenBucket};
pub use record::{Channel, ContactRecord, Initiation, QueueName};

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
        Self {
            queue: Mutex::new(Queue::new(config)),
            clock: Box::new(clock),
            epoch,
        }
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

    /// A new contact at the back of the queue.
    pub fn join(&self) -> String {
        self.update(Queue::join)
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

    /// Brings the queue up to the present, then runs `f` on it.
    pub fn update<T>(&self, f: impl FnOnce(&mut Queue) -> T) -> T {
        let now = (self.clock)();
        // A panic while holding the lock cannot leave the queue half-updated in a way that
        // matters more than losing the demo, so a poisoned lock is simply reused.
        let mut queue = self
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        queue.advance_to(now);
        f(&mut queue)
    }
}
