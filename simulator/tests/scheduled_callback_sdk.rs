//! A web callback as the proxy makes one, driven through the AWS SDK for Rust: a task scheduled
//! after the initial delay (`StartTaskContact`), linked to the customer's contact, which is then
//! stopped (`StopContact`); `DescribeContact` reads the task scheduled, queued, accepted and
//! ended, at exact times on a controlled clock.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use aws_sdk_connect::Client;
use aws_sdk_connect::primitives::DateTime;
use aws_sdk_connect::types::{Channel, ContactInitiationMethod, Reference, ReferenceType};
use waitline_simulator::connect::{Queue, SIMULATED_CALLBACK_FLOW_ID, SIMULATED_INSTANCE_ID};

mod support;
use support::{Clock, ELEVEN_35, at, client, describe, serve, simulator, stop};

/// The task the proxy starts for `previous`: in the callback flow at `scheduled`, the number as
/// an attribute and a reference, a client token derived from the contact.
async fn start_callback(
    client: &Client,
    previous: &str,
    scheduled: DateTime,
) -> Result<String, aws_sdk_connect::operation::start_task_contact::StartTaskContactError> {
    let reference = Reference::builder()
        .r#type(ReferenceType::String)
        .value("+14255550123")
        .build()
        .unwrap();
    client
        .start_task_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_flow_id(SIMULATED_CALLBACK_FLOW_ID)
        .previous_contact_id(previous)
        .name("Callback")
        .scheduled_time(scheduled)
        .references("Callback number", reference)
        .attributes("waitlineCallbackNumber", "+14255550123")
        .client_token(format!("callback-{previous}"))
        .send()
        .await
        .map(|output| output.contact_id.unwrap())
        .map_err(|e| e.into_service_error())
}

#[tokio::test]
async fn a_scheduled_task_is_read_scheduled_then_queued_then_accepted_then_ended() {
    let clock = Clock::default();
    let simulator = simulator(&clock, 1);
    simulator.update(|queue: &mut Queue| queue.occupy_agents_until(240.0)); // free at 11:39:00
    let john = simulator.join(); // 11:35:00
    let endpoint = serve(&simulator).await;
    let client = client(&endpoint.url);

    clock.set(120.0); // 11:37:00: John asks to be called back in 99 s
    let task = start_callback(&client, &john, at(11, 38, 39))
        .await
        .unwrap();
    // A retry (the answer was lost, another replica...) with the same token: the same task.
    let again = start_callback(&client, &john, at(11, 38, 40))
        .await
        .unwrap();
    assert_eq!(again, task);
    assert_eq!(simulator.tasks_started(), 1);
    stop(&client, &john).await;

    let inbound = describe(&endpoint, &john).await;
    assert_eq!(inbound.disconnect_timestamp, Some(at(11, 37, 0)));
    assert_eq!(inbound.agent_info, None);

    let scheduled = describe(&endpoint, &task).await;
    assert_eq!(scheduled.channel, Some(Channel::Task));
    assert_eq!(
        scheduled.initiation_method,
        Some(ContactInitiationMethod::Api)
    );
    assert_eq!(scheduled.name.as_deref(), Some("Callback"));
    assert_eq!(
        scheduled.previous_contact_id.as_deref(),
        Some(john.as_str())
    );
    assert_eq!(scheduled.initiation_timestamp, Some(at(11, 37, 0)));
    assert_eq!(scheduled.scheduled_timestamp, Some(at(11, 38, 39)));
    assert_eq!(scheduled.queue_info, None, "not in queue during the delay");
    assert_eq!(scheduled.agent_info, None);
    assert_eq!(scheduled.disconnect_timestamp, None);
    let record = simulator.record(&task).unwrap();
    assert_eq!(
        record.attributes,
        [("waitlineCallbackNumber".into(), "+14255550123".into())].into()
    );
    assert_eq!(
        record.references,
        [("Callback number".into(), "+14255550123".into())].into()
    );

    clock.set(221.0); // 11:38:41
    let queued = describe(&endpoint, &task).await;
    assert_eq!(
        queued.queue_info.unwrap().enqueue_timestamp,
        Some(at(11, 38, 39))
    );
    assert_eq!(queued.agent_info, None);
    let metrics = client
        .get_contact_metrics()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id(&task)
        .metrics(
            aws_sdk_connect::types::ContactMetricInfo::builder()
                .name(aws_sdk_connect::types::ContactMetricName::PositionInQueue)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        metrics.metric_results()[0].value(),
        Some(&aws_sdk_connect::types::ContactMetricValue::Number(1.0)),
        "first in the callback queue"
    );

    clock.set(245.0); // 11:39:05: the agent accepted at 11:39:00 and is on the line
    let accepted = describe(&endpoint, &task).await;
    let agent = accepted.agent_info.unwrap();
    assert_eq!(agent.accepted_by_agent_timestamp, Some(at(11, 39, 0)));
    assert_eq!(agent.connected_to_agent_timestamp, Some(at(11, 39, 0)));
    assert_eq!(accepted.disconnect_timestamp, None);

    clock.set(600.0); // 11:45:00: the agent closes the task
    stop(&client, &task).await;
    let ended = describe(&endpoint, &task).await;
    assert_eq!(ended.disconnect_timestamp, Some(at(11, 45, 0)));
}

#[tokio::test]
async fn refusals_are_connects_typed_errors_and_create_nothing() {
    let clock = Clock::default();
    let simulator = simulator(&clock, 0);
    let john = simulator.join();
    let endpoint = serve(&simulator).await;
    let client = client(&endpoint.url);
    clock.set(120.0);

    let unknown = "11111111-1111-4111-8111-111111111111";
    let missing = start_callback(&client, unknown, at(11, 40, 0))
        .await
        .unwrap_err();
    assert!(missing.is_resource_not_found_exception(), "{missing:?}");
    let past = start_callback(&client, &john, at(11, 36, 0))
        .await
        .unwrap_err();
    assert!(past.is_invalid_parameter_exception(), "{past:?}");
    let seven_days = DateTime::from_secs_f64(ELEVEN_35 + 120.0 + 7.0 * 86_400.0);
    let far = start_callback(&client, &john, seven_days)
        .await
        .unwrap_err();
    assert!(far.is_invalid_parameter_exception(), "{far:?}");
    let other_flow = client
        .start_task_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_flow_id(unknown)
        .name("Callback")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        other_flow.is_resource_not_found_exception(),
        "{other_flow:?}"
    );
    assert_eq!(simulator.tasks_started(), 0);

    let stop = |id: &str| {
        client
            .stop_contact()
            .instance_id(SIMULATED_INSTANCE_ID)
            .contact_id(id)
            .send()
    };
    stop(&john).await.unwrap();
    let twice = stop(&john).await.unwrap_err().into_service_error();
    assert!(twice.is_contact_not_found_exception(), "{twice:?}");
    let never = stop(unknown).await.unwrap_err().into_service_error();
    assert!(never.is_contact_not_found_exception(), "{never:?}");
}

#[tokio::test]
async fn each_operation_spends_its_own_quota() {
    let clock = Clock::default();
    let simulator = simulator(&clock, 0);
    let contacts: Vec<String> = (0..6).map(|_| simulator.join()).collect();
    let endpoint = serve(&simulator).await; // 2/s, burst 5 for each operation
    let client = client(&endpoint.url);
    let mut throttled = Vec::new();
    for contact in &contacts {
        let started = start_callback(&client, contact, at(11, 40, 0)).await;
        throttled.push(started.is_err_and(|e| e.is_throttling_exception()));
    }
    // The first five started, the sixth was throttled: StartTaskContact's burst is spent...
    assert_eq!(throttled, [false, false, false, false, false, true]);
    assert_eq!(simulator.tasks_started(), 5);
    // ...and DescribeContact's is not.
    let contact = describe(&endpoint, &contacts[0]).await;
    assert_eq!(contact.id.as_deref(), Some(contacts[0].as_str()));
}
