//! What a budget is configured with, and what it counts.

use std::time::Duration;

use super::limiter;
use crate::store::BucketParams;

/// The shared buckets' parameters for an account rate and burst: part of the burst held back
/// for jitter, as the local buckets do (`limiter::usable_burst`).
pub fn bucket_params(rate: f64, burst: u32) -> BucketParams {
    BucketParams {
        rate,
        burst: limiter::usable_burst(rate, burst),
        recovery: limiter::RECOVERY,
        // Idle for longer than a burst takes to refill: dropped, and back empty when next used.
        ttl: std::time::Duration::from_secs(600),
    }
}

/// Connect's default quota for `GetContactMetrics`: calls per second for the whole account.
pub const CONNECT_QUOTA_RATE: f64 = 2.0;
/// Connect's default quota's burst: calls allowed at once.
pub const CONNECT_QUOTA_BURST: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetConfig {
    /// Connect calls per second for the whole account (default [`CONNECT_QUOTA_RATE`]).
    pub rate: f64,
    /// Calls allowed at once (default [`CONNECT_QUOTA_BURST`]).
    pub burst: u32,
    /// How long a request with cached data waits for a fresher answer before taking the cache.
    pub wait_for_fresh: Duration,
    /// How long a request for a contact never fetched waits before answering "throttled".
    pub wait_for_first: Duration,
    /// A contact nobody asked about for this long is dropped.
    pub forget_after: Duration,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        Self {
            rate: CONNECT_QUOTA_RATE,
            burst: CONNECT_QUOTA_BURST,
            wait_for_fresh: Duration::from_millis(1500),
            wait_for_first: Duration::from_secs(5),
            forget_after: Duration::from_secs(120),
        }
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetStats {
    /// `GetContactMetrics` calls this replica made.
    pub connect_calls: u64,
    pub connect_throttles: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    /// Refreshes answered by another replica's call, through the shared store.
    pub shared_cache_hits: u64,
    pub tracked_contacts: u64,
    /// Times the refresher woke and looked for work: on an idle proxy it should not.
    pub refresher_wakeups: u64,
    /// Planned fetches that brought nothing (the shared budget spent, the store failing).
    pub fetches_skipped: u64,
}

/// Upper bounds, in seconds, of the served data age histogram's buckets: around the freshness
/// targets (2, 5, 10, 15 s).
pub const AGE_BUCKETS: [f64; 8] = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0];
