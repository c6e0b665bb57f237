//! The budget's decisions, pure: what a request gets, which contact to refresh next, and when
//! there will be something to do. Time is passed in, so tests drive the clock; the refresher
//! task in `budget/refresher.rs` is a thin shell that sleeps until [`Plan::next`] or until a
//! request says the plan changed ([`Request::reschedule`]).

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use waitline_core::GetContactMetricsResponse;

use super::BudgetConfig;
use super::due::DueIndex;
use super::limiter::AdaptiveBucket;
use crate::source::SourceError;

pub type Outcome = Result<GetContactMetricsResponse, SourceError>;

mod contact;

use contact::{Cached, Contact, answer};
pub use contact::{FRONT_EVERY, Role, freshness_target, target};

/// What a browser gets back.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub outcome: Outcome,
    /// How old the data is.
    pub age: Duration,
    /// When asking again could bring something new.
    pub max_age: Duration,
}

/// Nothing cached and no budget to fetch within the wait: the caller answers 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    pub retry_after: Duration,
}

/// What a request gets at once.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// The cache is fresh enough.
    Fresh(Answer),
    /// Wait up to this long for a fetch of this contact to land, then take [`Scheduler::answer`].
    /// Zero: waiting cannot pay off (overload), answer from the cache at once.
    Wait(Duration),
    /// Nothing cached, and a backlog of newcomers longer than a request may wait.
    Busy(Busy),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub lookup: Lookup,
    /// The refresher's plan no longer holds (a new contact, or one wanted again since its last
    /// fetch): wake it.
    pub reschedule: bool,
}

/// What the refresher does now, and when to look again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// One Connect call each; a token has been taken for every one.
    pub fetch: Vec<String>,
    /// The earliest moment something falls due: a token for a waiting contact, a cached
    /// contact's freshness target, or an idle contact to forget. `None`: nothing will fall due
    /// until a request comes.
    pub next: Option<Instant>,
    /// Contacts nobody asked about for too long, forgotten now.
    pub forgotten: Vec<String>,
}

/// Every contact is in `contacts`; the indexes and counts follow each change of one
/// (`Scheduler::change`), so nothing a request or a plan does scans them all.
#[derive(Debug)]
pub struct Scheduler {
    config: BudgetConfig,
    bucket: AdaptiveBucket,
    contacts: HashMap<String, Contact>,
    /// Who is due for a call next.
    due: DueIndex,
    /// Contacts by when a browser last asked: the idle are forgotten first.
    idle: BTreeSet<(Instant, String)>,
    /// Contacts with nothing cached yet: the backlog a newcomer queues behind.
    unfetched: usize,
    /// Contacts refreshed on schedule (not yet fetched, or last seen in queue): how long a
    /// round over them takes sets the answers' `max-age` under overload.
    queued: usize,
    /// How often a queue's front is refreshed: [`FRONT_EVERY`] at the whole budget, less
    /// often at a replica's share of it, so that all replicas' fronts together cost what one
    /// process's would.
    front_every: Duration,
}

impl Scheduler {
    pub fn new(config: BudgetConfig, now: Instant) -> Self {
        Self {
            bucket: AdaptiveBucket::for_account(config.rate, config.burst, now),
            config,
            contacts: HashMap::new(),
            due: DueIndex::default(),
            idle: BTreeSet::new(),
            unfetched: 0,
            queued: 0,
            front_every: FRONT_EVERY,
        }
    }

    /// Contacts browsers are asking about.
    pub fn tracked(&self) -> usize {
        self.contacts.len()
    }

    pub fn is_tracked(&self, id: &str) -> bool {
        self.contacts.contains_key(id)
    }

    /// How fresh `id`'s data must be now; `None` before its first fetch.
    pub fn target_of(&self, id: &str) -> Option<Duration> {
        let cached = self.contacts.get(id)?.cached.as_ref()?;
        Some(cached.target(self.front_every))
    }

    /// Whether a request for `id` now would make it due for a Connect call (a new contact, or
    /// one not asked about since its last fetch): what a client's share is charged for.
    pub fn would_call(&self, id: &str) -> bool {
        self.contacts.get(id).is_none_or(|c| !c.wanted())
    }

    /// What is cached for `id`, without asking for more: for a client whose share of the calls
    /// is spent. Told to come back no sooner than `not_before`.
    pub fn cached(&self, id: &str, now: Instant, not_before: Duration) -> Result<Answer, Busy> {
        let load = self.load_interval();
        match self.contacts.get(id).and_then(|c| c.cached.as_ref()) {
            Some(cached) => {
                let mut answer = answer(cached, now, load, self.front_every);
                answer.max_age = answer.max_age.max(not_before);
                Ok(answer)
            }
            None => Err(Busy {
                retry_after: not_before.max(Duration::from_secs(1)),
            }),
        }
    }

    /// Changes `id` with `f`, and the indexes and counts with it. O(log n).
    fn change<T>(&mut self, id: &str, f: impl FnOnce(&mut Contact) -> T) -> Option<T> {
        let front = self.front_every;
        let contact = self.contacts.get_mut(id)?;
        let (unfetched, queued, wanted_at) = (
            contact.cached.is_none(),
            contact.queued(),
            contact.wanted_at,
        );
        let result = f(contact);
        let key = contact.key(front);
        self.due.set(id, contact.indexed, key);
        contact.indexed = key;
        if contact.wanted_at != wanted_at {
            self.idle.remove(&(wanted_at, id.to_owned()));
            self.idle.insert((contact.wanted_at, id.to_owned()));
        }
        self.unfetched =
            self.unfetched + usize::from(contact.cached.is_none()) - usize::from(unfetched);
        self.queued = self.queued + usize::from(contact.queued()) - usize::from(queued);
        Some(result)
    }

    /// Starts following `id`, asked about for the first time at `now`.
    fn add(&mut self, id: &str, now: Instant) {
        self.contacts.insert(
            id.to_owned(),
            Contact {
                cached: None,
                since: now,
                wanted_at: now,
                fetching: false,
                role: Role::Own,
                indexed: None,
            },
        );
        self.idle.insert((now, id.to_owned()));
        self.unfetched += 1;
        self.queued += 1;
        self.change(id, |_| ());
    }

    /// Stops following `id`.
    fn remove(&mut self, id: &str) {
        if let Some(contact) = self.contacts.remove(id) {
            self.due.set(id, contact.indexed, None);
            self.idle.remove(&(contact.wanted_at, id.to_owned()));
            self.unfetched -= usize::from(contact.cached.is_none());
            self.queued -= usize::from(contact.queued());
        }
    }

    /// A browser asks about `id`.
    pub fn request(&mut self, id: &str, now: Instant) -> Request {
        let load = self.load_interval();
        let created = !self.contacts.contains_key(id);
        let reschedule = match self.contacts.get(id) {
            None => {
                self.add(id, now);
                true
            }
            Some(contact) => {
                let unwanted = !contact.wanted();
                self.change(id, |contact| contact.wanted_at = now);
                unwanted
            }
        };
        let Some(contact) = self.contacts.get(id) else {
            return Request {
                lookup: Lookup::Wait(Duration::ZERO),
                reschedule,
            };
        };
        let front = self.front_every;
        let lookup = match &contact.cached {
            Some(cached) if now.saturating_duration_since(cached.at) <= cached.target(front) => {
                Lookup::Fresh(answer(cached, now, load, front))
            }
            // Overloaded (a round over all contacts takes longer than this contact's target):
            // the refresher will not get here within the wait, so answer from cache now. A
            // queue's front is refreshed first whatever the load, and a placed contact's
            // place is carried between its answers.
            Some(cached) if cached.role != Role::Front && load > cached.target(front) => {
                Lookup::Wait(Duration::ZERO)
            }
            Some(cached) if cached.role == Role::Placed => Lookup::Wait(Duration::ZERO),
            // Wait only where waiting can pay off; a held request is a held connection.
            Some(_) => Lookup::Wait(self.config.wait_for_fresh),
            // The newest newcomer is called next (`due.rs`): worth waiting for.
            None if created => Lookup::Wait(self.config.wait_for_first),
            None => {
                let backlog = seconds(self.unfetched as f64 / self.bucket.rate().max(0.01));
                if backlog > self.config.wait_for_first {
                    Lookup::Busy(Busy {
                        retry_after: backlog.clamp(Duration::from_secs(1), Duration::from_secs(60)),
                    })
                } else {
                    Lookup::Wait(self.config.wait_for_first)
                }
            }
        };
        Request { lookup, reschedule }
    }

    /// What there is for `id` after a wait: the freshest data, or when to come back.
    pub fn answer(&mut self, id: &str, now: Instant) -> Result<Answer, Busy> {
        let load = self.load_interval();
        match self.contacts.get(id).and_then(|c| c.cached.as_ref()) {
            Some(cached) => Ok(answer(cached, now, load, self.front_every)),
            // A share of nothing (a degraded replica that knows no replica count) never has a
            // token: come back within a minute, as for a backlog.
            None => Err(Busy {
                retry_after: self
                    .bucket
                    .wait(now)
                    .clamp(Duration::from_secs(1), Duration::from_secs(60)),
            }),
        }
    }

    /// Forgets idle contacts, spends the tokens there are on the contacts due first, and says
    /// when to look again. O(log n) per contact forgotten or called (and per call in flight).
    pub fn plan(&mut self, now: Instant) -> Plan {
        let forget = self.config.forget_after;
        // A call in flight keeps its contact however long it takes.
        let idle_since = |at: &Instant| now.saturating_duration_since(*at) >= forget;
        let forgotten: Vec<String> = self
            .idle
            .iter()
            .take_while(|(at, _)| idle_since(at))
            .filter(|(_, id)| self.contacts.get(id).is_some_and(|c| !c.fetching))
            .map(|(_, id)| id.clone())
            .collect();
        for id in &forgotten {
            self.remove(id);
        }

        let mut fetch = Vec::new();
        let mut waiting_for_token = false;
        while let Some(id) = self.due.next(now).map(str::to_owned) {
            if !self.bucket.try_take(now) {
                waiting_for_token = true;
                break;
            }
            self.change(&id, |contact| contact.fetching = true);
            fetch.push(id);
        }

        // Everything due now is being fetched or waits for the token; what falls due later:
        let token = waiting_for_token
            .then(|| now.checked_add(self.bucket.wait(now)))
            .flatten();
        let forgetting = self
            .idle
            .iter()
            .find(|(_, id)| self.contacts.get(id).is_some_and(|c| !c.fetching))
            .and_then(|(at, _)| at.checked_add(forget));
        Plan {
            fetch,
            next: [token, self.due.next_after(now), forgetting]
                .into_iter()
                .flatten()
                .min(),
            forgotten,
        }
    }

    /// A Connect call for `id` came back.
    pub fn fetched(&mut self, id: &str, outcome: Outcome, now: Instant) {
        let throttled = outcome == Err(SourceError::Throttled);
        if throttled {
            self.bucket.throttled(now);
        }
        self.change(id, |contact| {
            contact.fetching = false;
            // A throttled call leaves the cache as it was: old data beats no data. Data
            // fetched elsewhere (the shared store) may be older than what is cached: it is not
            // kept.
            let newer = contact.cached.as_ref().is_none_or(|c| c.at <= now);
            if newer && (!throttled || contact.cached.is_none()) {
                let position = outcome
                    .as_ref()
                    .ok()
                    .and_then(GetContactMetricsResponse::position);
                contact.cached = Some(Cached {
                    outcome,
                    at: now,
                    position,
                    role: contact.role,
                });
            }
        });
    }

    /// A planned fetch made no call and brought nothing (the account's budget, shared through
    /// the store, was spent by other replicas, or the store failed): the contact waits for the
    /// next plan as it was.
    pub fn skipped(&mut self, id: &str) {
        self.change(id, |contact| contact.fetching = false);
    }

    /// How `id`'s answers are used now, and its place (carried between its answers): they set
    /// how fresh its data must be.
    pub fn set_role(&mut self, id: &str, role: Role, position: Option<u32>) {
        self.change(id, |contact| {
            contact.role = role;
            if let Some(cached) = &mut contact.cached {
                cached.role = role;
                if position.is_some() {
                    cached.position = position;
                }
            }
        });
    }

    /// A planned fetch was answered by another replica's call (the shared cache), so the token
    /// this replica took for it goes back.
    pub fn refund(&mut self, now: Instant) {
        self.bucket.refund(now);
    }

    /// Runs this replica's calls at `share` of the budget (see [`AdaptiveBucket::set_share`]).
    pub fn set_share(&mut self, share: f64, empty: bool, now: Instant) {
        self.bucket.set_share(share, empty, now);
        let every = if share > 0.0 {
            seconds(FRONT_EVERY.as_secs_f64() / share)
        } else {
            Duration::MAX
        };
        self.front_every = every.min(Duration::from_secs(60));
        // The fronts fall due at the new pace. A share changes when replicas come or go:
        // rarely enough for one look over the contacts.
        let fronts: Vec<String> = self
            .contacts
            .iter()
            .filter(|(_, contact)| contact.role == Role::Front)
            .map(|(id, _)| id.clone())
            .collect();
        for id in fronts {
            self.change(&id, |_| ());
        }
    }

    /// How long one round over every contact refreshed on schedule takes at the current rate:
    /// under overload, the soonest a given contact can expect fresh data.
    fn load_interval(&self) -> Duration {
        seconds(self.queued as f64 / self.bucket.rate().max(0.01))
    }
}

/// A count of seconds as a `Duration`, saturating instead of panicking.
fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests;
