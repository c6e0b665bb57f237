//! Several queues: contacts started in a named queue, agents serving by routing profile and
//! priority, callbacks in the callback queue, background callers spread over the queues, and
//! the queue-level figures `GetCurrentMetricData` reads.

use super::*;

/// Sales (the default), support and callback; agents free at the start, calls that last until
/// the test ends them, nobody else calling.
fn center(sales: u32, support: u32, blended: u32) -> Queue {
    Queue::new(QueueConfig {
        center: Some(Arc::new(ContactCenter::sales_support_callback(
            sales, support, blended,
        ))),
        initial_queue: 0,
        arrivals_per_minute: 0.0,
        agents_start_busy: false,
        mean_handle_seconds: 1e9,
        ..QueueConfig::default()
    })
}

fn queue_of(queue: &Queue, id: &str) -> String {
    let record = queue.record(id).unwrap();
    queue.center().queue(record.queue).name.clone()
}

fn position(queue: &Queue, id: &str) -> Option<u32> {
    match queue.status(id)? {
        ContactStatus::Queued { position, .. } => Some(position),
        _ => None,
    }
}

fn agent_of(queue: &Queue, id: &str) -> Option<usize> {
    queue.record(id).unwrap().agent
}

#[test]
fn contacts_start_in_the_queue_named_and_positions_count_only_that_queue() {
    let mut queue = center(0, 0, 0);
    let sales = queue.join();
    let support = queue.join_queue("support", Channel::Chat).unwrap();
    let sales_chat = queue.join_queue("sales", Channel::Chat).unwrap();
    assert_eq!(
        queue_of(&queue, &sales),
        "sales",
        "join() takes the default"
    );
    assert_eq!(queue_of(&queue, &support), "support");
    assert_eq!(queue.record(&support).unwrap().channel, Channel::Chat);
    assert_eq!(position(&queue, &sales), Some(1));
    assert_eq!(position(&queue, &support), Some(1));
    assert_eq!(
        position(&queue, &sales_chat),
        Some(2),
        "behind the voice contact of its own queue"
    );
    assert_eq!(
        queue.join_queue("billing", Channel::Voice),
        Err(UnknownQueue("billing".into()))
    );
    assert_eq!(queue.waiting(), 3);
}

#[test]
fn a_free_agent_takes_its_most_preferred_queue_before_an_older_contact_elsewhere() {
    let mut queue = center(1, 0, 0);
    queue.occupy_agents_until(100.0);
    let waiting = queue.join();
    let callback = queue.request_callback(&waiting, "+14255550123").unwrap();
    queue.advance_to(99.0); // the callback's delay is over: it waits in the callback queue
    assert_eq!(queue_of(&queue, &callback), "callback");
    assert_eq!(position(&queue, &callback), Some(1));
    let sale = queue.join();
    queue.advance_to(100.0);
    assert_eq!(
        agent_of(&queue, &sale),
        Some(0),
        "sales first for a sales agent"
    );
    assert_eq!(position(&queue, &callback), Some(1));
    queue.stop(&sale).unwrap();
    assert_eq!(
        agent_of(&queue, &callback),
        Some(0),
        "then the callback queue, at the profile's second priority"
    );
}

#[test]
fn at_equal_profile_priority_the_contact_served_first_goes_first_whatever_its_queue() {
    let mut queue = center(0, 0, 1);
    queue.occupy_agents_until(100.0);
    let support = queue.join_queue("support", Channel::Voice).unwrap();
    queue.advance_to(10.0);
    let sales = queue.join_queue("sales", Channel::Chat).unwrap();
    queue.advance_to(100.0);
    assert_eq!(agent_of(&queue, &support), Some(0), "the older one");
    assert_eq!(position(&queue, &sales), Some(1));
    // A higher priority outranks age, across queues of the same routing priority.
    let urgent = queue.join_queue("support", Channel::Voice).unwrap();
    let update = RoutingUpdate {
        priority: Some(1),
        ..RoutingUpdate::default()
    };
    queue.update_routing(&urgent, update).unwrap();
    queue.stop(&support).unwrap();
    assert_eq!(agent_of(&queue, &urgent), Some(0));
    assert_eq!(position(&queue, &sales), Some(1));
}

#[test]
fn a_contact_waits_for_an_agent_whose_profile_takes_its_queue() {
    let mut queue = center(1, 1, 0);
    let support = queue.join_queue("support", Channel::Chat).unwrap();
    assert_eq!(agent_of(&queue, &support), Some(1), "the support agent");
    let second = queue.join_queue("support", Channel::Voice).unwrap();
    assert_eq!(
        position(&queue, &second),
        Some(1),
        "the sales agent is free, but does not take support"
    );
    let sale = queue.join();
    assert_eq!(agent_of(&queue, &sale), Some(0));
    // A task in the callback queue: both agents take it, once free.
    let task = queue.start_task(NewTask::default()).unwrap();
    assert_eq!(queue_of(&queue, &task), "callback");
    queue.stop(&sale).unwrap();
    assert_eq!(agent_of(&queue, &task), Some(0));
    assert_eq!(position(&queue, &second), Some(1));
}

#[test]
fn the_estimated_wait_counts_the_queues_its_agents_serve_first() {
    let mut queue = center(1, 0, 0);
    queue.occupy_agents_until(60.0);
    let callback = queue.start_task(NewTask::default()).unwrap();
    let alone = queue.status(&callback);
    let _sales: Vec<String> = (0..3).map(|_| queue.join()).collect();
    let behind_sales = queue.status(&callback);
    let (
        Some(ContactStatus::Queued { ewt_seconds: a, .. }),
        Some(ContactStatus::Queued {
            ewt_seconds: b,
            position,
        }),
    ) = (alone, behind_sales)
    else {
        panic!("not queued: {alone:?} {behind_sales:?}");
    };
    assert_eq!(position, 1, "first in its own queue");
    assert_eq!(a, 60.0, "the one agent frees up at 60 s");
    assert_eq!(b, 60.0 + 3.0 * 1e9, "three sales calls first");
    let voice = queue.center().find("support").unwrap();
    assert_eq!(
        queue.new_contact_wait(voice, Channel::Voice),
        f64::INFINITY,
        "no agent takes support"
    );
}

#[test]
fn background_callers_spread_over_the_queues_by_their_shares() {
    let mut queue = Queue::new(QueueConfig {
        center: Some(Arc::new(ContactCenter::sales_support_callback(0, 0, 0))),
        initial_queue: 2_000,
        arrivals_per_minute: 0.0,
        ..QueueConfig::default()
    });
    queue.advance_to(1.0);
    let center = Arc::clone(queue.center());
    let count = |name: &str, channel| {
        let queue_ref = center.find(name).unwrap();
        queue.lines.len(queue_ref, channel)
    };
    for (name, channel, share) in [
        ("sales", Channel::Voice, 0.3),
        ("sales", Channel::Chat, 0.2),
        ("support", Channel::Voice, 0.3),
        ("support", Channel::Chat, 0.2),
    ] {
        let seen = count(name, channel) as f64 / 2_000.0;
        assert!((seen - share).abs() < 0.04, "{name} {channel:?}: {seen}");
    }
    assert_eq!(count("callback", Channel::Voice), 0);
}

#[test]
fn cell_metrics_count_contacts_and_agents_of_the_cell() {
    let mut queue = center(1, 1, 1);
    queue.occupy_agents_until(100.0);
    let support = queue.join_queue("support", Channel::Voice).unwrap();
    queue.advance_to(30.0);
    queue.join_queue("support", Channel::Chat).unwrap();
    queue.join_queue("sales", Channel::Voice).unwrap();
    let center = Arc::clone(queue.center());
    let sales = center.find("sales").unwrap();
    let support_ref = center.find("support").unwrap();

    let cell = queue.cell_metrics(&[support_ref], &Channel::ALL);
    assert_eq!(cell.contacts_in_queue, 2);
    assert_eq!(cell.oldest_enqueued, Some(0.0));
    assert_eq!((cell.agents_online, cell.agents_available), (2, 0));

    let both = queue.cell_metrics(&[sales, support_ref], &[Channel::Voice]);
    assert_eq!(both.contacts_in_queue, 2);
    assert_eq!(both.agents_online, 3, "each agent counted once");

    queue.advance_to(100.0); // all three free up and take the three contacts
    assert!(agent_of(&queue, &support).is_some());
    let after = queue.cell_metrics(&[sales, support_ref], &Channel::ALL);
    assert_eq!(after.contacts_in_queue, 0);
    assert_eq!(after.oldest_enqueued, None);
    assert_eq!(after.agents_available, 0);
    queue.stop(&support).unwrap();
    let freed = queue.cell_metrics(&[support_ref], &[Channel::Voice]);
    assert_eq!(freed.agents_available, 1);
}
