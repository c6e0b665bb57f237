//! Connect's clock, as Unix seconds: the wall clock for Amazon Connect, the simulator's own
//! (which may run faster) for the simulator. A task's `ScheduledTime`, an event's timestamps
//! and the moments of the proxy's own calls are all read on it, so they compare.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub type ConnectClock = Arc<dyn Fn() -> f64 + Send + Sync>;

/// The wall clock, for Amazon Connect.
pub fn wall_clock() -> ConnectClock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    })
}
