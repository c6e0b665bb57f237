//! A flow before the queue (`QueueConfig::flow_seconds`), read through the AWS SDK for Rust as a
//! support tool would read Connect: during the flow a contact is initiated and connected to the
//! system but has no queue, no agent and no position; then it is queued at the back; stopped
//! during the flow, it ends without ever being queued.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use std::sync::Arc;

use aws_sdk_connect::types::Channel;
use aws_sdk_connect::types::ParticipantDetails;
use waitline_simulator::connect::{
    ConnectApi, QueueConfig, Quota, RunningEndpoint, SIMULATED_INSTANCE_ID, Simulator,
};

mod support;
use support::{Clock, ELEVEN_35, at, client, describe, position, stop};

/// Nobody serving, one caller ahead, and a 45 s flow before the queue.
async fn serve(clock: &Clock) -> (Arc<Simulator>, RunningEndpoint) {
    let read = clock.clone();
    let simulator = Arc::new(Simulator::with_clock(
        QueueConfig {
            agents: 0,
            initial_queue: 1,
            arrivals_per_minute: 0.0,
            flow_seconds: 45.0,
            ..QueueConfig::default()
        },
        ELEVEN_35,
        move || read.read(),
    ));
    let quota = Quota {
        rate: 100.0,
        burst: 100,
    };
    let endpoint = ConnectApi::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID, quota)
        .spawn_on_loopback()
        .await
        .unwrap();
    (simulator, endpoint)
}

#[tokio::test]
async fn during_its_flow_a_contact_is_connected_with_no_queue_and_no_position() {
    let clock = Clock::default();
    let (simulator, endpoint) = serve(&clock).await;
    let client = client(&endpoint.url);
    let john = simulator.join(); // 11:35:00

    clock.set(20.0);
    let record = describe(&endpoint, &john).await;
    assert_eq!(record.initiation_timestamp, Some(at(11, 35, 0)));
    assert_eq!(record.connected_to_system_timestamp, Some(at(11, 35, 0)));
    assert_eq!(record.queue_info, None, "in the flow, not in queue");
    assert_eq!(record.agent_info, None);
    assert_eq!(record.disconnect_timestamp, None);
    assert_eq!(position(&client, &john).await, None);

    clock.set(45.0);
    let record = describe(&endpoint, &john).await;
    assert_eq!(
        record.queue_info.unwrap().enqueue_timestamp,
        Some(at(11, 35, 45))
    );
    assert_eq!(record.disconnect_timestamp, None);
    assert_eq!(
        position(&client, &john).await,
        Some(2.0),
        "behind the caller"
    );

    // A chat goes through the flow too.
    let chat = client
        .start_chat_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_flow_id("00000000-0000-4000-8000-0000000000f1")
        .participant_details(
            ParticipantDetails::builder()
                .display_name("Ana")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .contact_id
        .unwrap();
    clock.set(89.0);
    assert_eq!(position(&client, &chat).await, None);
    let in_flow = describe(&endpoint, &chat).await;
    assert_eq!(in_flow.queue_info, None);
    assert_eq!(
        in_flow.channel,
        Some(Channel::Chat),
        "a chat is on the CHAT channel"
    );
    clock.set(90.0);
    assert_eq!(position(&client, &chat).await, Some(3.0));
}

#[tokio::test]
async fn stopped_during_its_flow_a_contact_ends_without_ever_being_queued() {
    let clock = Clock::default();
    let (simulator, endpoint) = serve(&clock).await;
    let client = client(&endpoint.url);
    let john = simulator.join(); // 11:35:00
    clock.set(10.0);
    stop(&client, &john).await;

    clock.set(100.0); // long after the flow would have ended
    let record = describe(&endpoint, &john).await;
    assert_eq!(record.disconnect_timestamp, Some(at(11, 35, 10)));
    assert_eq!(record.queue_info, None, "never queued");
    assert_eq!(record.agent_info, None);
    assert_eq!(position(&client, &john).await, None);
    assert_eq!(simulator.update(|queue| queue.waiting()), 1);
    let again = client
        .stop_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id(&john)
        .send()
        .await
        .unwrap_err();
    assert!(
        again.into_service_error().is_contact_not_found_exception(),
        "an ended contact is not active"
    );
}
