//! Abandonment: background callers (the initial queue and Poisson arrivals) are anonymous
//! people with a patience drawn from an exponential distribution; one still queued when it runs
//! out hangs up and leaves the queue from wherever it is. Contacts created through the API
//! (`join`, chats, tasks, callbacks) never abandon: a person or a test follows them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use waitline_core::rng::Rng;

/// When each patient caller gives up, soonest first: O(log n) a caller. One that reached an
/// agent or left otherwise keeps its entry until the deadline passes, when it is dropped unused:
/// cheaper than finding it in the heap, which so holds about arrivals × mean patience entries.
#[derive(Debug, Clone)]
pub(super) struct Patience {
    mean_seconds: Option<f64>,
    /// (deadline as the bits of a non-negative float, which order as the floats do; seq; the
    /// caller's contact ID). The seq is unique, so the ID never decides the order.
    deadlines: BinaryHeap<Reverse<(u64, u64, String)>>,
    /// Background callers' draws (their IDs and patience) on a stream of their own, so the
    /// main stream's draws (agents, arrivals, handle times, API contacts' IDs) are the same
    /// with abandonment on or off.
    rng: Rng,
}

impl Patience {
    /// `None`, 0 or anything not a positive finite number: nobody abandons.
    pub(super) fn new(mean_seconds: Option<f64>, seed: u64) -> Self {
        Self {
            mean_seconds: mean_seconds.filter(|mean| mean.is_finite() && *mean > 0.0),
            deadlines: BinaryHeap::new(),
            // SplitMix64 streams from unrelated seeds do not overlap in any run's length.
            rng: Rng::new(Rng::new(!seed).next_u64()),
        }
    }

    /// A background caller's contact ID.
    pub(super) fn caller_id(&mut self) -> String {
        self.rng.uuid()
    }

    /// The caller `id`, queued at `now` as `seq`, gives up after a patience of its own.
    pub(super) fn start(&mut self, seq: u64, id: String, now: f64) {
        if let Some(mean) = self.mean_seconds {
            let deadline = now + self.rng.exponential(mean);
            self.deadlines.push(Reverse((deadline.to_bits(), seq, id)));
        }
    }

    /// When the next caller's patience runs out, if anyone's will.
    pub(super) fn next_deadline(&self) -> Option<f64> {
        self.deadlines
            .peek()
            .map(|Reverse((bits, _, _))| f64::from_bits(*bits))
    }

    /// The caller whose patience ran out first, the one [`Self::next_deadline`] named: its seq
    /// and contact ID.
    pub(super) fn pop(&mut self) -> Option<(u64, String)> {
        self.deadlines.pop().map(|Reverse((_, seq, id))| (seq, id))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ContactStatus, NewTask, Queue, QueueConfig};

    fn patient(mean_patience_seconds: Option<f64>) -> QueueConfig {
        QueueConfig {
            agents: 0,
            arrivals_per_minute: 0.0,
            initial_queue: 1_000,
            forget_after_seconds: 600.0,
            mean_patience_seconds,
            ..QueueConfig::default()
        }
    }

    #[test]
    fn callers_give_up_from_anywhere_in_the_queue_and_are_forgotten_later() {
        let mut queue = Queue::new(patient(Some(100.0)));
        queue.advance_to(100.0);
        // Exponential patience with a mean of 100 s: about e^-1 of the callers are left.
        let left = queue.waiting();
        assert!((330..=410).contains(&left), "{left} still waiting");
        let mut gave_up = 0;
        for id in queue.contacts.keys() {
            let record = queue.record(id).unwrap();
            assert_eq!(record.enqueued, Some(0.0));
            assert_eq!(record.accepted, None);
            match record.disconnected {
                Some(at) => {
                    assert!(at > 0.0 && at <= 100.0, "{at}");
                    assert_eq!(queue.status(id), Some(ContactStatus::Ended));
                    gave_up += 1;
                }
                None => assert!(matches!(
                    queue.status(id),
                    Some(ContactStatus::Queued { .. })
                )),
            }
        }
        assert_eq!(gave_up, 1_000 - left);
        // Those left moved up past the ones who gave up ahead of them.
        let mut positions: Vec<u32> = queue
            .contacts
            .keys()
            .filter_map(|id| match queue.status(id) {
                Some(ContactStatus::Queued { position, .. }) => Some(position),
                _ => None,
            })
            .collect();
        positions.sort_unstable();
        assert!(
            positions
                .iter()
                .copied()
                .eq(1..=u32::try_from(left).unwrap())
        );
        // The last of them gives up within the hour; ten minutes after, nobody is known.
        queue.advance_to(3_600.0);
        assert_eq!(queue.waiting(), 0);
        queue.advance_to(3_600.0 + 600.0);
        assert!(
            queue.contacts.is_empty(),
            "{} remembered",
            queue.contacts.len()
        );
    }

    #[test]
    fn contacts_created_through_the_api_never_give_up() {
        let mut queue = Queue::new(QueueConfig {
            initial_queue: 3,
            ..patient(Some(1.0))
        });
        let joined = queue.join();
        let leaving = queue.join();
        let callback = queue.request_callback(&leaving, "+14255550123").unwrap();
        let task = queue
            .start_task(NewTask {
                name: "Callback".into(),
                previous: Some(joined.clone()),
                ..NewTask::default()
            })
            .unwrap();
        queue.advance_to(100_000.0);
        let positions: Vec<_> = [&joined, &task, &callback]
            .into_iter()
            .map(|id| match queue.status(id) {
                Some(ContactStatus::Queued { position, .. }) => Some(position),
                _ => None,
            })
            .collect();
        assert_eq!(positions, [Some(1), Some(2), Some(3)], "callers gone");
        assert_eq!(queue.waiting(), 3);
    }

    #[test]
    fn without_patience_nobody_gives_up() {
        for mean in [None, Some(0.0)] {
            let mut queue = Queue::new(patient(mean));
            queue.advance_to(1e7);
            assert_eq!(queue.waiting(), 1_000, "{mean:?}");
        }
    }

    #[test]
    fn abandonment_replays_from_the_seed_and_leaves_the_other_draws_alone() {
        let run = |mean_patience_seconds| {
            let mut queue = Queue::new(QueueConfig {
                agents: 3,
                mean_handle_seconds: 120.0,
                arrivals_per_minute: 3.0,
                initial_queue: 10,
                mean_patience_seconds,
                ..QueueConfig::default()
            });
            let first = queue.join();
            queue.advance_to(1_800.0);
            let second = queue.join();
            let mut known: Vec<String> = queue.contacts.keys().cloned().collect();
            known.sort();
            let status = queue.status(&second);
            (first, second, status, queue.waiting(), known)
        };
        let patient = run(Some(300.0));
        assert_eq!(patient, run(Some(300.0)));
        let (first, _, _, waiting, _) = run(None);
        // The API's contact IDs come from the main stream, which abandonment leaves alone.
        assert_eq!(patient.0, first);
        assert!(patient.3 < waiting, "{} vs {waiting}", patient.3);
    }
}
