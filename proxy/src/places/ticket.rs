//! Where a contact stands in its queue's order. Connect serves a queue by priority (lower
//! first), then by time in queue (first come, first served), so two contacts' tickets in one
//! queue say which is ahead, and whoever leaves from ahead of one contact leaves from ahead of
//! every contact behind it.

use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    /// The queue's ID (a UUID).
    pub queue: u128,
    /// `QueuePriority`: lower is served first (Connect's default is 5).
    pub priority: i64,
    /// `EnqueueTimestamp`, Unix seconds on Connect's clock.
    pub enqueued: f64,
}

/// Connect's default `QueuePriority`.
pub const DEFAULT_PRIORITY: i64 = 5;

impl Ticket {
    /// The order of two tickets of one queue: who is served first.
    pub fn order(&self, other: &Self) -> Ordering {
        self.priority
            .cmp(&other.priority)
            .then(self.enqueued.total_cmp(&other.enqueued))
    }

    /// `self` is served before `other`: the same queue, and earlier in its order.
    pub fn ahead_of(&self, other: &Self) -> bool {
        self.queue == other.queue && self.order(other) == Ordering::Less
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(queue: u128, priority: i64, enqueued: f64) -> Ticket {
        Ticket {
            queue,
            priority,
            enqueued,
        }
    }

    #[test]
    fn priority_first_then_time_in_queue_and_only_within_a_queue() {
        let early = ticket(1, 5, 100.0);
        let late = ticket(1, 5, 200.0);
        let urgent_late = ticket(1, 1, 300.0);
        assert!(early.ahead_of(&late));
        assert!(!late.ahead_of(&early));
        assert!(urgent_late.ahead_of(&early));
        assert!(!early.ahead_of(&early), "not ahead of itself");
        assert!(!ticket(2, 1, 0.0).ahead_of(&late), "another queue");
    }
}
