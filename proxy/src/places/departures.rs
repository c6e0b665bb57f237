//! Contacts known to have left a queue (reached an agent, hung up, moved), each with its
//! ticket and a time it had surely left by. Learned from Connect's contact events and from the
//! tracked contacts' own answers; the same contact told twice counts once.
//!
//! What this knows is only ever subtracted from a position Connect gave: a departure missed
//! (an event lost) leaves a customer's place as it was, never shows fewer people ahead.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroUsize;

use lru::LruCache;

use super::ticket::Ticket;

/// Departures kept per queue; the oldest go first. A queue served at one contact a second
/// fills it in about two hours, longer than anyone's place is carried from one answer.
pub const PER_QUEUE: usize = 8192;
/// Contacts remembered as gone, for telling a repeat apart.
const REMEMBERED: usize = 65_536;

#[derive(Debug, Clone, PartialEq)]
struct Departure {
    ticket: Ticket,
    /// It had left by then (Unix seconds on Connect's clock), and not before `after`.
    after: f64,
}

#[derive(Debug)]
pub struct Departures {
    by_queue: HashMap<u128, VecDeque<Departure>>,
    seen: LruCache<String, ()>,
}

impl Default for Departures {
    fn default() -> Self {
        Self {
            by_queue: HashMap::new(),
            seen: LruCache::new(NonZeroUsize::new(REMEMBERED).unwrap_or(NonZeroUsize::MIN)),
        }
    }
}

impl Departures {
    /// `contact`, of `ticket`, left its queue at some moment after `after` (Connect's clock).
    /// Returns whether it was news.
    pub fn left(&mut self, contact: &str, ticket: Ticket, after: f64) -> bool {
        if self.seen.put(contact.to_owned(), ()).is_some() {
            return false;
        }
        let queue = self.by_queue.entry(ticket.queue).or_default();
        if queue.len() >= PER_QUEUE {
            queue.pop_front();
        }
        queue.push_back(Departure { ticket, after });
        true
    }

    /// Whether `contact` is known to have left.
    pub fn gone(&self, contact: &str) -> bool {
        self.seen.contains(contact)
    }

    /// How many contacts ahead of `ticket` are known to have left after `since`: at least
    /// that many fewer people are ahead of it than at `since`.
    pub fn ahead_since(&self, ticket: &Ticket, since: f64) -> u32 {
        let Some(queue) = self.by_queue.get(&ticket.queue) else {
            return 0;
        };
        let count = queue
            .iter()
            .filter(|d| d.after > since && d.ticket.ahead_of(ticket))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Forgets departures from before `before`: no place is carried from then any more.
    pub fn forget_before(&mut self, before: f64) {
        for queue in self.by_queue.values_mut() {
            queue.retain(|d| d.after >= before);
        }
        self.by_queue.retain(|_, queue| !queue.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(enqueued: f64) -> Ticket {
        Ticket {
            queue: 1,
            priority: 5,
            enqueued,
        }
    }

    #[test]
    fn counts_who_left_from_ahead_since_a_moment_once_each() {
        let mut gone = Departures::default();
        assert!(gone.left("a", ticket(10.0), 100.0));
        assert!(gone.left("b", ticket(20.0), 105.0));
        assert!(gone.left("c", ticket(40.0), 106.0), "behind the customer");
        assert!(!gone.left("b", ticket(20.0), 107.0), "told twice");
        let customer = ticket(30.0);
        assert_eq!(gone.ahead_since(&customer, 0.0), 2);
        assert_eq!(gone.ahead_since(&customer, 100.0), 1, "strictly after");
        assert_eq!(gone.ahead_since(&customer, 105.0), 0);
        let elsewhere = Ticket {
            queue: 2,
            ..customer
        };
        assert_eq!(gone.ahead_since(&elsewhere, 0.0), 0);
        gone.forget_before(101.0);
        assert_eq!(gone.ahead_since(&customer, 0.0), 1);
        assert!(gone.gone("a"), "still known as gone");
    }
}
