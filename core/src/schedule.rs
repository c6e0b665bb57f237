//! When to poll next: a pure function of what the widget knows, so thousands of widgets spread
//! their load, speed up near the front, slow down for long waits, and obey the proxy's hints.

use crate::metrics::Snapshot;

/// Near the front (position ≤ this), poll at half the interval.
pub const NEAR_FRONT: u32 = 3;
/// Near the front no delay, jitter included, is below this, unless the configured interval
/// itself is shorter; then no delay is below the configured interval.
pub const NEAR_FRONT_FLOOR_MS: u32 = 3_000;
/// Above this estimate the wait is long: poll every [`LONG_WAIT_INTERVAL_MS`].
pub const LONG_WAIT_SECONDS: u32 = 20 * 60;
pub const LONG_WAIT_INTERVAL_MS: u32 = 30_000;
/// ±20%: widgets opened together drift apart instead of polling in step.
pub const JITTER_PERCENT: u32 = 20;
/// No request sooner than this after the last answer, whatever the jitter drew or the server
/// hinted: a `Retry-After: 0` from a gateway must not turn a widget into a retry storm.
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
        return hinted(seconds);
    }
    let (base, floor) = match snapshot {
        Some(s) if s.position <= NEAR_FRONT => {
            let floor = interval_ms.min(NEAR_FRONT_FLOOR_MS);
            ((interval_ms / 2).max(floor), floor)
        }
        Some(Snapshot {
            ewt_seconds: Some(ewt),
            ..
        }) if ewt > LONG_WAIT_SECONDS => (interval_ms.max(LONG_WAIT_INTERVAL_MS), 0),
        _ => (interval_ms, 0),
    };
    let jittered = jitter(base, random).max(floor).max(MIN_RETRY_MS);
    match hints.max_age {
        Some(seconds) => jittered.max(seconds.saturating_mul(1000)),
        None => jittered,
    }
}

/// A server's `Retry-After`, obeyed but never below [`MIN_RETRY_MS`].
fn hinted(seconds: u32) -> u32 {
    seconds.saturating_mul(1000).max(MIN_RETRY_MS)
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
        return hinted(seconds);
    }
    let doublings = failures.saturating_sub(1).min(16);
    let ceiling = interval_ms.saturating_mul(1 << doublings).min(cap_ms);
    scale(ceiling, random).max(MIN_RETRY_MS)
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
    // Non-negative and at most 1.2 × a u32, saturating back into range.
    crate::round::nearest(f64::from(ms) * factor.max(0.0))
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

    #[test]
    fn no_hint_brings_a_delay_under_one_second() {
        let zero = Hints {
            retry_after: Some(0),
            max_age: None,
        };
        assert_eq!(
            after_success(10_000, at(1, Some(5)), zero, 0.0),
            MIN_RETRY_MS
        );
        assert_eq!(after_failure(10_000, 1, 60_000, Some(0), 0.0), MIN_RETRY_MS);
        let zero_age = Hints {
            retry_after: None,
            max_age: Some(0),
        };
        assert!(after_success(1_000, at(1, None), zero_age, 0.0) >= MIN_RETRY_MS);
    }

    /// Every `poll-seconds` the settings accept (1 to 3600, fractions included), every jitter
    /// draw: what the README promises about minimum delays holds.
    #[test]
    fn the_promised_minimums_hold_for_every_accepted_interval() {
        let intervals = (1_000..=20_000)
            .step_by(250)
            .chain([30_000, 60_000, 600_000, 3_600_000]);
        for interval in intervals {
            for draw in 0..=20 {
                let random = f64::from(draw) / 20.0 - 1e-9 * f64::from(draw / 20);
                for position in [1, 2, 3] {
                    let delay =
                        after_success(interval, at(position, Some(60)), Hints::default(), random);
                    assert!(
                        delay >= interval.min(NEAR_FRONT_FLOOR_MS),
                        "near the front: {delay} ms for poll {interval} ms"
                    );
                }
                for snapshot in [None, at(8, None), at(40, Some(5_000))] {
                    let delay = after_success(interval, snapshot, Hints::default(), random);
                    assert!(delay >= MIN_RETRY_MS, "{delay} ms for poll {interval} ms");
                }
                for failures in 1..8 {
                    let delay = after_failure(interval, failures, 60_000, None, random);
                    assert!(
                        delay >= MIN_RETRY_MS,
                        "{delay} ms after {failures} failures"
                    );
                }
            }
        }
    }
}
