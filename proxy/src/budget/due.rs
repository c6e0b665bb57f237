//! The scheduler's index of who is due for a call, so that choosing the next contact costs
//! O(log n) however many customers wait, under the lock every request takes. Three lines: a
//! queue's front (its answers move everyone behind it), newcomers (nothing shown yet), the
//! rest; the front and the rest ordered by when they fall due, newcomers by when they first
//! asked, the latest first: a customer who just opened the widget is served at once, even
//! behind a backlog (a proxy starting with hundreds already waiting), which the calls left
//! over work through.

use std::collections::BTreeSet;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Front,
    Newcomer,
    Rest,
}

/// Where a contact stands in the index: its line, and when it falls due there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub line: Line,
    pub at: Instant,
}

#[derive(Debug, Default)]
pub struct DueIndex {
    front: BTreeSet<(Instant, String)>,
    newcomers: BTreeSet<(Instant, String)>,
    rest: BTreeSet<(Instant, String)>,
}

impl DueIndex {
    fn line(&mut self, line: Line) -> &mut BTreeSet<(Instant, String)> {
        match line {
            Line::Front => &mut self.front,
            Line::Newcomer => &mut self.newcomers,
            Line::Rest => &mut self.rest,
        }
    }

    /// Moves `id` from `old` to `new` (either `None`: not in the index).
    pub fn set(&mut self, id: &str, old: Option<Key>, new: Option<Key>) {
        if old == new {
            return;
        }
        if let Some(old) = old {
            self.line(old.line).remove(&(old.at, id.to_owned()));
        }
        if let Some(new) = new {
            self.line(new.line).insert((new.at, id.to_owned()));
        }
    }

    /// The contact to call at `now`: a front that is due, else the newcomer who asked last,
    /// else whoever of the rest fell due first.
    pub fn next(&self, now: Instant) -> Option<&str> {
        fn due(line: &BTreeSet<(Instant, String)>, now: Instant) -> Option<&str> {
            line.first()
                .filter(|(at, _)| *at <= now)
                .map(|(_, id)| id.as_str())
        }
        due(&self.front, now)
            .or_else(|| self.newcomers.last().map(|(_, id)| id.as_str()))
            .or_else(|| due(&self.rest, now))
    }

    /// The first moment after `now` a contact falls due.
    pub fn next_after(&self, now: Instant) -> Option<Instant> {
        [&self.front, &self.rest]
            .into_iter()
            .filter_map(|line| line.first().map(|(at, _)| *at))
            .filter(|at| *at > now)
            .min()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.front.len() + self.newcomers.len() + self.rest.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn key(line: Line, at: Instant) -> Option<Key> {
        Some(Key { line, at })
    }

    #[test]
    fn a_due_front_then_the_latest_newcomer_then_the_first_due() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut index = DueIndex::default();
        index.set("rest-early", None, key(Line::Rest, t0));
        index.set("rest-late", None, key(Line::Rest, t0 + 5 * s));
        index.set("new-second", None, key(Line::Newcomer, t0 + 2 * s));
        index.set("new-first", None, key(Line::Newcomer, t0 + s));
        index.set("front", None, key(Line::Front, t0 + 3 * s));
        assert_eq!(
            index.next(t0 + 2 * s),
            Some("new-second"),
            "the front is not due"
        );
        assert_eq!(index.next(t0 + 3 * s), Some("front"));
        index.set("front", key(Line::Front, t0 + 3 * s), None);
        index.set("new-first", key(Line::Newcomer, t0 + s), None);
        index.set("new-second", key(Line::Newcomer, t0 + 2 * s), None);
        assert_eq!(index.next(t0 + 3 * s), Some("rest-early"));
        index.set(
            "rest-early",
            key(Line::Rest, t0),
            key(Line::Rest, t0 + 9 * s),
        );
        assert_eq!(index.next(t0 + 3 * s), None, "nothing due");
        assert_eq!(index.next_after(t0 + 3 * s), Some(t0 + 5 * s));
        assert_eq!(index.len(), 2);
    }
}
