//! The estimate between refreshes: it counts down locally, and it does not bounce. Small upward
//! revisions are held back (the countdown continues), a large one is shown; good news (a lower
//! estimate) is shown at once.

/// An upward revision smaller than this many seconds, or than [`HOLD_RATIO_PERCENT`] percent
/// of the current estimate (whichever is larger), is held back.
pub const HOLD_SECONDS: u32 = 60;
pub const HOLD_RATIO_PERCENT: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Countdown {
    /// Estimate in seconds at `at_ms`.
    base: Option<(u32, u64)>,
}

impl Countdown {
    /// Seconds left now, counting down from the last accepted estimate (never below zero).
    pub fn remaining(&self, now_ms: u64) -> Option<u32> {
        let (seconds, at_ms) = self.base?;
        let elapsed = u32::try_from(now_ms.saturating_sub(at_ms) / 1000).unwrap_or(u32::MAX);
        Some(seconds.saturating_sub(elapsed))
    }

    /// Takes a fresh estimate from Connect; returns the value shown from now on.
    pub fn revise(&mut self, estimate: Option<u32>, now_ms: u64) -> Option<u32> {
        let Some(estimate) = estimate else {
            self.base = None;
            return None;
        };
        match self.remaining(now_ms) {
            Some(current) if estimate > current => {
                let allowance = HOLD_SECONDS.max(current * HOLD_RATIO_PERCENT / 100);
                if estimate - current > allowance {
                    self.base = Some((estimate, now_ms));
                }
            }
            _ => self.base = Some((estimate, now_ms)),
        }
        self.remaining(now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_between_refreshes() {
        let mut countdown = Countdown::default();
        assert_eq!(countdown.remaining(0), None);
        assert_eq!(countdown.revise(Some(300), 1_000), Some(300));
        assert_eq!(countdown.remaining(31_000), Some(270));
        assert_eq!(countdown.remaining(10_000_000), Some(0));
    }

    #[test]
    fn small_upward_revisions_are_held_back() {
        let mut countdown = Countdown::default();
        countdown.revise(Some(300), 0);
        // 30 s later the countdown says 270; Connect says 300: held, the countdown goes on.
        assert_eq!(countdown.revise(Some(300), 30_000), Some(270));
        assert_eq!(countdown.remaining(40_000), Some(260));
    }

    #[test]
    fn large_jumps_and_good_news_are_shown() {
        let mut countdown = Countdown::default();
        countdown.revise(Some(300), 0);
        assert_eq!(countdown.revise(Some(600), 10_000), Some(600));
        assert_eq!(countdown.revise(Some(120), 20_000), Some(120));
    }

    #[test]
    fn the_allowance_grows_with_the_wait() {
        let mut countdown = Countdown::default();
        countdown.revise(Some(1800), 0);
        // 20% of 1800 is 360: a 300 s rise is held, a 400 s rise is shown.
        assert_eq!(countdown.revise(Some(2100), 0), Some(1800));
        assert_eq!(countdown.revise(Some(2200), 0), Some(2200));
    }

    #[test]
    fn held_drift_is_bounded() {
        // Connect keeps saying 300 while the countdown runs: it is held until the gap exceeds
        // the allowance, then jumps back, so the shown value is never more than 60 s optimistic.
        let mut countdown = Countdown::default();
        let mut shown = vec![];
        for poll in 0..12u64 {
            shown.push(countdown.revise(Some(300), poll * 10_000).unwrap());
        }
        assert!(shown.iter().all(|&s| 300 - s <= HOLD_SECONDS), "{shown:?}");
        assert!(
            shown.contains(&240) && shown.iter().filter(|&&s| s == 300).count() >= 2,
            "{shown:?}"
        );
    }

    #[test]
    fn a_missing_estimate_clears_it() {
        let mut countdown = Countdown::default();
        countdown.revise(Some(300), 0);
        assert_eq!(countdown.revise(None, 1000), None);
        assert_eq!(countdown.remaining(2000), None);
    }
}
