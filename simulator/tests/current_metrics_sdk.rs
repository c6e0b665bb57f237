//! `GetCurrentMetricData` read through the AWS SDK for Rust, grouped by queue and channel, on a
//! scripted contact center (a sales agent and a support agent, both busy until 11:45): the
//! figures are what the queues hold, and they move when the agents free up and take contacts.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_connect::Client;
use aws_sdk_connect::types::{
    Channel as SdkChannel, CurrentMetric, CurrentMetricName, Filters, Grouping, Unit,
};
use waitline_simulator::connect::models::{SALES_QUEUE_ID, SUPPORT_QUEUE_ID};
use waitline_simulator::connect::{
    Channel, ContactCenter, QueueConfig, SIMULATED_INSTANCE_ID, Simulator,
};

mod support;
use support::{Clock, ELEVEN_35, client, serve};

/// (queue ID, channel) → metric name → value (`None`: no value given).
type Figures = HashMap<(String, String), HashMap<String, Option<f64>>>;

fn metric(name: CurrentMetricName, unit: Unit) -> CurrentMetric {
    CurrentMetric::builder().name(name).unit(unit).build()
}

fn filters() -> Filters {
    Filters::builder()
        .queues(SALES_QUEUE_ID)
        .queues(format!(
            "arn:aws:connect:us-east-1:000000000000:instance/{SIMULATED_INSTANCE_ID}/queue/{SUPPORT_QUEUE_ID}"
        ))
        .channels(SdkChannel::Voice)
        .channels(SdkChannel::Chat)
        .build()
}

async fn figures(client: &Client, metrics: Vec<CurrentMetric>) -> Figures {
    let output = client
        .get_current_metric_data()
        .instance_id(SIMULATED_INSTANCE_ID)
        .filters(filters())
        .groupings(Grouping::Queue)
        .groupings(Grouping::Channel)
        .set_current_metrics(Some(metrics))
        .send()
        .await
        .unwrap();
    assert_eq!(output.approximate_total_count, Some(4));
    assert!(output.data_snapshot_time.is_some());
    let mut figures = Figures::new();
    for result in output.metric_results() {
        let dimensions = result.dimensions().unwrap();
        let queue = dimensions.queue().unwrap();
        let id = queue.id().unwrap().to_owned();
        assert!(queue.arn().unwrap().ends_with(&format!("/queue/{id}")));
        let channel = dimensions.channel().unwrap().as_str().to_owned();
        let values = result
            .collections()
            .iter()
            .map(|data| {
                let metric = data.metric().unwrap();
                (metric.name().unwrap().as_str().to_owned(), data.value())
            })
            .collect();
        figures.insert((id, channel), values);
    }
    figures
}

fn at<'a>(figures: &'a Figures, queue: &str, channel: &str) -> &'a HashMap<String, Option<f64>> {
    &figures[&(queue.to_owned(), channel.to_owned())]
}

fn counts() -> Vec<CurrentMetric> {
    vec![
        metric(CurrentMetricName::ContactsInQueue, Unit::Count),
        metric(CurrentMetricName::OldestContactAge, Unit::Seconds),
        metric(CurrentMetricName::AgentsOnline, Unit::Count),
        metric(CurrentMetricName::AgentsAvailable, Unit::Count),
    ]
}

#[tokio::test]
async fn the_sdk_reads_queue_figures_by_queue_and_channel_and_sees_them_move() {
    let clock = Clock::default();
    let read = clock.clone();
    let simulator = Arc::new(Simulator::with_clock(
        QueueConfig {
            center: Some(Arc::new(ContactCenter::sales_support_callback(1, 1, 0))),
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            agents_start_busy: false,
            mean_handle_seconds: 300.0,
            ..QueueConfig::default()
        },
        ELEVEN_35,
        move || read.read(),
    ));
    simulator.update(|queue| queue.occupy_agents_until(600.0));
    let endpoint = serve(&simulator).await;
    let client = client(&endpoint.url);
    for _ in 0..3 {
        simulator.join();
    }
    clock.set(10.0);
    simulator.join_queue("sales", Channel::Chat).unwrap();
    clock.set(20.0);
    simulator.join_queue("support", Channel::Voice).unwrap();
    clock.set(30.0);

    let before = figures(&client, counts()).await;
    let sales_voice = at(&before, SALES_QUEUE_ID, "VOICE");
    assert_eq!(sales_voice["CONTACTS_IN_QUEUE"], Some(3.0));
    assert_eq!(
        sales_voice["OLDEST_CONTACT_AGE"],
        Some(30.0),
        "grouped: seconds"
    );
    assert_eq!(sales_voice["AGENTS_ONLINE"], Some(1.0), "the sales agent");
    assert_eq!(
        sales_voice["AGENTS_AVAILABLE"],
        Some(0.0),
        "busy until 11:45"
    );
    assert_eq!(
        at(&before, SALES_QUEUE_ID, "CHAT")["CONTACTS_IN_QUEUE"],
        Some(1.0)
    );
    assert_eq!(
        at(&before, SALES_QUEUE_ID, "CHAT")["OLDEST_CONTACT_AGE"],
        Some(20.0)
    );
    let support_voice = at(&before, SUPPORT_QUEUE_ID, "VOICE");
    assert_eq!(support_voice["CONTACTS_IN_QUEUE"], Some(1.0));
    assert_eq!(support_voice["OLDEST_CONTACT_AGE"], Some(10.0));
    let support_chat = at(&before, SUPPORT_QUEUE_ID, "CHAT");
    assert_eq!(support_chat["CONTACTS_IN_QUEUE"], Some(0.0));
    assert_eq!(support_chat["OLDEST_CONTACT_AGE"], Some(0.0));

    // A new contact's wait: both agents free up at 600 s, then each call takes 300 s. A new
    // sales voice contact comes after the four sales contacts; a new support one after one.
    let ewt = figures(
        &client,
        vec![metric(CurrentMetricName::EstimatedWaitTime, Unit::Seconds)],
    )
    .await;
    let wait = |queue, channel| at(&ewt, queue, channel)["ESTIMATED_WAIT_TIME"];
    assert_eq!(
        wait(SALES_QUEUE_ID, "VOICE"),
        Some(600.0 + 4.0 * 300.0 - 30.0)
    );
    assert_eq!(
        wait(SALES_QUEUE_ID, "CHAT"),
        Some(600.0 + 4.0 * 300.0 - 30.0)
    );
    assert_eq!(wait(SUPPORT_QUEUE_ID, "VOICE"), Some(600.0 + 300.0 - 30.0));

    // At 11:45 each agent takes the oldest contact of its queue; the rest move up.
    clock.set(600.0);
    let after = figures(&client, counts()).await;
    let sales_voice = at(&after, SALES_QUEUE_ID, "VOICE");
    assert_eq!(sales_voice["CONTACTS_IN_QUEUE"], Some(2.0));
    assert_eq!(sales_voice["OLDEST_CONTACT_AGE"], Some(600.0));
    assert_eq!(
        at(&after, SALES_QUEUE_ID, "CHAT")["CONTACTS_IN_QUEUE"],
        Some(1.0)
    );
    assert_eq!(
        at(&after, SUPPORT_QUEUE_ID, "VOICE")["CONTACTS_IN_QUEUE"],
        Some(0.0)
    );
    assert_eq!(
        at(&after, SUPPORT_QUEUE_ID, "VOICE")["AGENTS_AVAILABLE"],
        Some(0.0)
    );
}

#[tokio::test]
async fn ungrouped_the_oldest_contacts_age_comes_in_milliseconds() {
    let clock = Clock::default();
    let simulator =
        support::center_simulator(&clock, ContactCenter::sales_support_callback(0, 0, 0));
    let endpoint = serve(&simulator).await;
    let client = client(&endpoint.url);
    simulator.join_queue("support", Channel::Chat).unwrap();
    clock.set(24.113);
    let output = client
        .get_current_metric_data()
        .instance_id(SIMULATED_INSTANCE_ID)
        .filters(filters())
        .current_metrics(metric(CurrentMetricName::OldestContactAge, Unit::Seconds))
        .current_metrics(metric(CurrentMetricName::ContactsInQueue, Unit::Count))
        .send()
        .await
        .unwrap();
    let result = &output.metric_results()[0];
    let values: Vec<Option<f64>> = result.collections().iter().map(|c| c.value()).collect();
    assert_eq!(values, [Some(24_113.0), Some(1.0)]);
    let refused = client
        .get_current_metric_data()
        .instance_id(SIMULATED_INSTANCE_ID)
        .filters(filters())
        .current_metrics(metric(CurrentMetricName::EstimatedWaitTime, Unit::Seconds))
        .current_metrics(metric(CurrentMetricName::ContactsInQueue, Unit::Count))
        .groupings(Grouping::Queue)
        .groupings(Grouping::Channel)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        refused.is_invalid_parameter_exception(),
        "ESTIMATED_WAIT_TIME is asked for alone: {refused:?}"
    );
}
