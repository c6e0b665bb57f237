//! The contacts waiting, in the order they are served: for each queue and channel, a sorted
//! list of [`Key`]s with the contact each names, lowest `QueuePriority` first, then earliest
//! routing time (the enqueue time less any `QueueTimeAdjustmentSeconds`), then the order they
//! entered. A contact's position in its queue is 1 + the contacts ahead of it on every channel
//! of that queue. This order is the queue's one index of its contacts: everything else about a
//! contact lives in its [`Contact`](super::contact::Contact), found by the ID its entry holds.
//!
//! Finding a contact's place is a binary search per channel, O(log n). Adding or removing one
//! from the middle of a list shifts the rest of that list, O(n) in a memmove: queues of the
//! simulator's sizes (thousands at most) do not notice, and a balanced tree with ranks would be
//! a dependency or a few hundred lines for nothing measurable.

use super::super::center::QueueRef;
use super::super::channel::Channel;

/// Where a waiting contact stands in its queue. Ordered as contacts are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(in crate::connect::models) struct Key {
    priority: u64,
    /// The routing time (seconds) as [`ordered`] bits.
    routed_at: u64,
    /// Unique, in the order contacts entered a queue: breaks ties and names the contact.
    pub(in crate::connect::models) seq: u64,
}

impl Key {
    pub(in crate::connect::models) fn new(priority: u64, routed_at: f64, seq: u64) -> Self {
        Self {
            priority,
            routed_at: ordered(routed_at),
            seq,
        }
    }

    /// Where a contact of default priority arriving at `now` would stand: behind every contact
    /// already there with the same priority and routing time.
    pub(in crate::connect::models) fn newcomer(priority: u64, now: f64) -> Self {
        Self {
            priority,
            routed_at: ordered(now),
            seq: u64::MAX,
        }
    }
}

/// `x`'s bits, flipped so that unsigned order is the floats' total order (negative times, from
/// a large time adjustment, included).
pub(in crate::connect::models) fn ordered(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The inverse of [`ordered`].
pub(in crate::connect::models) fn unordered(bits: u64) -> f64 {
    if bits >> 63 == 1 {
        f64::from_bits(bits & !(1 << 63))
    } else {
        f64::from_bits(!bits)
    }
}

/// A waiting contact's place in its line, and its ID.
#[derive(Debug, Clone)]
struct Entry {
    key: Key,
    id: String,
}

#[derive(Debug, Clone)]
pub(super) struct Lines {
    /// For each queue, one list per channel (by [`Channel::index`]), sorted by key.
    by_queue: Vec<[Vec<Entry>; 3]>,
    total: usize,
}

impl Lines {
    pub(super) fn new(queues: usize) -> Self {
        Self {
            by_queue: (0..queues).map(|_| Default::default()).collect(),
            total: 0,
        }
    }

    fn line(&self, queue: QueueRef, channel: Channel) -> &[Entry] {
        &self.by_queue[queue.index()][channel.index()]
    }

    /// The contact `id` takes its place `key` in the line of `queue` and `channel`.
    pub(super) fn insert(&mut self, queue: QueueRef, channel: Channel, key: Key, id: String) {
        let line = &mut self.by_queue[queue.index()][channel.index()];
        let at = line.partition_point(|entry| entry.key < key);
        line.insert(at, Entry { key, id });
        self.total += 1;
    }

    /// Takes `key` out of its line and returns the ID of the contact it named; `None` if it was
    /// not there.
    pub(super) fn remove(&mut self, queue: QueueRef, channel: Channel, key: Key) -> Option<String> {
        let line = &mut self.by_queue[queue.index()][channel.index()];
        let at = line.binary_search_by_key(&key, |entry| entry.key).ok()?;
        self.total -= 1;
        Some(line.remove(at).id)
    }

    /// Contacts in `queue`, on any channel, served before `key`.
    pub(super) fn ahead(&self, queue: QueueRef, key: Key) -> usize {
        self.by_queue[queue.index()]
            .iter()
            .map(|line| line.partition_point(|entry| entry.key < key))
            .sum()
    }

    /// The contact of `channel` that `queue` serves next.
    pub(super) fn head(&self, queue: QueueRef, channel: Channel) -> Option<Key> {
        self.line(queue, channel).first().map(|entry| entry.key)
    }

    pub(super) fn len(&self, queue: QueueRef, channel: Channel) -> usize {
        self.line(queue, channel).len()
    }

    pub(super) fn total(&self) -> usize {
        self.total
    }

    /// The IDs of the contacts waiting on `channel` in `queue`, in the order they are served.
    pub(super) fn ids(&self, queue: QueueRef, channel: Channel) -> impl Iterator<Item = &str> {
        self.line(queue, channel)
            .iter()
            .map(|entry| entry.id.as_str())
    }

    /// Every waiting contact of `queue`, in the order it serves them.
    #[cfg(test)]
    pub(super) fn in_order(&self, queue: QueueRef) -> Vec<Key> {
        let mut keys: Vec<Key> = self.by_queue[queue.index()]
            .iter()
            .flatten()
            .map(|entry| entry.key)
            .collect();
        keys.sort_unstable();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_bits_sort_as_the_floats_do_and_come_back() {
        let xs = [-1e9, -2.5, -0.0, 0.0, 1e-300, 3.0, 1e12];
        for pair in xs.windows(2) {
            assert!(ordered(pair[0]) <= ordered(pair[1]), "{pair:?}");
        }
        for x in xs {
            assert_eq!(unordered(ordered(x)), x);
        }
    }

    #[test]
    fn priority_then_routing_time_then_arrival() {
        let queue = crate::connect::models::center::ContactCenter::single(0).default_queue();
        let mut lines = Lines {
            by_queue: vec![Default::default()],
            total: 0,
        };
        let late_urgent = Key::new(1, 50.0, 3);
        let early = Key::new(5, 10.0, 1);
        let early_too = Key::new(5, 10.0, 2);
        let chat = Key::new(5, 20.0, 4);
        lines.insert(queue, Channel::Voice, early_too, "early too".into());
        lines.insert(queue, Channel::Voice, early, "early".into());
        lines.insert(queue, Channel::Voice, late_urgent, "late urgent".into());
        lines.insert(queue, Channel::Chat, chat, "chat".into());
        assert_eq!(lines.in_order(queue), [late_urgent, early, early_too, chat]);
        assert_eq!(lines.ahead(queue, chat), 3, "voice contacts count too");
        assert_eq!(lines.head(queue, Channel::Chat), Some(chat));
        assert_eq!(
            lines.ids(queue, Channel::Voice).collect::<Vec<_>>(),
            ["late urgent", "early", "early too"]
        );
        assert_eq!(
            lines.remove(queue, Channel::Voice, early).as_deref(),
            Some("early")
        );
        assert_eq!(lines.remove(queue, Channel::Voice, early), None);
        assert_eq!(lines.ahead(queue, chat), 2);
        assert_eq!(lines.total(), 3);
        assert_eq!(lines.ahead(queue, Key::newcomer(5, 30.0)), 3);
        assert_eq!(lines.ahead(queue, Key::newcomer(1, 0.0)), 0);
    }
}
