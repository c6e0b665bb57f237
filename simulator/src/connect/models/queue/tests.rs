//! The queue's own scenarios: joining, agents, arrivals, callbacks, forgetting, replay.

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
        _ => None,
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
fn agents_that_start_free_take_the_first_contacts_at_once_and_keep_them_until_stopped() {
    let mut queue = Queue::new(QueueConfig {
        agents: 1,
        initial_queue: 0,
        arrivals_per_minute: 0.0,
        mean_handle_seconds: 86_400.0,
        agents_start_busy: false,
        ..config()
    });
    let first = queue.join();
    let second = queue.join();
    assert_eq!(queue.status(&first), Some(ContactStatus::WithAgent));
    assert!(matches!(
        queue.status(&second),
        Some(ContactStatus::Queued { position: 1, .. })
    ));
    queue.advance_to(60.0);
    assert_eq!(queue.stop(&first), Ok(()));
    assert_eq!(queue.status(&second), Some(ContactStatus::WithAgent));
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

/// One agent, busy until `time`, no one else calling, and calls so long that a scenario's
/// own hang-up is what ends them.
pub(super) fn one_agent_busy_until(time: f64) -> Queue {
    let mut queue = Queue::new(QueueConfig {
        agents: 1,
        initial_queue: 0,
        arrivals_per_minute: 0.0,
        mean_handle_seconds: 1e9,
        ..QueueConfig::default()
    });
    queue.occupy_agents_until(time);
    queue
}

/// The seed's queued callback (`shared/reference/seeds/004_…`), second 0 being 11:35:00.
/// John calls at 11:35 and waits; at 11:37 he asks for a callback with a 99 s delay; the
/// one agent frees up at 11:39:00; whispers of 10 s (agent) and 15 s (customer); he hangs
/// up at 11:45.
fn seed_scenario() -> (Queue, String, String) {
    let mut queue = one_agent_busy_until(240.0);
    let john = queue.join();
    queue.advance_to(120.0);
    let callback = queue.request_callback(&john, "+14255550123").unwrap();
    queue.advance_to(600.0);
    queue.hang_up(&callback);
    (queue, john, callback)
}

#[test]
fn a_queued_callback_carries_the_seeds_times_and_links() {
    let (queue, john, callback) = seed_scenario();
    let inbound = queue.record(&john).unwrap();
    assert_eq!(inbound.initiation, Initiation::Inbound);
    assert_eq!(inbound.initiated, 0.0);
    assert_eq!(inbound.connected_to_system, Some(0.0));
    assert_eq!(inbound.enqueued, Some(0.0));
    assert_eq!(inbound.accepted, None, "no agent picked up");
    assert_eq!(inbound.connected_to_agent, None);
    assert_eq!(
        inbound.disconnected,
        Some(120.0),
        "disconnected by the flow at 11:37"
    );
    assert_eq!(inbound.next.as_deref(), Some(callback.as_str()));

    let record = queue.record(&callback).unwrap();
    assert_eq!(record.initiation, Initiation::Callback);
    assert_eq!(record.previous.as_deref(), Some(john.as_str()));
    assert_eq!(record.initiated, 120.0, "created at once, 11:37");
    assert_eq!(
        record.enqueued,
        Some(219.0),
        "after the 99 s delay, 11:38:39"
    );
    assert_eq!(record.accepted, Some(240.0), "an agent at 11:39:00");
    assert_eq!(
        record.connected_to_system,
        Some(250.0),
        "dialed at 11:39:10"
    );
    assert_eq!(record.connected_to_agent, Some(265.0), "joined at 11:39:25");
    assert_eq!(record.disconnected, Some(600.0), "hung up at 11:45");
    assert_eq!(record.queue_duration(), Some(120.0));
    assert_eq!(record.customer_number.as_deref(), Some("+14255550123"));
}

#[test]
fn a_callback_is_scheduled_then_queued_then_with_an_agent() {
    let mut queue = one_agent_busy_until(240.0);
    let john = queue.join();
    let behind = queue.join();
    assert_eq!(position(&queue, &behind), Some(2));
    queue.advance_to(120.0);
    let callback = queue.request_callback(&john, "+14255550123").unwrap();
    assert_eq!(queue.status(&john), Some(ContactStatus::Ended));
    assert_eq!(
        position(&queue, &behind),
        Some(1),
        "leaving moves the queue up"
    );
    assert_eq!(queue.status(&callback), Some(ContactStatus::Scheduled));
    // Not yet timestamped as queued or answered: those steps are still ahead.
    let scheduled = queue.record(&callback).unwrap();
    assert_eq!((scheduled.enqueued, scheduled.accepted), (None, None));
    queue.advance_to(230.0);
    assert_eq!(
        position(&queue, &callback),
        Some(2),
        "joins behind who was waiting"
    );
    queue.advance_to(245.0);
    assert_eq!(position(&queue, &callback), Some(1));
}

#[test]
fn asking_twice_gives_the_same_callback_and_only_queued_contacts_may_ask() {
    let mut queue = Queue::new(QueueConfig {
        agents: 0,
        ..config()
    });
    let john = queue.join();
    let first = queue.request_callback(&john, "+14255550123").unwrap();
    assert_eq!(
        queue.request_callback(&john, "+14255550199"),
        Ok(first.clone())
    );
    assert_eq!(
        queue.request_callback(&first, "+14255550123"),
        Err(CallbackRefused::NotInQueue),
        "a scheduled callback is not in queue"
    );
    assert_eq!(
        queue.request_callback("unknown", "+14255550123"),
        Err(CallbackRefused::UnknownContact)
    );
    let mut served = Queue::new(QueueConfig {
        initial_queue: 0,
        ..config()
    });
    served.advance_to(1000.0); // agents idle
    let taken = served.join();
    assert_eq!(
        served.request_callback(&taken, "+14255550123"),
        Err(CallbackRefused::NotInQueue)
    );
}

#[test]
fn a_callback_asked_from_the_middle_moves_up_everyone_behind_it() {
    let mut queue = Queue::new(QueueConfig {
        agents: 0,
        initial_queue: 0,
        ..config()
    });
    let ids: Vec<String> = (0..4).map(|_| queue.join()).collect();
    queue.request_callback(&ids[1], "+14255550123").unwrap();
    let positions: Vec<Option<u32>> = ids.iter().map(|id| position(&queue, id)).collect();
    assert_eq!(positions, [Some(1), None, Some(2), Some(3)]);
}

/// Nobody serving, two callers ahead, and a 30 s flow before the queue.
fn with_flow() -> Queue {
    Queue::new(QueueConfig {
        agents: 0,
        initial_queue: 2,
        flow_seconds: 30.0,
        ..config()
    })
}

#[test]
fn a_contact_in_its_flow_has_no_position_then_joins_the_back() {
    let mut queue = with_flow();
    let first = queue.join();
    queue.advance_to(10.0);
    let second = queue.join();
    assert_eq!(queue.status(&first), Some(ContactStatus::InFlow));
    assert_eq!(queue.waiting(), 2, "not queued during the flow");
    let record = queue.record(&first).unwrap();
    assert_eq!(record.initiated, 0.0);
    assert_eq!(record.connected_to_system, Some(0.0));
    assert_eq!(
        (record.enqueued, record.accepted, record.disconnected),
        (None, None, None)
    );
    assert_eq!(
        queue.request_callback(&first, "+14255550123"),
        Err(CallbackRefused::NotInQueue)
    );

    queue.advance_to(29.9);
    assert_eq!(queue.status(&first), Some(ContactStatus::InFlow));
    queue.advance_to(30.0);
    assert_eq!(position(&queue, &first), Some(3));
    assert_eq!(queue.record(&first).unwrap().enqueued, Some(30.0));
    assert_eq!(queue.status(&second), Some(ContactStatus::InFlow));
    queue.advance_to(45.0);
    assert_eq!(position(&queue, &second), Some(4));
}

#[test]
fn stopping_a_contact_in_its_flow_ends_it_before_it_is_queued() {
    let mut queue = with_flow();
    let id = queue.join();
    queue.advance_to(12.0);
    assert_eq!(queue.stop(&id), Ok(()));
    assert_eq!(queue.status(&id), Some(ContactStatus::Ended));
    queue.advance_to(100.0);
    assert_eq!(queue.status(&id), Some(ContactStatus::Ended));
    assert_eq!(queue.waiting(), 2);
    let record = queue.record(&id).unwrap();
    assert_eq!(record.disconnected, Some(12.0));
    assert_eq!(record.enqueued, None, "never queued");
    assert_eq!(queue.stop(&id), Err(StopRefused::NotActive));
}

#[test]
fn without_a_flow_a_contact_is_queued_at_once() {
    let mut queue = Queue::new(QueueConfig {
        agents: 0,
        ..config()
    });
    let id = queue.join();
    assert_eq!(position(&queue, &id), Some(6));
    assert_eq!(queue.record(&id).unwrap().enqueued, Some(0.0));
}
