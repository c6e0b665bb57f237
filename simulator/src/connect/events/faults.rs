//! Faults on purpose: real EventBridge delivers contact events best effort and unordered, so a
//! consumer must survive a lost event and one that comes late. A seeded [`Faults`] drops a
//! fraction of the events and holds back another fraction, delivering each held one after the
//! event that follows it (or on the next flush, if none follows).

/// Fractions from 0 to 1 (values outside are clamped; NaN counts as 0).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Faults {
    /// Events never delivered.
    pub drop: f64,
    /// Events delivered after the next one.
    pub reorder: f64,
    pub seed: u64,
}

/// Applies [`Faults`] to a stream of items, replayably from the seed.
#[derive(Debug)]
pub(super) struct Shuffler<T> {
    drop: f64,
    reorder: f64,
    rng: waitline_core::rng::Rng,
    held: Option<T>,
}

fn fraction(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

impl<T> Shuffler<T> {
    pub(super) fn new(faults: Faults) -> Self {
        Self {
            drop: fraction(faults.drop),
            reorder: fraction(faults.reorder),
            rng: waitline_core::rng::Rng::new(faults.seed),
            held: None,
        }
    }

    /// What to deliver now that `item` came: nothing (dropped or held), it, or it and the one
    /// held before it.
    pub(super) fn pass(&mut self, item: T) -> Passed<T> {
        if self.drop > 0.0 && self.rng.next_f64() < self.drop {
            return Passed::Dropped;
        }
        if self.held.is_none() && self.reorder > 0.0 && self.rng.next_f64() < self.reorder {
            self.held = Some(item);
            return Passed::Held;
        }
        match self.held.take() {
            Some(earlier) => Passed::Swapped(item, earlier),
            None => Passed::Through(item),
        }
    }

    /// The item held back, if any: for when no other comes.
    pub(super) fn flush(&mut self) -> Option<T> {
        self.held.take()
    }

    pub(super) fn holding(&self) -> bool {
        self.held.is_some()
    }
}

#[derive(Debug, PartialEq)]
pub(super) enum Passed<T> {
    Dropped,
    Held,
    Through(T),
    /// The new item, then the one held before it.
    Swapped(T, T),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(faults: Faults, items: u32) -> Vec<u32> {
        let mut shuffler = Shuffler::new(faults);
        let mut out = Vec::new();
        for item in 0..items {
            match shuffler.pass(item) {
                Passed::Dropped | Passed::Held => {}
                Passed::Through(item) => out.push(item),
                Passed::Swapped(item, earlier) => out.extend([item, earlier]),
            }
        }
        out.extend(shuffler.flush());
        out
    }

    #[test]
    fn no_faults_pass_everything_in_order() {
        assert_eq!(run(Faults::default(), 100), (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn drops_and_swaps_come_in_the_fractions_asked_and_replay_from_the_seed() {
        let faults = Faults {
            drop: 0.1,
            reorder: 0.2,
            seed: 3,
        };
        let out = run(faults, 10_000);
        assert_eq!(out, run(faults, 10_000));
        let dropped = 10_000 - out.len();
        assert!((800..=1_200).contains(&dropped), "{dropped} dropped");
        let late = out.windows(2).filter(|pair| pair[0] > pair[1]).count();
        assert!((1_200..=2_400).contains(&late), "{late} late");
        let mut sorted = out.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), out.len(), "nothing delivered twice");
    }

    #[test]
    fn out_of_range_fractions_are_clamped() {
        let everything_dropped = Faults {
            drop: 7.0,
            reorder: f64::NAN,
            seed: 1,
        };
        assert!(run(everything_dropped, 50).is_empty());
    }
}
