//! Several queues and priorities, read and changed through the AWS SDK for Rust:
//! `DescribeContact` names each contact's queue and routing data, `UpdateContactRoutingData`
//! moves a contact's place, and `GetContactMetrics` counts the place within its own queue.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use aws_sdk_connect::Client;
use aws_sdk_connect::operation::update_contact_routing_data::UpdateContactRoutingDataError;
use aws_sdk_connect::types::Channel as SdkChannel;
use waitline_simulator::connect::models::{CALLBACK_QUEUE_ID, SALES_QUEUE_ID, SUPPORT_QUEUE_ID};
use waitline_simulator::connect::{Channel, ContactCenter, SIMULATED_INSTANCE_ID};

mod support;
use support::{Clock, center_simulator, client, describe, position, serve, stop};

async fn reroute(
    client: &Client,
    contact: &str,
    priority: Option<i64>,
    adjustment: Option<i32>,
) -> Result<(), UpdateContactRoutingDataError> {
    client
        .update_contact_routing_data()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id(contact)
        .set_queue_priority(priority)
        .set_queue_time_adjustment_seconds(adjustment)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| e.into_service_error())
}

#[tokio::test]
async fn each_contact_waits_in_its_named_queue_and_priorities_reorder_it() {
    let clock = Clock::default();
    // No agents: everyone waits.
    let simulator = center_simulator(&clock, ContactCenter::sales_support_callback(0, 0, 0));
    let endpoint = serve(&simulator).await;
    let client = client(&endpoint.url);

    let sales: Vec<String> = (0..3)
        .map(|i| {
            clock.set(f64::from(i) * 10.0);
            simulator.join()
        })
        .collect();
    let support = simulator.join_queue("support", Channel::Chat).unwrap();
    let record = describe(&endpoint, &support).await;
    assert_eq!(
        record.queue_info.unwrap().id.as_deref(),
        Some(SUPPORT_QUEUE_ID)
    );
    assert_eq!(record.channel, Some(SdkChannel::Chat));
    assert_eq!(record.queue_priority, Some(5), "Connect's default");
    assert_eq!(record.queue_time_adjustment_seconds, Some(0));
    assert_eq!(
        position(&client, &support).await,
        Some(1.0),
        "its own queue"
    );
    let first = describe(&endpoint, &sales[0]).await;
    assert_eq!(
        first.queue_info.unwrap().id.as_deref(),
        Some(SALES_QUEUE_ID)
    );

    // The last sales contact first, by priority.
    reroute(&client, &sales[2], Some(1), None).await.unwrap();
    assert_eq!(position(&client, &sales[2]).await, Some(1.0));
    assert_eq!(position(&client, &sales[0]).await, Some(2.0));
    assert_eq!(describe(&endpoint, &sales[2]).await.queue_priority, Some(1));

    // The second routed as if queued 15 s earlier (at -5 s): ahead of the first (0 s), behind
    // the urgent one; its reported enqueue time stays.
    reroute(&client, &sales[1], None, Some(15)).await.unwrap();
    assert_eq!(position(&client, &sales[1]).await, Some(2.0));
    assert_eq!(position(&client, &sales[0]).await, Some(3.0));
    let moved = describe(&endpoint, &sales[1]).await;
    assert_eq!(moved.queue_time_adjustment_seconds, Some(15));
    assert_eq!(
        moved.queue_info.unwrap().enqueue_timestamp.unwrap().secs(),
        support::at(11, 35, 10).secs()
    );
}

#[tokio::test]
async fn routing_data_refusals_come_as_connects_errors() {
    let clock = Clock::default();
    let simulator = center_simulator(&clock, ContactCenter::sales_support_callback(1, 0, 0));
    let endpoint = serve(&simulator).await;
    let client = client(&endpoint.url);
    let taken = simulator.join(); // the sales agent takes it at once
    let waiting = simulator.join();

    let conflict = reroute(&client, &taken, Some(1), None).await.unwrap_err();
    assert!(conflict.is_resource_conflict_exception(), "{conflict:?}");
    let unknown = reroute(
        &client,
        "00000000-0000-4000-8000-00000000dead",
        Some(1),
        None,
    )
    .await
    .unwrap_err();
    assert!(unknown.is_resource_not_found_exception(), "{unknown:?}");
    let zero = reroute(&client, &waiting, Some(0), None).await.unwrap_err();
    assert!(zero.is_invalid_parameter_exception(), "{zero:?}");
    let nothing = reroute(&client, &waiting, None, None).await.unwrap_err();
    assert!(nothing.is_invalid_parameter_exception(), "{nothing:?}");

    // Callbacks wait in the callback queue, and the agent takes them after sales.
    let callback = simulator
        .request_callback(&waiting, "+14255550123")
        .unwrap();
    clock.set(99.0);
    let record = describe(&endpoint, &callback).await;
    assert_eq!(
        record.queue_info.unwrap().id.as_deref(),
        Some(CALLBACK_QUEUE_ID)
    );
    stop(&client, &taken).await;
    let record = describe(&endpoint, &callback).await;
    assert!(
        record.agent_info.is_some(),
        "the sales agent took the callback"
    );
}
