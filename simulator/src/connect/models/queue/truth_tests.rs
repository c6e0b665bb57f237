//! The positions the queue reports are the truth: at every instant of a busy seeded run
//! (arrivals, agents, contacts leaving from the middle), each queued contact's position is a
//! recount of the queue in front of it, and its estimated wait is the one for that position.

use waitline_core::rng::Rng;

use super::*;

/// What the test does between two looks at the queue.
#[derive(Debug, Default)]
struct Run {
    /// Contacts the test started, in order.
    mine: Vec<String>,
    /// Contacts taken out of the queue with someone still behind them.
    left_from_the_middle: u32,
    /// Queued contacts whose position was checked.
    checked: u64,
}

/// Asserts that every queued contact the queue can name is at its place: 1 + the number of
/// contacts ahead of it, counted front to back.
fn check_positions(queue: &Queue, run: &mut Run) {
    for (index, seq) in queue.waiting.iter().enumerate() {
        let Some(id) = queue.id_by_seq.get(seq) else {
            continue;
        };
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
        seed,
        ..QueueConfig::default()
    });
    let mut driver = Rng::new(seed.wrapping_add(1_000));
    let mut run = Run::default();
    let mut t = 0.0;
    while t < 4.0 * 3600.0 {
        t += driver.exponential(20.0);
        queue.advance_to(t);
        check_positions(&queue, &mut run);
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
        assert!(run.checked >= 5_000, "seed {seed}: {} checks", run.checked);
    }
}
