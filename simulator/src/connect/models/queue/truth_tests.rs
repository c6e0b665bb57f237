//! The positions the queues report are the truth: at every instant of a busy seeded run
//! (arrivals, agents, contacts stopped, leaving for a callback, giving up from the middle, their
//! priority or routing age changed), each queued contact's position is a recount, from the
//! records alone, of the contacts its queue serves before it (lower `QueuePriority` first, then
//! earlier routing time, then earlier entry), and its estimated wait is the one for that
//! position. And no agent sits idle while a contact it takes is waiting.

use waitline_core::rng::Rng;

use super::*;
use crate::connect::models::center::ContactCenter;

/// What the test does between two looks at the queue.
#[derive(Debug, Default)]
struct Run {
    /// Contacts the test started, in order.
    mine: Vec<String>,
    /// Contacts the test took out of the queue with someone still behind them.
    left_from_the_middle: u32,
    /// Background callers who gave up while someone was ahead of them at the last look.
    abandoned_behind_others: u32,
    /// Contacts whose priority or routing age the test changed while they waited.
    rerouted: u32,
    /// Queued contacts whose position was checked.
    checked: u64,
}

/// The order a queue serves a contact in, recounted from its record: (priority, routing time,
/// the order it entered a queue).
type ServiceOrder = (u64, f64, u64);

fn service_order(queue: &Queue, id: &str) -> ServiceOrder {
    let Contact { record, stage, .. } = &queue.contacts[id];
    let Stage::Queued(key) = stage else {
        panic!("{id} is not queued");
    };
    let routed = record.enqueued.unwrap() - record.time_adjustment_seconds as f64;
    (record.priority, routed, key.seq)
}

/// Asserts that every queued contact is at its place, recounted from the records; that the
/// positions in each queue are exactly 1 to its length; that a contact is queued exactly when
/// its record says so; and that no idle agent could take anyone waiting.
fn check_positions(queue: &Queue, run: &mut Run) {
    let mut by_queue: HashMap<QueueRef, Vec<(String, ServiceOrder)>> = HashMap::new();
    for (id, Contact { record, .. }) in &queue.contacts {
        let in_queue = record.in_queue_at(queue.now());
        match queue.status(id) {
            Some(ContactStatus::Queued { .. }) => {
                assert!(in_queue, "{id} has a position but its record {record:?}");
                let order = service_order(queue, id);
                by_queue
                    .entry(record.queue)
                    .or_default()
                    .push((id.clone(), order));
            }
            other => assert!(!in_queue, "{id} is {other:?} but its record {record:?}"),
        }
    }
    let mut total = 0;
    for (queue_ref, mut contacts) in by_queue {
        contacts.sort_by(|a, b| {
            let (pa, ta, sa) = a.1;
            let (pb, tb, sb) = b.1;
            pa.cmp(&pb).then(ta.total_cmp(&tb)).then(sa.cmp(&sb))
        });
        for (index, (id, _)) in contacts.iter().enumerate() {
            let position = u32::try_from(index + 1).unwrap();
            let channel = queue.contacts[id].record.channel;
            assert_eq!(
                queue.status(id),
                Some(ContactStatus::Queued {
                    position,
                    ewt_seconds: queue.estimated_wait(queue_ref, channel, position),
                }),
                "at {} s, contact {id} is number {position} of {} in queue {queue_ref:?}",
                queue.now(),
                contacts.len(),
            );
            run.checked += 1;
        }
        total += contacts.len();
    }
    assert_eq!(total, queue.waiting(), "at {} s", queue.now());
    for agent in queue.agents.idle() {
        assert_eq!(
            queue.pick(agent),
            None,
            "at {} s agent {agent} is idle while a contact it takes waits",
            queue.now()
        );
    }
}

/// Background callers queued now, with their positions.
fn queued_callers(queue: &Queue, run: &Run) -> Vec<(String, u32)> {
    queue
        .contacts
        .iter()
        .filter(|(_, contact)| matches!(contact.stage, Stage::Queued(_)))
        .map(|(id, _)| id)
        .filter(|id| !run.mine.contains(id))
        .filter_map(|id| match queue.status(id) {
            Some(ContactStatus::Queued { position, .. }) => Some((id.clone(), position)),
            _ => None,
        })
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
    let record = &queue.contacts[id.as_str()].record;
    let in_its_queue: usize = Channel::ALL
        .into_iter()
        .map(|channel| queue.lines.len(record.queue, channel))
        .sum();
    let behind = usize::try_from(*position).unwrap() < in_its_queue;
    Some(((*id).clone(), behind))
}

/// A new contact of the test's: in the default queue, or a random queue and channel.
fn start(queue: &mut Queue, driver: &mut Rng) -> String {
    let names: Vec<String> = queue
        .center()
        .queues()
        .iter()
        .map(|q| q.name.clone())
        .collect();
    if names.len() == 1 {
        return queue.join();
    }
    let name = &names[(driver.next_f64() * names.len() as f64) as usize];
    let channel = [Channel::Voice, Channel::Chat][usize::from(driver.next_f64() < 0.5)];
    queue.join_queue(name, channel).unwrap()
}

fn busy_run(seed: u64, center: Option<ContactCenter>) -> Run {
    let several = center.is_some();
    let mut queue = Queue::new(QueueConfig {
        center: center.map(Arc::new),
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
            let id = start(&mut queue, &mut driver);
            run.mine.push(id);
        } else if action < 0.6 {
            if let Some((id, behind)) = pick_queued(&queue, &run, &mut driver) {
                queue.stop(&id).unwrap();
                run.left_from_the_middle += u32::from(behind);
            }
        } else if action < 0.7 {
            if let Some((id, behind)) = pick_queued(&queue, &run, &mut driver) {
                queue.request_callback(&id, "+14255550123").unwrap();
                run.left_from_the_middle += u32::from(behind);
            }
        } else if several
            && action < 0.9
            && let Some((id, _)) = pick_queued(&queue, &run, &mut driver)
        {
            let update = if driver.next_f64() < 0.5 {
                RoutingUpdate {
                    priority: Some(1 + (driver.next_f64() * 9.0) as u64),
                    ..RoutingUpdate::default()
                }
            } else {
                RoutingUpdate {
                    time_adjustment_seconds: Some((driver.next_f64() * 1200.0) as i64 - 600),
                    ..RoutingUpdate::default()
                }
            };
            queue.update_routing(&id, update).unwrap();
            run.rerouted += 1;
        }
        check_positions(&queue, &mut run);
    }
    run
}

#[test]
fn every_queued_contacts_position_is_a_recount_of_the_queue() {
    for seed in 1..=5 {
        let run = busy_run(seed, None);
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

#[test]
fn with_several_queues_and_priorities_every_position_is_a_recount_of_its_queue() {
    for seed in 1..=5 {
        let center = ContactCenter::sales_support_callback(1, 1, 1);
        let run = busy_run(seed, Some(center));
        assert!(
            run.left_from_the_middle >= 30,
            "seed {seed}: only {} left from the middle",
            run.left_from_the_middle
        );
        assert!(
            run.abandoned_behind_others >= 30,
            "seed {seed}: only {} gave up behind others",
            run.abandoned_behind_others
        );
        assert!(run.rerouted >= 50, "seed {seed}: {} rerouted", run.rerouted);
        assert!(run.checked >= 5_000, "seed {seed}: {} checks", run.checked);
    }
}
