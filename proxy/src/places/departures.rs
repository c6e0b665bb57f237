//! Contacts known to have left a queue (reached an agent, hung up, moved), each with its
//! ticket and a time it had surely left by. Learned from Connect's contact events and from the
//! tracked contacts' own answers; the same contact told twice counts once.
//!
//! Two kinds: a contact whose place in the order is known left (hung up, or any way at all),
//! and counts for the contacts behind it; a contact reached an agent, and counts for everyone
//! still waiting in its queue who was asked about after it queued: an agent takes the head of
//! a queue, so whoever an agent took was ahead of everyone left waiting (Connect's contact
//! events carry no priority, so an agent's contact is known only this way).
//!
//! What this knows is only ever subtracted from a position Connect gave: a departure missed
//! (an event lost) leaves a customer's place as it was, never shows fewer people ahead.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroUsize;

use lru::LruCache;

use super::CLOCK_MARGIN;
use super::ticket::Ticket;

/// Departures kept per queue; the oldest go first. A queue served at one contact a second
/// fills it in about two hours, longer than anyone's place is carried from one answer.
pub const PER_QUEUE: usize = 8192;
/// Contacts remembered as gone, for telling a repeat apart.
const REMEMBERED: usize = 65_536;

#[derive(Debug, Clone, PartialEq)]
struct Departure {
    /// Its place in the order; for an agent's contact, only the queue and when it queued.
    ticket: Ticket,
    /// An agent took it from the head of the queue.
    served: bool,
    /// It left at some moment after this (Unix seconds on Connect's clock).
    after: f64,
}

impl Departure {
    /// It was ahead of `ticket` in a position asked for at `asked`.
    fn was_ahead(&self, ticket: &Ticket, asked: f64) -> bool {
        if self.served {
            self.ticket.queue == ticket.queue && self.ticket.enqueued + CLOCK_MARGIN < asked
        } else {
            self.ticket.ahead_of(ticket)
        }
    }
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
        self.add(contact, ticket, false, after)
    }

    /// `contact`, queued in `queue` at `enqueued`, was taken by an agent at some moment after
    /// `after` (Connect's clock). Returns whether it was news.
    pub fn served(&mut self, contact: &str, queue: u128, enqueued: f64, after: f64) -> bool {
        let ticket = Ticket {
            queue,
            priority: super::DEFAULT_PRIORITY,
            enqueued,
        };
        self.add(contact, ticket, true, after)
    }

    fn add(&mut self, contact: &str, ticket: Ticket, served: bool, after: f64) -> bool {
        if self.seen.put(contact.to_owned(), ()).is_some() {
            return false;
        }
        let queue = self.by_queue.entry(ticket.queue).or_default();
        if queue.len() >= PER_QUEUE {
            queue.pop_front();
        }
        // Kept in order of `after`: events come late and out of order, answers tell a
        // departure long after it.
        let at = queue.partition_point(|d| d.after <= after);
        queue.insert(
            at,
            Departure {
                ticket,
                served,
                after,
            },
        );
        true
    }

    /// Whether `contact` is known to have left.
    pub fn gone(&self, contact: &str) -> bool {
        self.seen.contains(contact)
    }

    /// How many contacts ahead of `ticket` in a position asked for at `asked` are known to have
    /// left after `since`: at least that many fewer people are ahead of it than that position.
    pub fn ahead_since(&self, ticket: &Ticket, asked: f64, since: f64) -> u32 {
        let Some(queue) = self.by_queue.get(&ticket.queue) else {
            return 0;
        };
        // In order of `after`: only those after `since` are looked at.
        let count = queue
            .iter()
            .rev()
            .take_while(|d| d.after > since)
            .filter(|d| d.was_ahead(ticket, asked))
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
        assert_eq!(gone.ahead_since(&customer, 0.0, 0.0), 2);
        assert_eq!(gone.ahead_since(&customer, 0.0, 100.0), 1, "strictly after");
        assert_eq!(gone.ahead_since(&customer, 0.0, 105.0), 0);
        let elsewhere = Ticket {
            queue: 2,
            ..customer
        };
        assert_eq!(gone.ahead_since(&elsewhere, 0.0, 0.0), 0);
        gone.forget_before(101.0);
        assert_eq!(gone.ahead_since(&customer, 0.0, 0.0), 1);
        assert!(gone.gone("a"), "still known as gone");
    }

    #[test]
    fn an_agents_contact_was_ahead_of_everyone_asked_about_after_it_queued() {
        let mut gone = Departures::default();
        // Queued at 50 (priority unknown), taken by an agent after 120.
        assert!(gone.served("x", 1, 50.0, 120.0));
        let early = ticket(10.0);
        let late = ticket(60.0);
        assert_eq!(
            gone.ahead_since(&late, 100.0, 110.0),
            1,
            "queued long before"
        );
        assert_eq!(
            gone.ahead_since(&early, 100.0, 110.0),
            1,
            "even if it came later"
        );
        assert_eq!(
            gone.ahead_since(&late, 50.2, 110.0),
            0,
            "queued within the clock margin of the answer: maybe not counted in it"
        );
        assert_eq!(
            gone.ahead_since(&late, 100.0, 120.0),
            0,
            "left before the answer"
        );
        let elsewhere = Ticket { queue: 2, ..late };
        assert_eq!(gone.ahead_since(&elsewhere, 100.0, 110.0), 0);
        assert!(!gone.served("x", 1, 50.0, 125.0), "told twice");
    }

    #[test]
    fn departures_told_out_of_order_count_by_when_they_left() {
        let mut gone = Departures::default();
        assert!(gone.left("newest", ticket(2.0), 1300.0));
        assert!(gone.left("older", ticket(3.0), 1100.0));
        assert!(gone.left("told-late", ticket(4.0), 100.0));
        assert_eq!(gone.ahead_since(&ticket(50.0), 0.0, 900.0), 2);
        assert_eq!(gone.ahead_since(&ticket(50.0), 0.0, 1200.0), 1);
        assert_eq!(gone.ahead_since(&ticket(50.0), 0.0, 0.0), 3);
    }
}
