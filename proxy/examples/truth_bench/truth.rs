//! What the customers saw against the truth: once a second, each customer's shown position
//! against the simulator's own `GetContactMetrics` position for that contact at that moment,
//! by band of the true position.

use std::sync::Arc;
use std::time::Duration;

use waitline_simulator::connect::{ContactStatus, Simulator};

use crate::widgets::Shown;

/// The bands of the true position the figures are given by.
pub const BANDS: [(u32, u32, &str); 5] = [
    (1, 3, "1-3"),
    (4, 10, "4-10"),
    (11, 50, "11-50"),
    (51, 200, "51-200"),
    (201, u32::MAX, "201+"),
];

/// Customer-seconds in one band (or all of them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Customer-seconds in queue.
    pub seconds: u64,
    /// ... showing no position at all.
    pub blank: u64,
    pub exact: u64,
    pub within_one: u64,
    /// Showing fewer people ahead than Connect says, by more than one.
    pub optimistic: u64,
    /// Sum of |shown - true| where something was shown.
    pub error_sum: u64,
}

impl Tally {
    fn add(&mut self, shown: Option<u32>, truth: u32) {
        self.seconds += 1;
        let Some(shown) = shown else {
            self.blank += 1;
            return;
        };
        let error = shown.abs_diff(truth);
        self.exact += u64::from(error == 0);
        self.within_one += u64::from(error <= 1);
        self.optimistic += u64::from(shown + 1 < truth);
        self.error_sum += u64::from(error);
    }

    pub fn merge(&mut self, other: &Self) {
        self.seconds += other.seconds;
        self.blank += other.blank;
        self.exact += other.exact;
        self.within_one += other.within_one;
        self.optimistic += other.optimistic;
        self.error_sum += other.error_sum;
    }

    pub fn share(&self, count: u64) -> f64 {
        if self.seconds == 0 {
            0.0
        } else {
            100.0 * count as f64 / self.seconds as f64
        }
    }

    pub fn mean_error(&self) -> f64 {
        let shown = self.seconds - self.blank;
        if shown == 0 {
            0.0
        } else {
            self.error_sum as f64 / shown as f64
        }
    }
}

/// One customer as the sampler sees it.
pub struct Watched {
    pub contact: String,
    pub shown: Arc<Shown>,
    /// The replica its widget asks.
    pub replica: usize,
    /// The widget's task.
    pub widget: tokio::task::AbortHandle,
}

/// With `TRUTH_BENCH_TRACE` set, each customer's first optimistic sample is printed with how
/// the replica it asks made up its place.
pub type Explain = Box<dyn Fn(usize, &str) -> String + Send + Sync>;

/// Samples every `watched` customer once a second for `duration`; the tallies per band.
pub async fn sample(
    simulator: &Simulator,
    watched: &std::sync::Mutex<Vec<Watched>>,
    duration: Duration,
    explain: &Explain,
) -> [Tally; 5] {
    let trace = std::env::var_os("TRUTH_BENCH_TRACE").is_some();
    let mut traced = std::collections::HashSet::new();
    let mut tallies = [Tally::default(); 5];
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let started = tokio::time::Instant::now();
    while started.elapsed() < duration {
        tick.tick().await;
        let customers = watched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for customer in customers.iter() {
            let Some(ContactStatus::Queued { position, .. }) = simulator.status(&customer.contact)
            else {
                continue;
            };
            // A widget that stopped while its contact still waits shows nothing true.
            let shown = customer.shown.position().filter(|_| !customer.shown.done());
            let band = BANDS
                .iter()
                .position(|&(low, high, _)| (low..=high).contains(&position))
                .unwrap_or(BANDS.len() - 1);
            tallies[band].add(shown, position);
            if trace
                && shown.is_some_and(|shown| shown + 1 < position)
                && traced.insert(customer.contact.clone())
            {
                let explained = explain(customer.replica, &customer.contact);
                // The front's true position now, to compare with its last answer.
                let front_truth = explained
                    .split("front Some(\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .and_then(|front| simulator.status(front));
                println!(
                    "optimistic: {} shows {shown:?}, Connect says {position}, replica {}: {explained}; front now {front_truth:?}",
                    customer.contact, customer.replica,
                );
            }
        }
    }
    tallies
}
