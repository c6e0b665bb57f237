//! Connect's state, with no wire in sight: the queue and its contacts ([`queue`]), the account's
//! quota ([`quota`]), and the [`Simulator`] that runs the queue on a scaled real clock.

mod queue;
mod quota;

use std::sync::Mutex;
use std::time::Instant;

pub use queue::{ContactStatus, Queue, QueueConfig};
pub use quota::{Quota, TokenBucket};

/// The simulated instance's ID, unless configured otherwise.
pub const SIMULATED_INSTANCE_ID: &str = "00000000-0000-4000-8000-000000000000";
/// The account the simulated instance claims in its ARNs: twelve digits, like any AWS account.
pub const SIMULATED_ACCOUNT: &str = "000000000000";
/// The region the simulated instance claims; AWS clients pointed at it must sign for this one.
pub const SIMULATED_REGION: &str = "us-east-1";

/// The queue, shared by everything that reads or changes it, on a clock that runs faster than
/// real time. [`Queue`] itself is pure (time moves only when told); this is where it is told.
#[derive(Debug)]
pub struct Simulator {
    queue: Mutex<Queue>,
    started: Instant,
    /// Simulated seconds per real second: 10 turns a 3-minute call into 18 s for a demo.
    time_scale: f64,
}

impl Simulator {
    pub fn new(config: QueueConfig, time_scale: f64) -> Self {
        Self {
            queue: Mutex::new(Queue::new(config)),
            started: Instant::now(),
            time_scale,
        }
    }

    /// A new contact at the back of the queue.
    pub fn join(&self) -> String {
        self.with_queue(Queue::join)
    }

    pub fn status(&self, contact_id: &str) -> Option<ContactStatus> {
        self.with_queue(|queue| queue.status(contact_id))
    }

    /// Brings the queue up to the present, then runs `f` on it.
    fn with_queue<T>(&self, f: impl FnOnce(&mut Queue) -> T) -> T {
        let now = self.started.elapsed().as_secs_f64() * self.time_scale;
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
