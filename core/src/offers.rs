//! When to offer a callback or self-service: once the wait passes a threshold, and kept until
//! it falls clearly below it, so an offer never flickers in and out.

use crate::metrics::Snapshot;
use crate::prelude::*;

/// An offer's trigger: a long estimated wait or a far position. Off when neither is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Threshold {
    pub after_seconds: Option<u32>,
    pub after_position: Option<u32>,
}

/// Once shown, an offer is withdrawn only when every configured measure is below this share
/// of its threshold.
pub const RELEASE_PERCENT: u32 = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferKind {
    Callback,
    SelfService,
    /// "Notify me when I'm next" (`notifyNext`): no threshold, see [`crate::notify`].
    Notify,
}

impl Threshold {
    pub fn is_configured(&self) -> bool {
        self.after_seconds.is_some() || self.after_position.is_some()
    }

    fn reached(&self, snapshot: &Snapshot, percent: u32) -> bool {
        let scaled = |threshold: u32| u64::from(threshold) * u64::from(percent) / 100;
        let by_wait = matches!((self.after_seconds, snapshot.ewt_seconds), (Some(t), Some(ewt)) if u64::from(ewt) >= scaled(t));
        let by_position = self
            .after_position
            .is_some_and(|t| u64::from(snapshot.position) >= scaled(t));
        by_wait || by_position
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offers {
    pub callback: Threshold,
    pub self_service: Threshold,
    callback_shown: bool,
    self_service_shown: bool,
}

impl Offers {
    pub fn new(callback: Threshold, self_service: Threshold) -> Self {
        Self {
            callback,
            self_service,
            ..Self::default()
        }
    }

    /// Re-evaluates both offers; returns the offers that just appeared.
    pub fn update(&mut self, snapshot: &Snapshot) -> Vec<OfferKind> {
        let mut appeared = Vec::new();
        if step(&mut self.callback_shown, &self.callback, snapshot) {
            appeared.push(OfferKind::Callback);
        }
        if step(&mut self.self_service_shown, &self.self_service, snapshot) {
            appeared.push(OfferKind::SelfService);
        }
        appeared
    }

    /// Withdraws both (the contact left the queue).
    pub fn clear(&mut self) {
        self.callback_shown = false;
        self.self_service_shown = false;
    }

    pub fn shown(&self) -> (bool, bool) {
        (self.callback_shown, self.self_service_shown)
    }
}

/// Returns true when the offer appears now.
fn step(shown: &mut bool, threshold: &Threshold, snapshot: &Snapshot) -> bool {
    let before = *shown;
    *shown = if before {
        threshold.reached(snapshot, RELEASE_PERCENT)
    } else {
        threshold.reached(snapshot, 100)
    };
    *shown && !before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(position: u32, ewt: Option<u32>) -> Snapshot {
        Snapshot {
            position,
            ewt_seconds: ewt,
        }
    }

    #[test]
    fn off_unless_configured() {
        let mut offers = Offers::default();
        assert!(offers.update(&at(500, Some(100_000))).is_empty());
        assert_eq!(offers.shown(), (false, false));
    }

    #[test]
    fn appears_at_the_threshold_by_wait_or_position() {
        let mut offers = Offers::new(
            Threshold {
                after_seconds: Some(600),
                after_position: None,
            },
            Threshold {
                after_seconds: None,
                after_position: Some(10),
            },
        );
        assert!(offers.update(&at(9, Some(599))).is_empty());
        assert_eq!(offers.update(&at(9, Some(600))), vec![OfferKind::Callback]);
        assert_eq!(
            offers.update(&at(10, Some(600))),
            vec![OfferKind::SelfService]
        );
        assert!(
            offers.update(&at(10, Some(600))).is_empty(),
            "already shown: no new event"
        );
        assert_eq!(offers.shown(), (true, true));
    }

    #[test]
    fn stays_until_clearly_below() {
        let mut offers = Offers::new(
            Threshold {
                after_seconds: Some(600),
                after_position: Some(10),
            },
            Threshold::default(),
        );
        offers.update(&at(12, Some(700)));
        // Just under the threshold: still shown (no flicker).
        offers.update(&at(9, Some(550)));
        assert_eq!(offers.shown(), (true, false));
        // Wait clearly below, position not yet: still shown.
        offers.update(&at(8, Some(400)));
        assert_eq!(offers.shown(), (true, false));
        // Both below 80%: withdrawn; and it reappears only at the full threshold.
        offers.update(&at(7, Some(400)));
        assert_eq!(offers.shown(), (false, false));
        assert!(offers.update(&at(9, Some(590))).is_empty());
    }

    #[test]
    fn without_an_estimate_only_position_counts() {
        let mut offers = Offers::new(
            Threshold {
                after_seconds: Some(60),
                after_position: None,
            },
            Threshold::default(),
        );
        assert!(offers.update(&at(50, None)).is_empty());
    }
}
