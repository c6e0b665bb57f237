//! The budget's decisions, pure: what a request gets, which contact to refresh next, and when
//! there will be something to do. Time is passed in, so tests drive the clock; the refresher
//! task in `budget/mod.rs` is a thin shell that sleeps until [`Plan::next`] or until a request
//! says the plan changed ([`Request::reschedule`]).

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use waitline_core::GetContactMetricsResponse;

use super::BudgetConfig;
use super::due::{DueIndex, Key, Line};
use super::limiter::TokenBucket;
use crate::source::SourceError;

pub type Outcome = Result<GetContactMetricsResponse, SourceError>;

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
/// ([`Scheduler::change`]), so nothing a request or a plan does scans them all.
#[derive(Debug)]
pub struct Scheduler {
    config: BudgetConfig,
    bucket: TokenBucket,
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

/// How often a queue's frontmost contact is refreshed by one process at the whole budget.
pub const FRONT_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug)]
struct Contact {
    cached: Option<Cached>,
    /// When a browser first asked: newcomers are called in that order.
    since: Instant,
    /// The last time a browser asked.
    wanted_at: Instant,
    fetching: bool,
    role: Role,
    /// Where it is in the due index now.
    indexed: Option<Key>,
}

#[derive(Debug, Clone)]
struct Cached {
    outcome: Outcome,
    at: Instant,
    position: Option<u32>,
    role: Role,
}

impl Cached {
    /// Its freshness target, a queue's front being refreshed every `front`.
    fn target(&self, front: Duration) -> Duration {
        match self.role {
            Role::Front => front,
            role => target(role, self.position),
        }
    }

    /// When the data reaches its freshness target.
    fn due_at(&self, front: Duration) -> Option<Instant> {
        self.at.checked_add(self.target(front))
    }

    /// Called before newcomers once due: a queue's front, or a contact in the first places
    /// whose own answers are all it gets (no queue's order places it: not described, or no
    /// `DescribeContact` budget). A customer about to be next is never starved by a crowd
    /// opening the widget.
    fn goes_first(&self) -> bool {
        match self.role {
            Role::Front => true,
            Role::Own => self.position.is_some_and(|p| p <= 3),
            Role::Placed => false,
        }
    }
}

impl Contact {
    /// Asked about since its last fetch (or never fetched): worth a call once due.
    fn wanted(&self) -> bool {
        self.cached.as_ref().is_none_or(|c| self.wanted_at > c.at)
    }

    /// Where it belongs in the due index; `None` when it needs no call (being fetched, or
    /// nobody asked since its last fetch). A queue's front goes first once due: its answers
    /// move everyone behind it (so does a contact near the front that no queue's order
    /// places: its own answers are all it gets). Then newcomers, who show nothing until their
    /// first answer, while everyone else shows a place (carried between answers, or their own
    /// last). Then the rest, in the order they fall due.
    fn key(&self, front: Duration) -> Option<Key> {
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
    fn queued(&self) -> bool {
        self.cached.as_ref().is_none_or(|c| c.position.is_some())
    }
}

impl Scheduler {
    pub fn new(config: BudgetConfig, now: Instant) -> Self {
        Self {
            bucket: TokenBucket::for_account(config.rate, config.burst, now),
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

    /// Runs this replica's calls at `share` of the budget (see [`TokenBucket::set_share`]).
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

fn answer(cached: &Cached, now: Instant, load: Duration, front: Duration) -> Answer {
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

/// A count of seconds as a `Duration`, saturating instead of panicking.
fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use waitline_core::MetricResult;

    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn config(rate: f64, burst: u32) -> BudgetConfig {
        BudgetConfig {
            rate,
            burst,
            ..BudgetConfig::default()
        }
    }

    fn at_position(position: u32) -> Outcome {
        Ok(GetContactMetricsResponse {
            metric_results: Some(vec![MetricResult::number(
                "POSITION_IN_QUEUE",
                f64::from(position),
            )]),
            id: None,
            arn: None,
        })
    }

    fn id(n: usize) -> String {
        format!("contact-{n:04}")
    }

    /// A contact asked about and fetched at `now`, outside the budget: the starting state.
    fn cached(s: &mut Scheduler, id: &str, position: u32, now: Instant) {
        s.request(id, now);
        s.fetched(id, at_position(position), now);
    }

    /// Plans at `now` and lands every call at once with the contact's position from `position`.
    fn plan_and_fetch(
        s: &mut Scheduler,
        now: Instant,
        position: impl Fn(&str) -> u32,
    ) -> Vec<String> {
        let plan = s.plan(now);
        for id in &plan.fetch {
            s.fetched(id, at_position(position(id)), now);
        }
        plan.fetch
    }

    #[test]
    fn never_over_the_rate_however_many_contacts_ask() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        let mut calls = 0;
        // 200 contacts asking every 100 ms for a minute, the refresher looking every 10 ms.
        for tick in 0..6_000u32 {
            let now = t0 + Duration::from_millis(u64::from(tick) * 10);
            if tick % 10 == 0 {
                for n in 0..200 {
                    s.request(&id(n), now);
                }
            }
            calls += plan_and_fetch(&mut s, now, |_| 50).len();
        }
        // The bucket holds one of the burst back: 2/s for 60 s, plus 4 at once.
        assert!(calls <= 2 * 60 + 4, "{calls} calls");
        assert!(calls >= 2 * 60, "the budget should be used: {calls} calls");
    }

    #[test]
    fn the_front_of_the_queue_is_refreshed_first() {
        let t0 = Instant::now();
        // One token at a time.
        let mut s = Scheduler::new(config(1.0, 2), t0);
        assert_eq!(s.plan(t0).fetch, Vec::<String>::new());
        cached(&mut s, "far", 50, t0);
        cached(&mut s, "front", 2, t0);
        // Both asked again, and both past their targets (2 s and 15 s) by the time we look.
        s.request("far", t0 + SECOND);
        s.request("front", t0 + SECOND);
        let now = t0 + Duration::from_secs(20);
        assert_eq!(s.plan(now).fetch, ["front"]);
        assert_eq!(s.plan(now + SECOND).fetch, ["far"]);
    }

    #[test]
    fn newcomers_go_ahead_of_everyone_but_a_due_front() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(1.0, 2), t0);
        cached(&mut s, "long-overdue", 20, t0);
        s.request("long-overdue", t0 + SECOND);
        let late = t0 + 5 * freshness_target(Some(20));
        s.request("newcomer", late);
        assert_eq!(
            s.plan(late).fetch,
            ["newcomer"],
            "nothing shown beats stale"
        );
        assert_eq!(s.plan(late + 2 * SECOND).fetch, ["long-overdue"]);

        let mut s = Scheduler::new(config(1.0, 2), t0);
        cached(&mut s, "front", 1, t0);
        s.set_role("front", Role::Front, None);
        s.request("front", t0 + SECOND);
        let due = t0 + 3 * SECOND;
        s.request("newcomer", t0);
        assert_eq!(
            s.plan(due).fetch,
            ["front"],
            "the front's answers move everyone"
        );
        assert_eq!(s.plan(due + 2 * SECOND).fetch, ["newcomer"]);
        // Among newcomers, the one who asked last: just opened, and served at once even
        // behind a backlog.
        let mut s = Scheduler::new(config(1.0, 1), t0);
        s.request("b-second", t0 + SECOND);
        s.request("a-last", t0 + 2 * SECOND);
        s.request("c-first", t0);
        let now = t0 + 3 * SECOND;
        assert_eq!(s.plan(now).fetch, ["a-last"]);
    }

    #[test]
    fn at_a_replicas_share_the_front_is_refreshed_as_much_less_often() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        cached(&mut s, "front", 4, t0);
        s.set_role("front", Role::Front, None);
        s.request("front", t0 + SECOND);
        assert_eq!(s.plan(t0 + SECOND).next, Some(t0 + FRONT_EVERY));
        // One of three replicas: the three fronts together cost what one would.
        s.set_share(1.0 / 3.0, false, t0 + SECOND);
        assert_eq!(s.plan(t0 + SECOND).next, Some(t0 + 3 * FRONT_EVERY));
        assert!(s.plan(t0 + 5 * SECOND).fetch.is_empty());
        assert_eq!(s.plan(t0 + 6 * SECOND).fetch, ["front"]);
    }

    #[test]
    fn newcomers_and_the_front_do_not_starve_each_other() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(5.0, 5), t0);
        cached(&mut s, "front", 1, t0);
        s.set_role("front", Role::Front, None);
        let mut front_fetched = t0;
        let mut crowd_fetched = std::collections::HashSet::new();
        let mut worst_front_age = Duration::ZERO;
        // The front and 300 newcomers (a minute of calls at 5/s) ask every 250 ms for 90 s.
        for tick in 0..9_000u32 {
            let now = t0 + Duration::from_millis(u64::from(tick) * 10);
            if tick % 25 == 0 {
                s.request("front", now);
                for n in 0..300 {
                    s.request(&id(n), now);
                }
            }
            for fetched in plan_and_fetch(&mut s, now, |id| if id == "front" { 1 } else { 100 }) {
                if fetched == "front" {
                    worst_front_age = worst_front_age.max(now - front_fetched);
                    front_fetched = now;
                } else {
                    crowd_fetched.insert(fetched);
                }
            }
        }
        // The front goes first once due (a 2 s target), newcomers take every other call: the
        // front is never older than its target and a request interval.
        assert!(
            worst_front_age <= Duration::from_millis(2_500),
            "the front's data got {worst_front_age:?} old while newcomers queued"
        );
        assert_eq!(crowd_fetched.len(), 300, "every newcomer was fetched");
    }

    #[test]
    fn one_call_per_contact_at_a_time() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(10.0, 10), t0);
        s.request("c", t0);
        assert_eq!(s.plan(t0).fetch, ["c"]);
        s.request("c", t0 + SECOND);
        assert_eq!(s.plan(t0 + SECOND).fetch, Vec::<String>::new());
    }

    #[test]
    fn requests_wait_only_where_waiting_can_pay_off() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        let config = BudgetConfig::default();
        // A newcomer's first request waits for its first data: the newest is called next,
        // however long the backlog.
        for n in 0..11 {
            assert_eq!(
                s.request(&id(n), t0).lookup,
                Lookup::Wait(config.wait_for_first)
            );
        }
        // Asking again with nothing yet, it waits while the backlog is shorter than that wait
        // (at 2 calls/s, 10 newcomers are 5 s of calls), and is told to come back beyond it.
        assert_eq!(
            s.request(&id(10), t0).lookup,
            Lookup::Busy(Busy {
                retry_after: Duration::from_millis(5500)
            })
        );
        let mut few = Scheduler::new(config, t0);
        few.request("a", t0);
        assert_eq!(
            few.request("a", t0).lookup,
            Lookup::Wait(config.wait_for_first)
        );
        // Cached and fresh: answered at once; stale: waits a little for the refresh.
        s.fetched(&id(0), at_position(20), t0);
        assert!(matches!(
            s.request(&id(0), t0 + SECOND).lookup,
            Lookup::Fresh(_)
        ));
        let stale = t0 + Duration::from_secs(16);
        assert_eq!(
            s.request(&id(0), stale).lookup,
            Lookup::Wait(config.wait_for_fresh)
        );
    }

    #[test]
    fn under_overload_a_stale_contact_is_answered_from_cache_at_once() {
        let t0 = Instant::now();
        // 100 contacts at 2 calls/s: a round takes 50 s, far beyond any freshness target.
        let mut s = Scheduler::new(config(2.0, 5), t0);
        for n in 0..100 {
            cached(&mut s, &id(n), 50, t0);
        }
        let later = t0 + Duration::from_secs(20);
        assert_eq!(
            s.request(&id(0), later).lookup,
            Lookup::Wait(Duration::ZERO)
        );
        let answer = s.answer(&id(0), later).unwrap();
        assert_eq!(answer.age, Duration::from_secs(20));
        // The hint slows polling to what the budget can serve.
        assert_eq!(answer.max_age, Duration::from_secs(30));
    }

    #[test]
    fn it_sleeps_until_there_is_work() {
        let t0 = Instant::now();
        let config = config(1.0, 2);
        let mut s = Scheduler::new(config, t0);
        // Nothing asked: nothing to wake for.
        assert_eq!(s.plan(t0).next, None);
        // Fetched and not asked since: only forgetting it is ahead.
        cached(&mut s, "c", 20, t0);
        assert_eq!(s.plan(t0).next, Some(t0 + config.forget_after));
        // Asked again: due at its freshness target.
        s.request("c", t0 + SECOND);
        let due = t0 + freshness_target(Some(20));
        assert_eq!(
            s.plan(t0 + SECOND),
            Plan {
                fetch: vec![],
                next: Some(due),
                forgotten: vec![],
            }
        );
        // Due, but the one token goes to a newcomer: the next token.
        s.request("newcomer", due);
        assert_eq!(
            s.plan(due),
            Plan {
                fetch: vec!["newcomer".into()],
                next: Some(due + SECOND),
                forgotten: vec![],
            }
        );
        assert_eq!(s.plan(due + SECOND).fetch, ["c"]);
    }

    #[test]
    fn requests_say_when_the_plan_changed() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(1.0, 2), t0);
        assert!(
            s.request("c", t0).reschedule,
            "a new contact is due at once"
        );
        assert!(!s.request("c", t0).reschedule, "already planned for");
        s.fetched("c", at_position(5), t0 + SECOND);
        assert!(
            s.request("c", t0 + 2 * SECOND).reschedule,
            "wanted again since its fetch: due at its target"
        );
        assert!(!s.request("c", t0 + 3 * SECOND).reschedule);
    }

    #[test]
    fn idle_contacts_are_forgotten() {
        let t0 = Instant::now();
        let config = config(2.0, 5);
        let forget = t0 + config.forget_after;
        let mut s = Scheduler::new(config, t0);
        cached(&mut s, "idle", 5, t0);
        cached(&mut s, "asked-again", 5, t0);
        s.request("in-flight", t0);
        assert_eq!(s.plan(t0).fetch, ["in-flight"]);
        s.request("asked-again", t0 + SECOND);
        let due = t0 + freshness_target(Some(5));
        assert_eq!(s.plan(t0 + 2 * SECOND).next, Some(due));
        assert_eq!(plan_and_fetch(&mut s, due, |_| 5), ["asked-again"]);
        // Nothing else falls due: the next thing to wake for is forgetting "idle".
        assert_eq!(s.plan(due).next, Some(forget));
        s.plan(forget);
        assert!(!s.is_tracked("idle"));
        assert!(s.is_tracked("asked-again"));
        // A call in flight keeps its contact however long it takes; it is forgotten once landed.
        assert!(s.is_tracked("in-flight"));
        let landed = forget + SECOND / 2;
        s.fetched("in-flight", at_position(9), landed);
        let plan = s.plan(landed);
        assert!(!s.is_tracked("in-flight"));
        assert_eq!(s.tracked(), 1);
        assert_eq!(plan.next, Some(forget + SECOND));
        assert_eq!(s.plan(forget + SECOND).next, None);
        assert_eq!(s.tracked(), 0);
        // A newcomer forgotten before its first fetch leaves the newcomers' backlog too.
        s.request("never-fetched", forget);
        s.bucket = TokenBucket::new(0.01, 1, forget);
        assert!(s.bucket.try_take(forget));
        assert_eq!(s.unfetched, 1);
        s.plan(forget + config.forget_after);
        assert_eq!(s.unfetched, 0);
    }

    #[test]
    fn a_throttled_call_keeps_the_cache_and_halves_the_rate() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        cached(&mut s, "c", 5, t0);
        s.request("c", t0 + SECOND);
        let later = t0 + Duration::from_secs(10);
        assert_eq!(s.plan(later).fetch, ["c"]);
        s.fetched("c", Err(SourceError::Throttled), later);
        let answer = s.answer("c", later).unwrap();
        assert_eq!(answer.outcome, at_position(5));
        assert_eq!(s.bucket.rate(), 1.0);
        // Still wanted and stale: retried when the emptied bucket has a token again.
        assert_eq!(s.plan(later).next, Some(later + SECOND));
    }

    #[test]
    fn data_fetched_elsewhere_is_as_old_as_its_fetch() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        s.request("c", t0);
        assert_eq!(s.plan(t0).fetch, ["c"]);
        // Another replica fetched it 1 s before this one's plan ran; position 2: a 2 s target.
        let now = t0 + SECOND;
        s.fetched("c", at_position(2), now - SECOND);
        s.refund(now);
        let answer = s.answer("c", now).unwrap();
        assert_eq!(answer.age, SECOND);
        assert_eq!(answer.max_age, SECOND);
        s.request("c", now);
        assert_eq!(s.plan(now).next, Some(t0 + 2 * SECOND));
    }

    #[test]
    fn a_skipped_fetch_leaves_the_contact_due() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(1.0, 3), t0);
        s.request("c", t0);
        assert_eq!(s.plan(t0).fetch, ["c"]);
        assert_eq!(s.plan(t0).fetch, Vec::<String>::new(), "in flight");
        s.skipped("c");
        assert_eq!(s.plan(t0).fetch, ["c"], "due again, on the next token");
    }

    #[test]
    fn a_share_of_nothing_makes_no_call_and_a_whole_share_resumes() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        s.set_share(0.0, true, t0);
        s.request("c", t0);
        let plan = s.plan(t0 + Duration::from_secs(60));
        assert_eq!(plan.fetch, Vec::<String>::new());
        assert_eq!(plan.next, Some(t0 + config(2.0, 5).forget_after));
        let later = t0 + Duration::from_secs(61);
        s.set_share(1.0, false, later);
        assert_eq!(s.plan(later + SECOND).fetch, ["c"]);
    }

    #[test]
    fn a_request_says_beforehand_whether_it_would_cost_a_call() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        assert!(s.would_call("c"), "a new contact");
        assert_eq!(
            s.cached("c", t0, 3 * SECOND),
            Err(Busy {
                retry_after: 3 * SECOND
            })
        );
        s.request("c", t0);
        assert!(!s.would_call("c"), "already due");
        s.fetched("c", at_position(20), t0);
        assert!(s.would_call("c"), "not asked about since its fetch");
        let answer = s.cached("c", t0 + SECOND, 30 * SECOND).unwrap();
        assert_eq!(answer.max_age, 30 * SECOND);
        assert!(s.would_call("c"), "peeking wants nothing");
    }

    #[test]
    fn a_contact_never_fetched_is_busy_after_its_wait() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(config(2.0, 5), t0);
        s.request("c", t0);
        assert_eq!(
            s.answer("c", t0),
            Err(Busy {
                retry_after: SECOND
            })
        );
    }
}
