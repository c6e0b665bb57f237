//! Each tracked customer's place now, from everything the proxy knows, not only their own last
//! answer from Connect.
//!
//! Connect serves a queue in order ([`Ticket`]), so people leave a customer's way only from
//! ahead of them, and who leaves from ahead of one contact leaves from ahead of every contact
//! behind it. A customer's place is their last position from `GetContactMetrics`, less the
//! people known to have left from ahead of them since that answer was given: the drops of the
//! queue's frontmost tracked contact ([`Front`]), and the departures the contact events and
//! the other customers' answers report ([`Departures`]). Both only ever lower a position that
//! Connect gave, and only by departures that surely came after it, so a place is never fewer
//! people ahead than can be true, unless a contact jumps ahead (a higher priority) between
//! two of the customer's own answers.
//!
//! Pure: times (Connect's clock, Unix seconds) are passed in; the budget feeds it.

mod departures;
mod front;
mod ticket;

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;

use lru::LruCache;
use waitline_core::Snapshot;

pub use departures::Departures;
pub use front::Front;
pub use ticket::{DEFAULT_PRIORITY, Ticket};

/// Customers followed at once; the least recently asked about are forgotten first.
pub const TRACKED: usize = 100_000;
/// A departure whose time comes from Connect (an event) is counted only if it came this long
/// after an answer, and an agent's contact only if it queued this long before the answer was
/// asked for: Connect's clock and the proxy's are never exactly alike. NTP (or AWS's time
/// sync) keeps them within milliseconds; a quarter of a second is room to spare, and every
/// departure it leaves out costs a customer one place too many until their next answer.
pub const CLOCK_MARGIN: f64 = 0.25;

/// A customer's last answer from Connect that had a position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub snapshot: Snapshot,
    /// When the answer was asked for, and when it came (Connect's clock).
    pub sent: f64,
    pub landed: f64,
}

#[derive(Debug, Default)]
struct Tracked {
    ticket: Option<Ticket>,
    reading: Option<Reading>,
}

/// A queue's tracked contacts in order, and its front.
#[derive(Debug, Default)]
struct Queue {
    /// Order key to contact, for the contacts still believed queued.
    members: BTreeMap<(i64, u64, String), ()>,
    front: Front,
}

fn key(ticket: &Ticket, contact: &str) -> (i64, u64, String) {
    // Non-negative finite times order as their bits do.
    (
        ticket.priority,
        ticket.enqueued.max(0.0).to_bits(),
        contact.to_owned(),
    )
}

#[derive(Debug)]
pub struct Places {
    tracked: LruCache<String, Tracked>,
    queues: HashMap<u128, Queue>,
    departures: Departures,
}

impl Default for Places {
    fn default() -> Self {
        Self {
            tracked: LruCache::new(NonZeroUsize::new(TRACKED).unwrap_or(NonZeroUsize::MIN)),
            queues: HashMap::new(),
            departures: Departures::default(),
        }
    }
}

impl Places {
    /// Whether `contact`'s place in its queue's order is known.
    pub fn has_ticket(&self, contact: &str) -> bool {
        self.tracked
            .peek(contact)
            .is_some_and(|tracked| tracked.ticket.is_some())
    }

    /// `contact`'s entry, made if new; a contact forgotten to make room leaves its queue's order.
    fn entry(&mut self, contact: &str) -> &mut Tracked {
        if !self.tracked.contains(contact)
            && let Some((evicted, old)) = self.tracked.push(contact.to_owned(), Tracked::default())
            && evicted != contact
        {
            self.unlist(&evicted, old.ticket);
        }
        self.tracked
            .get_or_insert_mut(contact.to_owned(), Tracked::default)
    }

    fn unlist(&mut self, contact: &str, ticket: Option<Ticket>) {
        if let Some(ticket) = ticket
            && let Some(queue) = self.queues.get_mut(&ticket.queue)
        {
            queue.members.remove(&key(&ticket, contact));
            if queue.members.is_empty() {
                self.queues.remove(&ticket.queue);
            }
        }
    }

    /// Where `contact` stands in its queue's order, if known.
    pub fn ticket_of(&self, contact: &str) -> Option<Ticket> {
        self.tracked
            .peek(contact)
            .and_then(|tracked| tracked.ticket)
    }

    /// Stops following `contact` (nobody asks about it any more).
    pub fn forget(&mut self, contact: &str) {
        if let Some(tracked) = self.tracked.pop(contact) {
            self.unlist(contact, tracked.ticket);
        }
    }

    /// The frontmost followed contact of every queue: whose answers move everyone else.
    pub fn fronts(&self) -> impl Iterator<Item = &str> {
        self.queues
            .values()
            .filter_map(|queue| queue.members.keys().next().map(|(_, _, id)| id.as_str()))
    }

    /// Where `contact` stands in its queue's order (`DescribeContact`, or its own event).
    pub fn ticket(&mut self, contact: &str, ticket: Ticket) {
        if self.departures.gone(contact) {
            return;
        }
        let tracked = self.entry(contact);
        if let Some(old) = tracked.ticket.replace(ticket)
            && let Some(queue) = self.queues.get_mut(&old.queue)
        {
            queue.members.remove(&key(&old, contact));
        }
        self.queues
            .entry(ticket.queue)
            .or_default()
            .members
            .insert(key(&ticket, contact), ());
    }

    /// `contact`'s answer from Connect, asked for at `sent` and come at `landed`: its place,
    /// or `None` when it had none (not in queue any more, or not yet).
    pub fn answer(&mut self, contact: &str, snapshot: Option<Snapshot>, sent: f64, landed: f64) {
        let tracked = self.entry(contact);
        // An answer asked for before the one held (replicas' answers cross in the store):
        // older news, nothing to learn.
        if tracked.reading.is_some_and(|reading| sent < reading.sent) {
            return;
        }
        let ticket = tracked.ticket;
        match snapshot {
            Some(snapshot) => {
                tracked.reading = Some(Reading {
                    snapshot,
                    sent,
                    landed,
                });
                if let Some(ticket) = ticket
                    && let Some(queue) = self.queues.get_mut(&ticket.queue)
                {
                    let frontmost = queue.members.keys().next().map(|(_, _, id)| id.as_str());
                    if frontmost == Some(contact) {
                        queue.front.answer(contact, snapshot.position, sent);
                    }
                }
            }
            None => {
                // Queued when its last position was asked for: it left after that.
                if let (Some(ticket), Some(reading)) = (ticket, tracked.reading) {
                    self.left(contact, ticket, reading.sent);
                }
            }
        }
    }

    /// `contact` of `ticket` left its queue after `after`: a contact event, or its own answer.
    pub fn left(&mut self, contact: &str, ticket: Ticket, after: f64) {
        self.departures.left(contact, ticket, after);
        self.unlist(contact, Some(ticket));
    }

    /// `contact`, queued in `queue` at `enqueued`, was taken by an agent after `after` (a
    /// contact event): it was ahead of everyone still waiting there.
    pub fn served(&mut self, contact: &str, queue: u128, enqueued: f64, after: f64) {
        self.departures.served(contact, queue, enqueued, after);
        let ticket = self
            .tracked
            .peek(contact)
            .and_then(|tracked| tracked.ticket);
        self.unlist(contact, ticket);
    }

    /// `contact` left its queue after `after` without an agent (hung up, moved): a contact
    /// event. Counted for the others only where its place in the order is known (events carry
    /// no priority): by its own `DescribeContact` before it comes here, else by what this
    /// replica learned of it while it waited.
    pub fn abandoned(&mut self, contact: &str, after: f64) {
        if let Some(ticket) = self.ticket_of(contact) {
            self.left(contact, ticket, after);
        }
    }

    /// `contact`'s place now: its last position less the people known to have left from ahead
    /// of it since; `None` without a position from Connect.
    pub fn place(&mut self, contact: &str) -> Option<Snapshot> {
        let tracked = self.tracked.get(contact)?;
        let reading = tracked.reading?;
        let Some(ticket) = tracked.ticket else {
            return Some(reading.snapshot);
        };
        let events =
            self.departures
                .ahead_since(&ticket, reading.sent, reading.landed + CLOCK_MARGIN);
        let front = self.queues.get(&ticket.queue).map_or(0, |queue| {
            if queue.front.follows() == Some(contact) {
                0
            } else {
                queue.front.drops_since(reading.landed)
            }
        });
        let left = i64::from(events).max(front).max(0);
        let position = i64::from(reading.snapshot.position) - left;
        let position = u32::try_from(position.max(1)).unwrap_or(1);
        Some(moved_up(reading.snapshot, position))
    }

    /// How `contact`'s place is made up now, for a person reading it (benchmarks, debugging).
    pub fn explain(&self, contact: &str) -> String {
        let Some(tracked) = self.tracked.peek(contact) else {
            return "not followed".into();
        };
        let Some(reading) = tracked.reading else {
            return format!("no position yet; ticket {:?}", tracked.ticket);
        };
        let Some(ticket) = tracked.ticket else {
            return format!("own answer {reading:?}; no ticket");
        };
        let events =
            self.departures
                .ahead_since(&ticket, reading.sent, reading.landed + CLOCK_MARGIN);
        let (front, follows, steps) =
            self.queues
                .get(&ticket.queue)
                .map_or((0, None, String::new()), |queue| {
                    (
                        queue.front.drops_since(reading.landed),
                        queue.front.follows().map(str::to_owned),
                        queue.front.explain(reading.landed),
                    )
                });
        let listed = self
            .queues
            .get(&ticket.queue)
            .is_some_and(|queue| queue.members.contains_key(&key(&ticket, contact)));
        let front_ticket = follows
            .as_deref()
            .and_then(|front| self.tracked.peek(front))
            .and_then(|tracked| tracked.ticket);
        format!(
            "own answer {reading:?}; ticket {ticket:?}, listed {listed}, gone {}; departures \
             ahead since {events}; front drops since {front} (front {follows:?}, ticket \
             {front_ticket:?}; {steps})",
            self.departures.gone(contact)
        )
    }

    /// Forgets departures from before `before` (Connect's clock).
    pub fn forget_before(&mut self, before: f64) {
        self.departures.forget_before(before);
    }
}

/// `snapshot` moved up to `position`: the estimate shrinks with the people left ahead.
fn moved_up(snapshot: Snapshot, position: u32) -> Snapshot {
    let ewt_seconds = snapshot.ewt_seconds.map(|ewt| {
        let scaled = u64::from(ewt) * u64::from(position);
        u32::try_from(scaled.div_ceil(u64::from(snapshot.position.max(1)))).unwrap_or(ewt)
    });
    Snapshot {
        position,
        ewt_seconds,
    }
}

#[cfg(test)]
mod tests;
