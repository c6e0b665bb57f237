//! Connect's account quota: calls per second with a burst, shared by every caller in the account.
//! Every signed call spends it, valid or not; beyond it Connect answers `ThrottlingException`.
//!
//! Hand-written rather than `governor`: the model takes the time as an argument, as the queue
//! does, so tests step it exactly; governor reads a clock of its own (a fake one for tests),
//! wants its rate as a nonzero period and burst, and brings a dependency tree, for what is a
//! dozen lines here.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Quota {
    /// Calls per second for the whole simulated account.
    pub rate: f64,
    pub burst: u32,
}

impl Default for Quota {
    /// Connect's default for most operations.
    fn default() -> Self {
        Self {
            rate: 2.0,
            burst: 5,
        }
    }
}

/// Below one call in about 30 years a rate is as good as none; keeping it positive keeps a
/// call's cost a finite `Duration` (and a zero or NaN rate means "no refill", not a panic).
const SLOWEST_RATE: f64 = 1e-9;

/// A [`Quota`] kept as a debt rather than a count of tokens (the generic cell rate algorithm):
/// each call pushes `paid_until` one call's cost further; a call is refused when that would put
/// the account more than its burst ahead of now. Starts with the whole burst available.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    origin: Instant,
    /// Time since `origin` at which every call so far is paid back.
    paid_until: Duration,
    /// One call's share of time: `1 / rate`.
    cost: Duration,
    /// How far ahead of now the account may run: the burst, less the call being made.
    slack: Duration,
}

impl TokenBucket {
    pub fn new(quota: Quota, now: Instant) -> Self {
        let cost = Duration::from_secs_f64(1.0 / quota.rate.max(SLOWEST_RATE));
        Self {
            origin: now,
            paid_until: Duration::ZERO,
            cost,
            slack: cost.saturating_mul(quota.burst.max(1) - 1),
        }
    }

    /// Spends one call of the quota at `now`, if the quota has one.
    pub fn try_take(&mut self, now: Instant) -> bool {
        let now = now.saturating_duration_since(self.origin);
        let start = self.paid_until.max(now);
        if start - now > self.slack {
            return false;
        }
        self.paid_until = start.saturating_add(self.cost);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(bucket: &mut TokenBucket, at: Instant, calls: usize) -> usize {
        (0..calls).filter(|_| bucket.try_take(at)).count()
    }

    #[test]
    fn the_burst_at_once_then_the_rate() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(Quota::default(), t0);
        assert_eq!(granted(&mut bucket, t0, 10), 5);
        assert!(!bucket.try_take(t0 + Duration::from_millis(499)));
        assert!(bucket.try_take(t0 + Duration::from_millis(500)));
        // A quiet minute refills the burst, no more.
        assert_eq!(granted(&mut bucket, t0 + Duration::from_secs(60), 10), 5);
    }

    #[test]
    fn over_a_minute_rate_times_time_plus_burst() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(Quota::default(), t0);
        let calls = (0..60_000u64)
            .filter(|ms| bucket.try_take(t0 + Duration::from_millis(*ms)))
            .count();
        // The burst, then one every 0.5 s from 0.5 s to 59.5 s.
        assert_eq!(calls, 5 + 119);
    }

    #[test]
    fn fractional_and_degenerate_rates() {
        let t0 = Instant::now();
        let mut slow = TokenBucket::new(
            Quota {
                rate: 0.5,
                burst: 2,
            },
            t0,
        );
        assert_eq!(granted(&mut slow, t0, 3), 2);
        assert!(slow.try_take(t0 + Duration::from_secs(2)));
        for rate in [0.0, -1.0, f64::NAN] {
            let mut none = TokenBucket::new(Quota { rate, burst: 3 }, t0);
            assert_eq!(granted(&mut none, t0, 5), 3, "{rate}");
            assert!(!none.try_take(t0 + Duration::from_secs(86_400)), "{rate}");
        }
    }

    #[test]
    fn a_clock_read_out_of_order_costs_nothing_extra() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            Quota {
                rate: 1.0,
                burst: 1,
            },
            t0 + Duration::from_secs(1),
        );
        assert!(bucket.try_take(t0));
        assert!(!bucket.try_take(t0));
        assert!(bucket.try_take(t0 + Duration::from_secs(2)));
    }
}
