//! The seed's queued callback (`shared/reference/seeds/004_…`) replayed on the simulator with a
//! controlled clock and read back through the AWS SDK for Rust's `DescribeContact`, as a
//! support tool would read Connect.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use aws_sdk_connect::types::ContactInitiationMethod;
use waitline_simulator::connect::{Queue, SIMULATED_INSTANCE_ID};

mod support;
use support::{Clock, at, client, describe, serve, simulator};

#[tokio::test]
async fn the_sdk_reads_both_records_of_the_seeds_queued_callback() {
    let clock = Clock::default();
    let simulator = simulator(&clock, 1);
    simulator.update(|queue: &mut Queue| queue.occupy_agents_until(240.0)); // free at 11:39:00
    let john = simulator.join(); // 11:35:00
    clock.set(120.0); // 11:37:00
    let callback = simulator.request_callback(&john, "+14255550123").unwrap();
    clock.set(600.0); // 11:45:00
    simulator.update(|queue: &mut Queue| queue.hang_up(&callback));
    let endpoint = serve(&simulator).await;

    let inbound = describe(&endpoint, &john).await;
    assert_eq!(
        inbound.initiation_method,
        Some(ContactInitiationMethod::Inbound)
    );
    assert_eq!(inbound.initiation_timestamp, Some(at(11, 35, 0)));
    assert_eq!(inbound.connected_to_system_timestamp, Some(at(11, 35, 0)));
    assert_eq!(
        inbound.queue_info.unwrap().enqueue_timestamp,
        Some(at(11, 35, 0))
    );
    assert_eq!(inbound.agent_info, None, "no agent picked up");
    assert_eq!(inbound.disconnect_timestamp, Some(at(11, 37, 0)));

    let record = describe(&endpoint, &callback).await;
    assert_eq!(
        record.initiation_method,
        Some(ContactInitiationMethod::Callback)
    );
    assert_eq!(record.previous_contact_id.as_deref(), Some(john.as_str()));
    assert_eq!(record.initiation_timestamp, Some(at(11, 37, 0)));
    assert_eq!(
        record.queue_info.unwrap().enqueue_timestamp,
        Some(at(11, 38, 39))
    );
    let agent = record.agent_info.unwrap();
    assert_eq!(agent.accepted_by_agent_timestamp, Some(at(11, 39, 0)));
    assert_eq!(record.connected_to_system_timestamp, Some(at(11, 39, 10)));
    assert_eq!(agent.connected_to_agent_timestamp, Some(at(11, 39, 25)));
    assert_eq!(record.disconnect_timestamp, Some(at(11, 45, 0)));
    let queue_duration = agent.accepted_by_agent_timestamp.unwrap().secs()
        - record.initiation_timestamp.unwrap().secs();
    assert_eq!(
        queue_duration, 120,
        "the 99 s delay plus 21 s waiting for an agent"
    );
}

#[tokio::test]
async fn during_its_delay_a_callback_has_no_queue_or_agent_yet() {
    let clock = Clock::default();
    let simulator = simulator(&clock, 0);
    let john = simulator.join();
    clock.set(120.0);
    let callback = simulator.request_callback(&john, "+14255550123").unwrap();
    clock.set(150.0);
    let endpoint = serve(&simulator).await;
    let record = describe(&endpoint, &callback).await;
    assert_eq!(record.queue_info, None);
    assert_eq!(record.agent_info, None);
    assert_eq!(record.disconnect_timestamp, None);

    let missing = client(&endpoint.url)
        .describe_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id("11111111-1111-4111-8111-111111111111")
        .send()
        .await
        .unwrap_err();
    assert!(
        missing
            .into_service_error()
            .is_resource_not_found_exception(),
        "an unknown contact is Connect's ResourceNotFoundException"
    );
}
