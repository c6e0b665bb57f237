//! The lines a site offers, read from Connect's `GetCurrentMetricData` through the AWS SDK:
//! every (queue, channel) pair's estimated wait and counts, as the simulated queues hold them,
//! in two calls whatever the number of lines.
#![allow(clippy::unwrap_used)] // a failed step is a failed test

use std::sync::Arc;
use std::time::Instant;

use aws_sdk_connect::types::Channel as SdkChannel;
use waitline_proxy::budget::operations::OperationBudgets;
use waitline_proxy::queues::{Board, parse_lines};
use waitline_proxy::source::{ConnectClient, SourceError};
use waitline_simulator::connect::models::{SALES_QUEUE_ID, SUPPORT_QUEUE_ID};
use waitline_simulator::connect::{
    Channel, ContactCenter, ManualClock, QueueConfig, Quota, SIMULATED_INSTANCE_ID, Simulator,
};

mod support;
use support::{EPOCH, SimulatedConnect};

/// No agent on shift: nothing is answered, so the queues hold what the test puts in them.
fn idle_center(clock: &ManualClock) -> Arc<Simulator> {
    let clock = clock.clone();
    Arc::new(Simulator::with_clock(
        QueueConfig {
            center: Some(Arc::new(ContactCenter::sales_support_callback(1, 1, 0))),
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            agents_start_busy: true,
            mean_handle_seconds: 1e9,
            ..QueueConfig::default()
        },
        EPOCH,
        move || clock.read(),
    ))
}

#[tokio::test]
async fn every_line_is_read_in_two_calls() {
    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    for _ in 0..3 {
        simulator.join_queue("sales", Channel::Voice).unwrap();
    }
    simulator.join_queue("support", Channel::Chat).unwrap();
    clock.set(30.0);
    let client = ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID);
    let before = connect.stats();
    let figures = client
        .queue_figures(
            &[SALES_QUEUE_ID.to_owned(), SUPPORT_QUEUE_ID.to_owned()],
            &[SdkChannel::Voice, SdkChannel::Chat],
        )
        .await
        .unwrap();
    let calls = connect.stats().requests - before.requests;
    assert_eq!(calls, 2, "one call for the estimate, one for the counts");
    assert_eq!(figures.len(), 4, "{figures:?}");
    let line = |queue: &str, channel: &str| figures[&(queue.to_owned(), channel.to_owned())];
    let sales_voice = line(SALES_QUEUE_ID, "VOICE");
    assert_eq!(sales_voice.contacts_in_queue, Some(3.0));
    assert_eq!(sales_voice.oldest_contact_age_seconds, Some(30.0));
    assert_eq!(sales_voice.agents_online, Some(1.0));
    assert!(sales_voice.estimated_wait_seconds.is_some());
    assert_eq!(line(SUPPORT_QUEUE_ID, "CHAT").contacts_in_queue, Some(1.0));
    assert_eq!(line(SUPPORT_QUEUE_ID, "VOICE").contacts_in_queue, Some(0.0));
}

#[tokio::test]
async fn the_board_reads_the_lines_on_the_budget_and_keeps_its_last_reading() {
    let clock = ManualClock::default();
    let simulator = idle_center(&clock);
    let connect = SimulatedConnect::start(&simulator, Quota::default()).await;
    simulator.join_queue("support", Channel::Chat).unwrap();
    let client = ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID);
    let lines = parse_lines(
        &format!("sales={SALES_QUEUE_ID},support={SUPPORT_QUEUE_ID}"),
        "CHAT",
    )
    .unwrap();
    let board = Board::new(lines);
    assert_eq!(board.latest(), None, "nothing before the first reading");
    // A burst of 3 at a rate too slow to refill during the test: one reading (two calls), then
    // a refusal without a call to Connect.
    let operations = OperationBudgets::new(0.01, 3, Instant::now());
    board.refresh(&client, &operations).await.unwrap();
    let first = board.latest().unwrap();
    let support = first.lines.iter().find(|l| l.name == "support").unwrap();
    assert_eq!(
        (support.channel, support.contacts_in_queue, support.open),
        ("CHAT", Some(1), true)
    );
    let before = connect.stats().requests;
    assert_eq!(
        board.refresh(&client, &operations).await,
        Err(SourceError::Throttled)
    );
    assert_eq!(
        connect.stats().requests,
        before,
        "no call without the budget's leave"
    );
    assert_eq!(board.latest(), Some(first), "the last reading stays");
}
