//! The embedded stand-in for Amazon Connect: a simulated queue running on a scaled clock, so
//! the whole product runs on one machine with no AWS account.

pub mod connect_api;
mod queue;

use std::sync::Mutex;
use std::time::Instant;

pub use connect_api::{ConnectApi, Quota, RunningEndpoint, SIMULATED_INSTANCE_ID};
pub use queue::{ContactStatus, Queue, QueueConfig};

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
