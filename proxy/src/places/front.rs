//! The front of a queue, as its frontmost tracked contact's answers show it: each drop in that
//! contact's position between two answers is people who left from ahead of it, so from ahead
//! of everyone behind it too. Kept as steps, each dated by the moment before which none of its
//! departures can have happened, so a customer whose own answer came at `t` is moved up by
//! exactly the steps that began after `t`.
//!
//! When the frontmost contact reaches an agent the next one takes over: its first answer is a
//! new starting point, not a step.

use std::collections::VecDeque;

/// Steps kept; the oldest go first (a customer whose answer is older than the oldest step is
/// moved up by departures only).
const STEPS: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Step {
    /// None of the step's departures happened before this (Connect's clock).
    since: f64,
    /// The drops so far, this step's included. Signed: a contact jumping ahead (a higher
    /// priority) pushes the front back, and everyone behind with it.
    total: i64,
}

#[derive(Debug, Default)]
pub struct Front {
    /// The contact followed, its last position, and when that answer was asked for.
    last: Option<(String, u32, f64)>,
    steps: VecDeque<Step>,
    /// The drops before the oldest step kept.
    base: i64,
    total: i64,
}

impl Front {
    /// The contact followed now, if any.
    pub fn follows(&self) -> Option<&str> {
        self.last.as_ref().map(|(contact, _, _)| contact.as_str())
    }

    /// An answer for the frontmost tracked `contact`: at `position`, asked for at `sent`.
    pub fn answer(&mut self, contact: &str, position: u32, sent: f64) {
        if let Some((followed, before, asked)) = &self.last
            && followed == contact
        {
            // Asked for before the last one (answers crossing between replicas): the steps
            // stay in order of `since`, and this one has nothing newer to say.
            if sent < *asked {
                return;
            }
            let drop = i64::from(*before) - i64::from(position);
            if drop != 0 {
                self.total += drop;
                if self.steps.len() >= STEPS
                    && let Some(oldest) = self.steps.pop_front()
                {
                    self.base = oldest.total;
                }
                // Whatever the earlier answer did not show happened after it was asked for.
                self.steps.push_back(Step {
                    since: *asked,
                    total: self.total,
                });
            }
        }
        self.last = Some((contact.to_owned(), position, sent));
    }

    /// The last answer and the steps after `since`, for a person reading them.
    pub fn explain(&self, since: f64) -> String {
        let first = self.steps.partition_point(|step| step.since <= since);
        let mut before = first
            .checked_sub(1)
            .map_or(self.base, |previous| self.steps[previous].total);
        let steps: Vec<String> = self
            .steps
            .iter()
            .skip(first)
            .map(|step| {
                let drop = step.total - before;
                before = step.total;
                format!("{drop:+} after {:.3}", step.since)
            })
            .collect();
        format!("last {:?}; steps [{}]", self.last, steps.join(", "))
    }

    /// The drops that began after `since`: people who left from ahead of the front (or, if
    /// negative, came in ahead of it) since then. Steps no longer kept are not counted.
    pub fn drops_since(&self, since: f64) -> i64 {
        let first = self.steps.partition_point(|step| step.since <= since);
        let before = first
            .checked_sub(1)
            .map_or(self.base, |previous| self.steps[previous].total);
        self.total - before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_after_a_moment_are_those_that_began_after_it() {
        let mut front = Front::default();
        front.answer("a", 10, 100.0);
        front.answer("a", 8, 102.0); // 2 left in (100, 102]
        front.answer("a", 7, 104.0); // 1 left in (102, 104]
        assert_eq!(front.drops_since(99.0), 3, "before every step");
        assert_eq!(
            front.drops_since(100.0),
            1,
            "the first step may have been before"
        );
        assert_eq!(front.drops_since(101.0), 1);
        assert_eq!(front.drops_since(102.0), 0);
        // The next contact takes over: a new starting point, no step.
        front.answer("b", 3, 106.0);
        assert_eq!(front.follows(), Some("b"));
        front.answer("b", 1, 108.0);
        assert_eq!(front.drops_since(102.0), 2);
        assert_eq!(front.drops_since(104.0), 2);
        // Someone jumps ahead: the front moves back.
        front.answer("b", 2, 110.0);
        assert_eq!(front.drops_since(104.0), 1);
        // An answer asked for before the last, landing after it: ignored.
        front.answer("b", 3, 109.0);
        assert_eq!(front.drops_since(104.0), 1);
        front.answer("b", 1, 112.0);
        assert_eq!(
            front.drops_since(109.5),
            1,
            "measured from the answer asked at 110"
        );
    }
}
