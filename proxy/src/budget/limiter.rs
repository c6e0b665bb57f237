//! The account-wide budget for Connect calls: a token bucket (default 2 calls/s, burst 5, as
//! Connect's default quota) that halves its rate when Connect throttles and climbs back
//! gradually. Pure: time is passed in, so tests control it.
//!
//! Hand-written rather than governor (which limits per client, `clients/limits.rs`): governor's
//! quota is fixed once built, and this one changes its own rate with what Connect answers.

use std::time::{Duration, Instant};

/// A token bucket whose rate adapts to Connect: halved on a throttle, climbing back gradually,
/// never below `FLOOR_SHARE` of the configured rate.
#[derive(Debug, Clone)]
pub struct AdaptiveBucket {
    /// The rate and burst this bucket was made with: its share of them is what it runs at.
    full_rate: f64,
    full_burst: f64,
    configured: f64,
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

/// How late a call may reach Connect after its token was taken and still not count against
/// the next ones: calls travel through a runtime, a network and, with replicas, several of both.
const JITTER: f64 = 0.05;

/// The part of the account's burst this proxy spends, the rest held back for jitter: Connect
/// counts calls when they arrive, and calls arriving a little bunched after the whole burst
/// was spent would trip its limiter (and halve the rate). Held back: one call, or the calls
/// that come due in 50 ms if that is more, down to a burst of one. One call alone is not
/// enough at high rates: at 2/s it is 500 ms of margin, but at 100/s only 10 ms, less than
/// calls are bunched by a runtime, a network and replicas.
pub fn usable_burst(rate: f64, burst: u32) -> u32 {
    // Whole calls due in the window, rounded up; a rate is at most 10,000/s (config).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let late = (rate * JITTER).ceil().max(1.0) as u32;
    burst.saturating_sub(late).max(1)
}

/// The rate never falls below this share of the configured one.
pub const FLOOR_SHARE: f64 = 0.05;
/// After a throttle the rate recovers to the configured one in about this long.
pub const RECOVERY: Duration = Duration::from_secs(20);

impl AdaptiveBucket {
    /// `rate` calls per second, at most `burst` at once. Starts full.
    pub fn new(rate: f64, burst: u32, now: Instant) -> Self {
        let burst = f64::from(burst.max(1));
        Self {
            full_rate: rate,
            full_burst: burst,
            configured: rate,
            rate,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// A bucket for the account's quota of `rate` calls/s and `burst`, of which it spends
    /// `usable_burst`: the rest is held back for jitter. Starts full.
    pub fn for_account(rate: f64, burst: u32, now: Instant) -> Self {
        Self::new(rate, usable_burst(rate, burst), now)
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = self.last.max(now);
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        self.rate =
            (self.rate + elapsed * self.configured / RECOVERY.as_secs_f64()).min(self.configured);
    }

    /// Takes a token if one is there.
    pub fn try_take(&mut self, now: Instant) -> bool {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until a token is there; `Duration::MAX` for a rate too small to say.
    pub fn wait(&mut self, now: Instant) -> Duration {
        self.refill(now);
        if self.tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::try_from_secs_f64((1.0 - self.tokens) / self.rate).unwrap_or(Duration::MAX)
        }
    }

    /// Connect said `ThrottlingException`: something else in the account is using the quota.
    pub fn throttled(&mut self, now: Instant) {
        self.refill(now);
        self.rate = (self.rate / 2.0).max(self.configured * FLOOR_SHARE);
        self.tokens = 0.0;
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Runs at `share` (0 to 1) of the rate and burst it was made with: a replica's part of an
    /// account budget it cannot coordinate through the store. At least one call of burst, so a
    /// share still makes calls; a share of 0 makes none. `empty` drops the tokens held: calls
    /// the replicas just made together may have used them (see `store/mod.rs`).
    pub fn set_share(&mut self, share: f64, empty: bool, now: Instant) {
        self.refill(now);
        let share = share.clamp(0.0, 1.0);
        self.configured = self.full_rate * share;
        // A new share starts at its rate: a throttle's slow-down belonged to the old one.
        self.rate = self.configured;
        self.burst = (self.full_burst * share).floor().max(1.0);
        self.tokens = if empty {
            0.0
        } else {
            self.tokens.min(self.burst)
        };
    }

    /// Gives back a token taken for a call that was not made (another replica's answer served).
    pub fn refund(&mut self, now: Instant) {
        self.refill(now);
        self.tokens = (self.tokens + 1.0).min(self.burst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_burst_held_back_is_one_call_or_50_ms_of_calls() {
        assert_eq!(usable_burst(2.0, 5), 4, "one call: 500 ms of margin");
        assert_eq!(usable_burst(20.0, 5), 4, "one call: 50 ms");
        assert_eq!(usable_burst(40.0, 5), 3, "two calls: 50 ms");
        assert_eq!(usable_burst(100.0, 5), 1, "never below one");
        assert_eq!(usable_burst(2.0, 1), 1);
    }

    #[test]
    fn a_burst_then_the_rate() {
        let start = Instant::now();
        let mut bucket = AdaptiveBucket::new(2.0, 5, start);
        assert_eq!((0..10).filter(|_| bucket.try_take(start)).count(), 5);
        assert_eq!(bucket.wait(start), Duration::from_millis(500));
        // Over the next 10 s: exactly 20 more.
        let granted = (1..=1000)
            .filter(|i| bucket.try_take(start + Duration::from_millis(i * 10)))
            .count();
        assert_eq!(granted, 20);
    }

    #[test]
    fn never_more_than_rate_times_time_plus_burst() {
        let start = Instant::now();
        let mut bucket = AdaptiveBucket::new(2.0, 5, start);
        let mut granted = 0;
        for ms in 0..60_000u64 {
            if bucket.try_take(start + Duration::from_millis(ms)) {
                granted += 1;
            }
        }
        assert!(granted <= 2 * 60 + 5, "{granted}");
        assert!(granted >= 2 * 60, "{granted}");
    }

    #[test]
    fn a_vanishing_rate_waits_forever_instead_of_panicking() {
        let start = Instant::now();
        let mut bucket = AdaptiveBucket::new(1e-300, 1, start);
        assert!(bucket.try_take(start));
        assert_eq!(bucket.wait(start), Duration::MAX);
    }

    #[test]
    fn a_share_runs_at_its_part_of_the_rate_and_burst() {
        let start = Instant::now();
        let mut bucket = AdaptiveBucket::new(2.0, 4, start);
        // A third of 2/s, burst 4: 0.67/s and one call at once, starting with none.
        bucket.set_share(1.0 / 3.0, true, start);
        assert!(!bucket.try_take(start));
        let granted = (1..=60_000u64)
            .filter(|ms| bucket.try_take(start + Duration::from_millis(*ms)))
            .count();
        assert!((39..=41).contains(&granted), "{granted} in 60 s");
        // Back to the whole: the whole burst again, filled at the whole rate.
        let later = start + Duration::from_secs(61);
        bucket.set_share(1.0, false, later);
        let refilled = later + Duration::from_secs(2);
        assert_eq!((0..10).filter(|_| bucket.try_take(refilled)).count(), 4);
        // A share of nothing: no call, ever, and no panic saying when.
        bucket.set_share(0.0, true, refilled);
        assert!(!bucket.try_take(refilled + Duration::from_secs(3600)));
        assert_eq!(bucket.wait(refilled), Duration::MAX);
    }

    #[test]
    fn a_refund_gives_back_one_token_within_the_burst() {
        let start = Instant::now();
        let mut bucket = AdaptiveBucket::new(1.0, 2, start);
        assert!(bucket.try_take(start) && bucket.try_take(start));
        bucket.refund(start);
        assert!(bucket.try_take(start));
        assert!(!bucket.try_take(start));
        bucket.refund(start);
        bucket.refund(start);
        bucket.refund(start);
        assert_eq!((0..5).filter(|_| bucket.try_take(start)).count(), 2);
    }

    #[test]
    fn throttling_halves_the_rate_and_it_recovers() {
        let start = Instant::now();
        let mut bucket = AdaptiveBucket::new(2.0, 5, start);
        bucket.throttled(start);
        assert!((bucket.rate() - 1.0).abs() < 1e-9);
        bucket.throttled(start);
        assert!((bucket.rate() - 0.5).abs() < 1e-9);
        for _ in 0..10 {
            bucket.throttled(start);
        }
        assert!(
            (bucket.rate() - 0.1).abs() < 1e-9,
            "floor at 5%: {}",
            bucket.rate()
        );
        bucket.wait(start + Duration::from_secs(30));
        assert!(
            (bucket.rate() - 2.0).abs() < 1e-9,
            "recovered: {}",
            bucket.rate()
        );
    }
}
