//! One tracked contact: what it has cached, how fresh that must be for its role, and where it
//! belongs in the due index.

use std::time::{Duration, Instant};

use super::{Answer, Outcome};
use crate::budget::due::{Key, Line};

/// How fresh a contact's data should be: near the front, a change matters sooner.
pub fn freshness_target(position: Option<u32>) -> Duration {
    Duration::from_secs(match position {
        Some(p) if p <= 3 => 2,
        Some(p) if p <= 10 => 5,
        Some(_) => 15,
        None => 10,
    })
}

/// How a contact's answers are used, which sets how fresh they must be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Role {
    /// Its own answers are all its customer gets.
    #[default]
    Own,
    /// Its place is carried between its answers (`places`): its own answers only correct
    /// what the others' cannot show, so they can be rarer the further back it is.
    Placed,
    /// The frontmost contact of its queue: its answers move everyone behind it.
    Front,
}

/// How fresh a contact's data should be in `role`.
pub fn target(role: Role, position: Option<u32>) -> Duration {
    match (role, position) {
        (Role::Front, _) => FRONT_EVERY,
        (Role::Placed, Some(p)) => Duration::from_secs(u64::from(p) * 3 / 5)
            .clamp(Duration::from_secs(20), Duration::from_secs(600)),
        (Role::Placed, None) | (Role::Own, _) => freshness_target(position),
    }
}

/// How often a queue's frontmost contact is refreshed by one process at the whole budget.
pub const FRONT_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub(super) struct Contact {
    pub(super) cached: Option<Cached>,
    /// When a browser first asked: newcomers are called in that order.
    pub(super) since: Instant,
    /// The last time a browser asked.
    pub(super) wanted_at: Instant,
    pub(super) fetching: bool,
    pub(super) role: Role,
    /// Where it is in the due index now.
    pub(super) indexed: Option<Key>,
}

#[derive(Debug, Clone)]
pub(super) struct Cached {
    pub(super) outcome: Outcome,
    pub(super) at: Instant,
    pub(super) position: Option<u32>,
    pub(super) role: Role,
}

impl Cached {
    /// Its freshness target, a queue's front being refreshed every `front`.
    pub(super) fn target(&self, front: Duration) -> Duration {
        match self.role {
            Role::Front => front,
            role => target(role, self.position),
        }
    }

    /// When the data reaches its freshness target.
    pub(super) fn due_at(&self, front: Duration) -> Option<Instant> {
        self.at.checked_add(self.target(front))
    }

    /// Called before newcomers once due: a queue's front, or a contact in the first places
    /// whose own answers are all it gets (no queue's order places it: not described, or no
    /// `DescribeContact` budget). A customer about to be next is never starved by a crowd
    /// opening the widget.
    pub(super) fn goes_first(&self) -> bool {
        match self.role {
            Role::Front => true,
            Role::Own => self.position.is_some_and(|p| p <= 3),
            Role::Placed => false,
        }
    }
}

impl Contact {
    /// Asked about since its last fetch (or never fetched): worth a call once due.
    pub(super) fn wanted(&self) -> bool {
        self.cached.as_ref().is_none_or(|c| self.wanted_at > c.at)
    }

    /// Where it belongs in the due index; `None` when it needs no call (being fetched, or
    /// nobody asked since its last fetch). A queue's front goes first once due: its answers
    /// move everyone behind it (so does a contact near the front that no queue's order
    /// places: its own answers are all it gets). Then newcomers, who show nothing until their
    /// first answer, while everyone else shows a place (carried between answers, or their own
    /// last). Then the rest, in the order they fall due.
    pub(super) fn key(&self, front: Duration) -> Option<Key> {
        if self.fetching || !self.wanted() {
            return None;
        }
        match &self.cached {
            None => Some(Key {
                line: Line::Newcomer,
                at: self.since,
            }),
            Some(cached) => cached.due_at(front).map(|at| Key {
                line: if cached.goes_first() {
                    Line::Front
                } else {
                    Line::Rest
                },
                at,
            }),
        }
    }

    /// Refreshed on schedule: not fetched yet, or in queue when last fetched. (Contacts an
    /// agent has are not.)
    pub(super) fn queued(&self) -> bool {
        self.cached.as_ref().is_none_or(|c| c.position.is_some())
    }
}

pub(super) fn answer(cached: &Cached, now: Instant, load: Duration, front: Duration) -> Answer {
    let age = now.saturating_duration_since(cached.at);
    let load = load.min(Duration::from_secs(60));
    let max_age = match cached.role {
        // The place moves as the queue does, between this contact's own answers: asking again
        // costs no call and may bring a new place.
        Role::Placed => Duration::ZERO,
        // Refreshed first, whatever the load.
        Role::Front => cached.target(front).saturating_sub(age),
        Role::Own => match cached.target(front).max(load).checked_sub(age) {
            Some(left) if !left.is_zero() => left,
            // Overdue already: the refresher gets round to it within a round, not at once.
            _ => load,
        },
    };
    Answer {
        outcome: cached.outcome.clone(),
        age,
        max_age: max_age.max(Duration::from_secs(1)),
    }
}
