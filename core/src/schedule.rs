//! When to poll next: a pure function of what the widget knows, so thousands of widgets spread
//! their load, speed up near the front, slow down for long waits, and obey the proxy's hints.

use crate::metrics::Snapshot;

/// Near the front (position ≤ this), poll at half the interval.
pub const NEAR_FRONT: u32 = 3;
/// Halving never goes below this (unless the configured interval itself is shorter).
pub const NEAR_FRONT_FLOOR_MS: u32 = 3_000;
/// Above this estimate the wait is long: poll every [`LONG_WAIT_INTERVAL_MS`].
pub const LONG_WAIT_SECONDS: u32 = 20 * 60;
pub const LONG_WAIT_INTERVAL_MS: u32 = 30_000;
/// ±20%: widgets opened together drift apart instead of polling in step.
pub const JITTER_PERCENT: u32 = 20;
/// No retry sooner than this, whatever the jitter drew.
pub const MIN_RETRY_MS: u32 = 1_000;

/// What the proxy said about the next request, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints {
    /// `Retry-After`: wins over everything.
    pub retry_after: Option<u32>,
    /// `Cache-Control: max-age` on a success: the data cannot change sooner.
    pub max_age: Option<u32>,
}

/// The delay after a successful poll. `random` is uniform in [0, 1).
pub fn after_success(
    interval_ms: u32,
    snapshot: Option<Snapshot>,
    hints: Hints,
    random: f64,
) -> u32 {
    if let Some(seconds) = hints.retry_after {
        return seconds.saturating_mul(1000);
    }
    let base = match snapshot {
        Some(s) if s.position <= NEAR_FRONT => {
            interval_ms.min((interval_ms / 2).max(NEAR_FRONT_FLOOR_MS))
        }
        Some(Snapshot {
            ewt_seconds: Some(ewt),
            ..
        }) if ewt > LONG_WAIT_SECONDS => interval_ms.max(LONG_WAIT_INTERVAL_MS),
        _ => interval_ms,
    };
    let jittered = jitter(base, random);
    match hints.max_age {
        Some(seconds) => jittered.max(seconds.saturating_mul(1000)),
        None => jittered,
    }
}

/// The delay after the `failures`-th failure in a row: exponential backoff with full jitter
/// (a uniform draw up to the exponential ceiling), capped; `Retry-After` wins.
pub fn after_failure(
    interval_ms: u32,
    failures: u32,
    cap_ms: u32,
    retry_after: Option<u32>,
    random: f64,
) -> u32 {
    if let Some(seconds) = retry_after {
        return seconds.saturating_mul(1000);
    }
    let doublings = failures.saturating_sub(1).min(16);
    let ceiling = interval_ms.saturating_mul(1 << doublings).min(cap_ms);
    scale(ceiling, random).max(MIN_RETRY_MS.min(ceiling))
}

fn jitter(base_ms: u32, random: f64) -> u32 {
    // base × (0.8 + 0.4 × random)
    let spread = f64::from(JITTER_PERCENT) / 100.0;
    scale(
        base_ms,
        (1.0 - spread) + 2.0 * spread * random.clamp(0.0, 1.0),
    )
}

fn scale(ms: u32, factor: f64) -> u32 {
    // Non-negative and at most 1.2 × a u32, clamped back into range.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let scaled = (f64::from(ms) * factor.max(0.0))
        .round()
        .min(f64::from(u32::MAX)) as u32;
    scaled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(position: u32, ewt: Option<u32>) -> Option<Snapshot> {
        Some(Snapshot {
            position,
            ewt_seconds: ewt,
        })
    }

    const MID: f64 = 0.5; // no jitter

    #[test]
    fn the_base_interval_with_no_special_case() {
        assert_eq!(
            after_success(10_000, at(8, Some(600)), Hints::default(), MID),
            10_000
        );
        assert_eq!(after_success(10_000, None, Hints::default(), MID), 10_000);
    }

    #[test]
    fn faster_near_the_front_with_a_floor() {
        assert_eq!(
            after_success(10_000, at(3, Some(60)), Hints::default(), MID),
            5_000
        );
        assert_eq!(
            after_success(4_000, at(1, None), Hints::default(), MID),
            3_000
        );
        // A configured interval already shorter than the floor is kept, never lengthened.
        assert_eq!(
            after_success(2_000, at(1, None), Hints::default(), MID),
            2_000
        );
    }

    #[test]
    fn slower_for_long_waits() {
        assert_eq!(
            after_success(10_000, at(40, Some(1201)), Hints::default(), MID),
            30_000
        );
        assert_eq!(
            after_success(10_000, at(40, Some(1200)), Hints::default(), MID),
            10_000
        );
        assert_eq!(
            after_success(60_000, at(40, Some(5000)), Hints::default(), MID),
            60_000
        );
    }

    #[test]
    fn jitter_spreads_twenty_percent_either_way() {
        assert_eq!(after_success(10_000, None, Hints::default(), 0.0), 8_000);
        assert_eq!(
            after_success(10_000, None, Hints::default(), 0.999_999),
            12_000
        );
        let draws: Vec<u32> = (0..100)
            .map(|i| after_success(10_000, None, Hints::default(), f64::from(i) / 100.0))
            .collect();
        assert!(draws.iter().all(|d| (8_000..=12_000).contains(d)));
    }

    #[test]
    fn hints_win() {
        let retry = Hints {
            retry_after: Some(7),
            max_age: Some(60),
        };
        assert_eq!(after_success(10_000, at(1, Some(10)), retry, 0.0), 7_000);
        let max_age = Hints {
            retry_after: None,
            max_age: Some(25),
        };
        assert_eq!(
            after_success(10_000, at(8, Some(300)), max_age, 0.0),
            25_000
        );
        let short_max_age = Hints {
            retry_after: None,
            max_age: Some(2),
        };
        assert_eq!(
            after_success(10_000, at(8, Some(300)), short_max_age, MID),
            10_000
        );
    }

    #[test]
    fn backoff_is_exponential_with_full_jitter_and_a_cap() {
        let ceiling = |failures| after_failure(10_000, failures, 60_000, None, 0.999_999);
        assert_eq!(
            [1, 2, 3, 4, 10].map(ceiling),
            [10_000, 20_000, 40_000, 60_000, 60_000]
        );
        assert_eq!(after_failure(10_000, 3, 60_000, None, 0.5), 20_000);
        assert_eq!(
            after_failure(10_000, 3, 60_000, None, 0.0),
            MIN_RETRY_MS,
            "never an immediate retry"
        );
        assert_eq!(after_failure(10_000, 3, 60_000, Some(45), 0.0), 45_000);
    }
}
