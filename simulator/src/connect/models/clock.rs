//! A simulated clock moved by hand, for scripted scenarios and tests: give
//! [`Simulator::with_clock`](super::Simulator::with_clock) its [`ManualClock::read`] and set the
//! time step by step.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Simulated seconds since the simulation began, shared by its clones. Starts at 0.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    pub fn set(&self, seconds: f64) {
        self.0.store(seconds.to_bits(), Ordering::SeqCst);
    }

    pub fn read(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::SeqCst))
    }
}
