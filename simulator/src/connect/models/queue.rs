//! A simulated Amazon Connect queue: agents, Poisson arrivals, exponential handle times.
//!
//! Pure and event-driven: time only moves when [`Queue::advance_to`] is called with a later
//! simulated second, so tests replay exactly from a seed.

use std::collections::{BinaryHeap, HashMap, VecDeque};

use waitline_core::rng::Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct QueueConfig {
    pub agents: u32,
    pub mean_handle_seconds: f64,
    /// 0 turns arrivals off.
    pub arrivals_per_minute: f64,
    /// Contacts already waiting when the simulation starts.
    pub initial_queue: u32,
    /// How long a contact that reached an agent is still known (then: not found).
    pub forget_after_seconds: f64,
    pub seed: u64,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self {
            agents: 4,
            mean_handle_seconds: 180.0,
            arrivals_per_minute: 1.2,
            initial_queue: 8,
            forget_after_seconds: 600.0,
            seed: 1,
        }
    }
}

/// Where a known contact is, as GetContactMetrics would see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ContactStatus {
    Queued {
        position: u32,
        ewt_seconds: f64,
    },
    /// Taken by an agent: no longer in queue, so no metrics.
    WithAgent,
}

#[derive(Debug, Clone, Copy)]
enum Tracked {
    Queued { seq: u64 },
    WithAgent { since: f64 },
}

#[derive(Debug)]
pub struct Queue {
    config: QueueConfig,
    rng: Rng,
    now: f64,
    /// Sequence numbers of waiting contacts, front first. FIFO and no abandonment, so a
    /// contact's position is its distance from the front.
    waiting: VecDeque<u64>,
    next_seq: u64,
    /// When each agent frees up; `None` while idle.
    agents: Vec<Option<f64>>,
    next_arrival: f64,
    /// Contacts that can be asked about, by ID.
    tracked: HashMap<String, Tracked>,
    id_by_seq: HashMap<u64, String>,
}

impl Queue {
    pub fn new(config: QueueConfig) -> Self {
        let mut rng = Rng::new(config.seed);
        // Agents start mid-call, so the first ones free up at staggered times.
        let agents = (0..config.agents)
            .map(|_| Some(rng.next_f64() * config.mean_handle_seconds))
            .collect();
        let next_arrival = next_arrival(&mut rng, 0.0, config.arrivals_per_minute);
        let mut queue = Self {
            waiting: VecDeque::new(),
            next_seq: 0,
            agents,
            next_arrival,
            tracked: HashMap::new(),
            id_by_seq: HashMap::new(),
            now: 0.0,
            rng,
            config,
        };
        for _ in 0..queue.config.initial_queue {
            queue.enqueue();
        }
        queue
    }

    pub fn now(&self) -> f64 {
        self.now
    }

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Runs the simulation forward to `time` (seconds); earlier times are ignored.
    pub fn advance_to(&mut self, time: f64) {
        loop {
            let completion = self
                .agents
                .iter()
                .enumerate()
                .filter_map(|(i, busy)| busy.map(|until| (i, until)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let arrival_first = completion.is_none_or(|(_, until)| self.next_arrival <= until);
            let event_time = if arrival_first {
                self.next_arrival
            } else {
                completion.map_or(f64::INFINITY, |c| c.1)
            };
            if event_time > time {
                break;
            }
            self.now = event_time;
            if arrival_first {
                self.enqueue();
                self.next_arrival =
                    next_arrival(&mut self.rng, self.now, self.config.arrivals_per_minute);
            } else if let Some((agent, _)) = completion {
                self.agents[agent] = None;
            }
            self.dispatch();
        }
        self.now = self.now.max(time);
        self.forget_old();
    }

    /// A new contact joins the back of the queue; returns its ID.
    pub fn join(&mut self) -> String {
        let id = self.rng.uuid();
        let seq = self.enqueue();
        self.tracked.insert(id.clone(), Tracked::Queued { seq });
        self.id_by_seq.insert(seq, id.clone());
        self.dispatch();
        id
    }

    pub fn status(&self, id: &str) -> Option<ContactStatus> {
        match self.tracked.get(id)? {
            Tracked::WithAgent { .. } => Some(ContactStatus::WithAgent),
            Tracked::Queued { seq } => {
                let front = *self.waiting.front()?;
                let position = u32::try_from(seq - front + 1).unwrap_or(u32::MAX);
                Some(ContactStatus::Queued {
                    position,
                    ewt_seconds: self.estimated_wait(position),
                })
            }
        }
    }

    /// When the contact at `position` will reach an agent, assuming every call from now on
    /// takes the mean handle time: the time of the `position`-th agent release.
    fn estimated_wait(&self, position: u32) -> f64 {
        // Min-heap of release times, via reversed ordering on the bits of non-negative floats.
        let mut releases: BinaryHeap<std::cmp::Reverse<u64>> = self
            .agents
            .iter()
            .map(|busy| std::cmp::Reverse(busy.unwrap_or(self.now).max(self.now).to_bits()))
            .collect();
        let mut taken_at = self.now;
        for _ in 0..position {
            let Some(std::cmp::Reverse(bits)) = releases.pop() else {
                return f64::INFINITY; // no agents: the wait has no end
            };
            taken_at = f64::from_bits(bits);
            releases.push(std::cmp::Reverse(
                (taken_at + self.config.mean_handle_seconds).to_bits(),
            ));
        }
        taken_at - self.now
    }

    fn enqueue(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.waiting.push_back(seq);
        seq
    }

    /// Idle agents take contacts from the front of the queue.
    fn dispatch(&mut self) {
        while let Some(agent) = self.agents.iter().position(Option::is_none) {
            let Some(seq) = self.waiting.pop_front() else {
                break;
            };
            let handle = self.rng.exponential(self.config.mean_handle_seconds);
            self.agents[agent] = Some(self.now + handle);
            if let Some(id) = self.id_by_seq.remove(&seq) {
                self.tracked
                    .insert(id, Tracked::WithAgent { since: self.now });
            }
        }
    }

    fn forget_old(&mut self) {
        let horizon = self.now - self.config.forget_after_seconds;
        self.tracked.retain(
            |_, tracked| !matches!(tracked, Tracked::WithAgent { since } if *since < horizon),
        );
    }
}

fn next_arrival(rng: &mut Rng, now: f64, per_minute: f64) -> f64 {
    if per_minute > 0.0 {
        now + rng.exponential(60.0 / per_minute)
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> QueueConfig {
        QueueConfig {
            agents: 2,
            mean_handle_seconds: 60.0,
            arrivals_per_minute: 0.0,
            initial_queue: 5,
            ..QueueConfig::default()
        }
    }

    fn position(queue: &Queue, id: &str) -> Option<u32> {
        match queue.status(id)? {
            ContactStatus::Queued { position, .. } => Some(position),
            ContactStatus::WithAgent => None,
        }
    }

    #[test]
    fn a_new_contact_joins_the_back() {
        let mut queue = Queue::new(config());
        let id = queue.join();
        assert_eq!(position(&queue, &id), Some(6));
        assert_eq!(queue.waiting(), 6);
    }

    #[test]
    fn position_falls_as_agents_take_contacts_until_connected() {
        let mut queue = Queue::new(config());
        let id = queue.join();
        let mut seen = vec![position(&queue, &id).unwrap()];
        let mut t = 0.0;
        while let Some(ContactStatus::Queued { position, .. }) = queue.status(&id) {
            t += 5.0;
            queue.advance_to(t);
            if let Some(ContactStatus::Queued { position: now, .. }) = queue.status(&id) {
                assert!(now <= position, "position went up: {position} -> {now}");
                if now < *seen.last().unwrap() {
                    seen.push(now);
                }
            }
            assert!(t < 10_000.0, "never reached an agent");
        }
        assert_eq!(queue.status(&id), Some(ContactStatus::WithAgent));
        assert_eq!(seen.first(), Some(&6));
        assert!(seen.len() >= 3, "position should fall in steps: {seen:?}");
    }

    #[test]
    fn ewt_grows_with_position_and_shrinks_with_time() {
        let mut queue = Queue::new(config());
        let ids: Vec<String> = (0..3).map(|_| queue.join()).collect();
        let ewt = |queue: &Queue, id: &str| match queue.status(id) {
            Some(ContactStatus::Queued { ewt_seconds, .. }) => ewt_seconds,
            other => panic!("not queued: {other:?}"),
        };
        let (a, b, c) = (
            ewt(&queue, &ids[0]),
            ewt(&queue, &ids[1]),
            ewt(&queue, &ids[2]),
        );
        assert!(a > 0.0 && a <= b && b <= c, "{a} {b} {c}");
        // Two agents at 60 s each: roughly 30 s per place in the queue.
        assert!((c - a) > 30.0 && (c - a) < 90.0, "{a} {c}");
        let before = ewt(&queue, &ids[2]);
        queue.advance_to(1.0);
        assert!(ewt(&queue, &ids[2]) < before);
    }

    #[test]
    fn with_no_agents_the_wait_is_unbounded() {
        let mut queue = Queue::new(QueueConfig {
            agents: 0,
            ..config()
        });
        let id = queue.join();
        queue.advance_to(1000.0);
        assert_eq!(
            queue.status(&id),
            Some(ContactStatus::Queued {
                position: 6,
                ewt_seconds: f64::INFINITY
            })
        );
    }

    #[test]
    fn arrivals_join_behind() {
        let mut queue = Queue::new(QueueConfig {
            agents: 0,
            arrivals_per_minute: 6.0,
            initial_queue: 0,
            ..config()
        });
        queue.advance_to(600.0);
        let waiting = queue.waiting();
        assert!(
            (30..=95).contains(&waiting),
            "about 60 arrivals expected, got {waiting}"
        );
    }

    #[test]
    fn connected_contacts_are_forgotten_after_a_while() {
        let mut queue = Queue::new(QueueConfig {
            initial_queue: 0,
            forget_after_seconds: 100.0,
            ..config()
        });
        queue.advance_to(1000.0); // agents idle
        let id = queue.join();
        assert_eq!(queue.status(&id), Some(ContactStatus::WithAgent));
        queue.advance_to(1050.0);
        assert_eq!(queue.status(&id), Some(ContactStatus::WithAgent));
        queue.advance_to(1101.0);
        assert_eq!(queue.status(&id), None);
        assert_eq!(queue.status("unknown"), None);
    }

    #[test]
    fn replays_from_the_seed() {
        let run = || {
            let mut queue = Queue::new(QueueConfig {
                arrivals_per_minute: 3.0,
                ..config()
            });
            let id = queue.join();
            queue.advance_to(90.0);
            (queue.status(&id), queue.waiting(), id)
        };
        assert_eq!(run(), run());
    }
}
