//! Contact events: one per step of a contact's record, at that step's time, in time order, for
//! every contact (background callers included); and a log that stays bounded when nobody
//! drains it.

use std::collections::HashMap;

use super::tests::one_agent_busy_until;
use super::*;

use ContactEventKind::{ConnectedToAgent, ConnectedToSystem, Disconnected, Initiated, Queued};

fn steps(events: &[ContactEvent], id: &str) -> Vec<(ContactEventKind, f64)> {
    events
        .iter()
        .filter(|event| event.contact_id == id)
        .map(|event| (event.kind, event.at))
        .collect()
}

#[test]
fn a_contact_that_waits_then_talks_reports_each_step_when_it_happens() {
    let mut queue = one_agent_busy_until(240.0);
    queue.drain_events();
    let john = queue.join();
    queue.advance_to(240.0);
    queue.advance_to(300.0);
    queue.hang_up(&john);
    let events = queue.drain_events();
    assert_eq!(
        steps(&events, &john),
        [
            (Initiated, 0.0),
            (ConnectedToSystem, 0.0),
            (Queued, 0.0),
            (ConnectedToAgent, 240.0),
            (Disconnected, 300.0),
        ]
    );
    let connected = &events[3];
    assert_eq!(connected.agent, Some(0));
    assert_eq!(connected.enqueued, Some(0.0));
    assert_eq!(connected.queue, Some(queue.center().default_queue()));
    assert_eq!(connected.disconnected, None, "not yet, at that time");
    assert_eq!(events[0].queue, None, "not queued when initiated");
    assert!(queue.drain_events().is_empty(), "drained");
}

#[test]
fn a_callbacks_steps_come_in_time_order_with_the_original_ending_first() {
    let mut queue = one_agent_busy_until(240.0);
    let john = queue.join();
    queue.advance_to(120.0);
    let callback = queue.request_callback(&john, "+14255550123").unwrap();
    queue.advance_to(600.0);
    queue.hang_up(&callback);
    let events = queue.drain_events();
    assert_eq!(steps(&events, &john).last(), Some(&(Disconnected, 120.0)));
    assert_eq!(
        steps(&events, &callback),
        [
            (Initiated, 120.0),
            (Queued, 219.0),
            (ConnectedToSystem, 250.0),
            (ConnectedToAgent, 265.0),
            (Disconnected, 600.0),
        ]
    );
    let first = events.iter().find(|e| e.contact_id == callback).unwrap();
    assert_eq!(first.previous.as_deref(), Some(john.as_str()));
    assert_eq!(first.initiation, Initiation::Callback);
    assert!(events.windows(2).all(|pair| pair[0].at <= pair[1].at));
}

#[test]
fn a_hang_up_during_the_whisper_cancels_the_steps_still_ahead() {
    let mut queue = one_agent_busy_until(0.0);
    let john = queue.join();
    let waiting = queue.join();
    let callback = queue.request_callback(&waiting, "+14255550123").unwrap();
    queue.advance_to(99.0);
    queue.stop(&john).unwrap(); // the agent takes the callback at 99 s
    queue.advance_to(105.0); // still whispering to the agent
    queue.hang_up(&callback);
    queue.advance_to(500.0);
    let events = queue.drain_events();
    assert_eq!(
        steps(&events, &callback),
        [(Initiated, 0.0), (Queued, 99.0), (Disconnected, 105.0)]
    );
    let record = queue.record(&callback).unwrap();
    assert_eq!(record.connected_to_agent, None);
    assert_eq!(record.connected_to_system, None);
}

#[test]
fn nobody_draining_keeps_the_latest_and_counts_the_rest() {
    let mut queue = Queue::new(QueueConfig {
        agents: 0,
        initial_queue: 10,
        arrivals_per_minute: 0.0,
        event_capacity: 5,
        ..QueueConfig::default()
    });
    let last = queue.join();
    let events = queue.drain_events();
    assert_eq!(events.len(), 5);
    assert_eq!(
        queue.events_dropped(),
        33 - 5,
        "3 steps for each of 11 contacts"
    );
    assert_eq!(steps(&events, &last).len(), 3, "the newest are kept");
}

/// A busy seeded run, replayed from its events alone, accounts for every contact: each step
/// once, in order, at its record's time; every contact queued later reached an agent or hung up
/// (or is still waiting when the run ends).
#[test]
fn a_seeded_runs_events_account_for_every_contacts_path() {
    let mut queue = Queue::new(QueueConfig {
        center: Some(Arc::new(ContactCenter::sales_support_callback(2, 2, 1))),
        mean_handle_seconds: 200.0,
        arrivals_per_minute: 2.0,
        initial_queue: 8,
        mean_patience_seconds: Some(300.0),
        callback_delay_seconds: 60.0,
        seed: 7,
        ..QueueConfig::default()
    });
    let mut events = queue.drain_events();
    let mut driver = waitline_core::rng::Rng::new(70);
    let mut mine = Vec::new();
    let mut forgotten = 0;
    let mut t = 0.0;
    while t < 3.0 * 3600.0 {
        t += driver.exponential(30.0);
        queue.advance_to(t);
        if driver.next_f64() < 0.3 {
            mine.push(queue.join_queue("support", Channel::Chat).unwrap());
        } else if let Some(id) = mine
            .iter()
            .find(|id| matches!(queue.status(id), Some(ContactStatus::Queued { .. })))
        {
            let id = id.clone();
            queue.request_callback(&id, "+14255550123").unwrap();
        }
        for event in queue.drain_events() {
            // A contact with an agent for longer than it is remembered ends unknown.
            let Some(record) = queue
                .contacts
                .get(&event.contact_id)
                .map(|contact| contact.record.clone())
            else {
                assert_eq!(event.kind, Disconnected, "{event:?}");
                forgotten += 1;
                events.push(event);
                continue;
            };
            let expected = match event.kind {
                Initiated => Some(record.initiated),
                ConnectedToSystem => record.connected_to_system,
                Queued => record.enqueued,
                ConnectedToAgent => record.connected_to_agent,
                Disconnected => record.disconnected,
            };
            assert_eq!(Some(event.at), expected, "{event:?}");
            events.push(event);
        }
    }
    assert!(events.windows(2).all(|pair| pair[0].at <= pair[1].at));
    let mut paths: HashMap<&str, Vec<ContactEventKind>> = HashMap::new();
    for event in &events {
        paths.entry(&event.contact_id).or_default().push(event.kind);
    }
    let (mut served, mut gave_up, mut callbacks) = (0, 0, 0);
    for (id, path) in &paths {
        let once = |kind| path.iter().filter(|&&k| k == kind).count();
        for kind in [
            Initiated,
            ConnectedToSystem,
            Queued,
            ConnectedToAgent,
            Disconnected,
        ] {
            assert!(once(kind) <= 1, "{id}: {path:?}");
        }
        if path.contains(&Queued) {
            let after: &[ContactEventKind] =
                &path[path.iter().position(|&k| k == Queued).unwrap() + 1..];
            let still_waiting = matches!(queue.status(id), Some(ContactStatus::Queued { .. }));
            assert!(
                after.contains(&ConnectedToAgent) || after.contains(&Disconnected) || still_waiting,
                "{id} queued and never heard of again: {path:?}"
            );
            served += usize::from(after.contains(&ConnectedToAgent));
            gave_up += usize::from(after == [Disconnected]);
        }
        callbacks +=
            usize::from(path.first() == Some(&Initiated) && !path.contains(&ConnectedToSystem));
    }
    assert!(served >= 100, "{served} served");
    assert!(gave_up >= 20, "{gave_up} hung up or left while waiting");
    assert!(callbacks >= 10, "{callbacks} callbacks");
    assert!(
        forgotten > 0,
        "no call outlasted its memory: the case is not exercised"
    );
    assert_eq!(queue.events_dropped(), 0);
}
