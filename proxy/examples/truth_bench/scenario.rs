//! The queue the benchmark measures against: agents taking a contact every 3 s, customers
//! with the widget and as many callers without it, arriving as fast as they are served, the
//! callers giving up now and then from wherever they wait.
//!
//! The queue is filled before the run in simulated time that passes at once (agents held busy,
//! widget customers joining among the arriving callers), then runs in real time, so the proxy's
//! clocks and the simulator's agree for the whole measurement.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use waitline_simulator::connect::{QueueConfig, Simulator};

/// Agents and their mean handle time: a contact taken every 3 s on average.
pub const AGENTS: u32 = 20;
pub const HANDLE_SECONDS: f64 = 60.0;
/// Mean patience of a caller without the widget: a few give up from the middle of the queue.
pub const CALLER_PATIENCE_SECONDS: f64 = 3.0 * 3600.0;

/// Simulated seconds: a fixed offset, plus the real time elapsed once started.
#[derive(Debug, Clone, Default)]
pub struct BenchClock {
    offset: Arc<AtomicU64>,
    started: Arc<Mutex<Option<Instant>>>,
}

impl BenchClock {
    pub fn read(&self) -> f64 {
        let real = self
            .started
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .map_or(0.0, |started| started.elapsed().as_secs_f64());
        f64::from_bits(self.offset.load(Ordering::SeqCst)) + real
    }

    /// Before the run: jumps simulated time to `seconds`.
    fn jump_to(&self, seconds: f64) {
        self.offset.store(seconds.to_bits(), Ordering::SeqCst);
    }

    /// Simulated time passes as real time does, as if it had since `since`: the time the
    /// filling took is not lost, so Connect's clock stays the wall clock.
    fn run_since(&self, since: Instant) {
        *self.started.lock().unwrap_or_else(PoisonError::into_inner) = Some(since);
    }
}

/// The simulated account's queue, filled with `customers` widget customers and about as many
/// callers, and running in real time; the customers' contact IDs, front of the queue first.
pub fn fill(customers: usize, seed: u64) -> (Arc<Simulator>, BenchClock, Vec<String>) {
    // Arrivals match service (20 a minute): half of them callers, half widget customers.
    let per_minute = 60.0 / HANDLE_SECONDS * f64::from(AGENTS);
    let config = QueueConfig {
        agents: AGENTS,
        mean_handle_seconds: HANDLE_SECONDS,
        arrivals_per_minute: per_minute / 2.0,
        initial_queue: 0,
        mean_patience_seconds: Some(CALLER_PATIENCE_SECONDS),
        forget_after_seconds: 3600.0,
        seed,
        ..QueueConfig::default()
    };
    let clock = BenchClock::default();
    let read = clock.clone();
    // As many callers arrive while the customers join, one customer every two arrivals' time.
    let every = 60.0 / (per_minute / 2.0);
    let prefill = every * customers as f64;
    // The filling happens in the past: once running, Connect's clock is the wall clock, as
    // the proxy's is (the times in events and answers compare with the proxy's own).
    let created = Instant::now();
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64());
    let epoch = wall - prefill;
    let simulator = Arc::new(Simulator::with_clock(config, epoch, move || read.read()));
    simulator.update(|queue| queue.occupy_agents_until(prefill));
    let mut ids = Vec::with_capacity(customers);
    for n in 0..customers {
        clock.jump_to(every * n as f64);
        ids.push(simulator.join());
    }
    clock.jump_to(prefill);
    clock.run_since(created);
    (simulator, clock, ids)
}
