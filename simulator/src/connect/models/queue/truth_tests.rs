//! The positions the queue reports are the truth: at every instant of a busy seeded run
//! (arrivals, agents, contacts stopped, leaving for a callback or giving up from the middle),
//! each queued contact's position is a recount of the queue in front of it, and its estimated
//! wait is the one for that position.

use waitline_core::rng::Rng;

use super::*;

/// What the test does between two looks at the queue.
#[derive(Debug, Default)]
struct Run {
    /// Contacts the test started, in order.
    mine: Vec<String>,
    /// Contacts the test took out of the queue with someone still behind them.
    left_from_the_middle: u32,
    /// Background callers who gave up while someone was ahead of them at the last look.
    abandoned_behind_others: u32,
    /// Queued contacts whose position was checked.
    checked: u64,
}

/// Asserts that every queued contact is at its place: 1 + the number of contacts ahead of it,
/// counted front to back; that the positions the queue gives out are exactly 1 to the queue's
/// length, in the order the contacts entered it; and that a contact is queued exactly when its
/// record says so (in queue, no agent, not ended).
fn check_positions(queue: &Queue, run: &mut Run) {
    for (index, seq) in queue.waiting.iter().enumerate() {
        let id = &queue.id_by_seq[seq];
        let position = u32::try_from(index + 1).unwrap();
        assert_eq!(
            queue.status(id),
            Some(ContactStatus::Queued {
                position,
                ewt_seconds: queue.estimated_wait(position),
            }),
            "at {} s, contact {id} is number {position} of {}",
            queue.now(),
            queue.waiting(),
        );
        run.checked += 1;
    }
    let mut queued: Vec<(u32, f64)> = Vec::new();
    for id in queue.records.keys() {
        let record = queue.record(id).unwrap();
        let in_queue =
            record.enqueued.is_some() && record.accepted.is_none() && record.disconnected.is_none();
        match queue.status(id) {
            Some(ContactStatus::Queued { position, .. }) => {
                assert!(in_queue, "{id} has a position but its record {record:?}");
                queued.push((position, record.enqueued.unwrap()));
            }
            other => assert!(!in_queue, "{id} is {other:?} but its record {record:?}"),
        }
    }
    queued.sort_by_key(|&(position, _)| position);
    let positions: Vec<u32> = queued.iter().map(|&(position, _)| position).collect();
    let expected: Vec<u32> = (1..=u32::try_from(queue.waiting()).unwrap()).collect();
    assert_eq!(positions, expected, "at {} s", queue.now());
    assert!(
        queued.windows(2).all(|pair| pair[0].1 <= pair[1].1),
        "positions out of the order of entering the queue at {} s",
        queue.now()
    );
}

/// Background callers queued now, with their positions.
fn queued_callers(queue: &Queue, run: &Run) -> Vec<(String, u32)> {
    queue
        .waiting
        .iter()
        .enumerate()
        .map(|(index, seq)| {
            (
                queue.id_by_seq[seq].clone(),
                u32::try_from(index + 1).unwrap(),
            )
        })
        .filter(|(id, _)| !run.mine.contains(id))
        .collect()
}

/// A queued contact of the test's, picked at random, and whether anyone is behind it.
fn pick_queued(queue: &Queue, run: &Run, driver: &mut Rng) -> Option<(String, bool)> {
    let queued: Vec<(&String, u32)> = run
        .mine
        .iter()
        .filter_map(|id| match queue.status(id) {
            Some(ContactStatus::Queued { position, .. }) => Some((id, position)),
            _ => None,
        })
        .collect();
    let pick = (driver.next_f64() * queued.len() as f64) as usize;
    let (id, position) = queued.get(pick)?;
    let behind = usize::try_from(*position).unwrap() < queue.waiting();
    Some(((*id).clone(), behind))
}

fn busy_run(seed: u64) -> Run {
    let mut queue = Queue::new(QueueConfig {
        agents: 3,
        mean_handle_seconds: 150.0,
        arrivals_per_minute: 1.5,
        initial_queue: 6,
        mean_patience_seconds: Some(300.0),
        seed,
        ..QueueConfig::default()
    });
    let mut driver = Rng::new(seed.wrapping_add(1_000));
    let mut run = Run::default();
    let mut t = 0.0;
    while t < 4.0 * 3600.0 {
        t += driver.exponential(20.0);
        let before = queued_callers(&queue, &run);
        queue.advance_to(t);
        check_positions(&queue, &mut run);
        for (id, position) in before {
            let record = queue.record(&id).unwrap();
            if record.accepted.is_none() && record.disconnected.is_some() {
                // Hung up while waiting: ended, with no agent, out of the queue.
                assert_eq!(queue.status(&id), Some(ContactStatus::Ended));
                assert_eq!(record.connected_to_agent, None);
                run.abandoned_behind_others += u32::from(position > 1);
            }
        }
        let action = driver.next_f64();
        if action < 0.4 {
            run.mine.push(queue.join());
        } else if action < 0.7 {
            if let Some((id, behind)) = pick_queued(&queue, &run, &mut driver) {
                queue.stop(&id).unwrap();
                run.left_from_the_middle += u32::from(behind);
            }
        } else if action < 0.8
            && let Some((id, behind)) = pick_queued(&queue, &run, &mut driver)
        {
            queue.request_callback(&id, "+14255550123").unwrap();
            run.left_from_the_middle += u32::from(behind);
        }
        check_positions(&queue, &mut run);
    }
    run
}

#[test]
fn every_queued_contacts_position_is_a_recount_of_the_queue() {
    for seed in 1..=5 {
        let run = busy_run(seed);
        // The run did what it claims: many left from the middle, many positions were read.
        assert!(
            run.left_from_the_middle >= 50,
            "seed {seed}: only {} left from the middle",
            run.left_from_the_middle
        );
        assert!(
            run.abandoned_behind_others >= 50,
            "seed {seed}: only {} gave up behind others",
            run.abandoned_behind_others
        );
        assert!(run.checked >= 5_000, "seed {seed}: {} checks", run.checked);
    }
}
