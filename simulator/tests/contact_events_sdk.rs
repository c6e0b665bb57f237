//! Contact events as an embedder and an EventBridge API destination receive them: a seeded run
//! of a three-queue center whose events, replayed, account for every contact's path, with the
//! times `DescribeContact` (through the AWS SDK for Rust) gives; the same events POSTed one per
//! request with the API key header; and drops and reordering on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_connect::primitives::{DateTime, DateTimeFormat};
use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use tokio::sync::mpsc;
use waitline_simulator::connect::events::{EventDelivery, EventEnvelope, Faults, HttpTarget};
use waitline_simulator::connect::{
    Channel, ConnectApi, ContactCenter, ContactStatus, QueueConfig, Quota, SIMULATED_INSTANCE_ID,
    Simulator,
};

mod support;
use support::{Clock, ELEVEN_35, client};

/// A busy center on a clock the test moves: arrivals, callers giving up, calls of 200 s.
fn busy(clock: &Clock, seed: u64) -> Arc<Simulator> {
    let read = clock.clone();
    Arc::new(Simulator::with_clock(
        QueueConfig {
            center: Some(Arc::new(ContactCenter::sales_support_callback(2, 2, 1))),
            mean_handle_seconds: 200.0,
            arrivals_per_minute: 2.0,
            initial_queue: 8,
            mean_patience_seconds: Some(300.0),
            callback_delay_seconds: 60.0,
            seed,
            ..QueueConfig::default()
        },
        ELEVEN_35,
        move || read.read(),
    ))
}

/// Everything the receiver has now, once the delivery task has had its turn.
async fn received(receiver: &mut mpsc::Receiver<EventEnvelope>) -> Vec<EventEnvelope> {
    let mut events = Vec::new();
    while let Ok(Some(event)) =
        tokio::time::timeout(Duration::from_millis(10), receiver.recv()).await
    {
        events.push(event);
    }
    events
}

fn seconds(iso: &str) -> f64 {
    DateTime::from_str(iso, DateTimeFormat::DateTime)
        .unwrap()
        .as_secs_f64()
}

fn same_time(iso: Option<&String>, sdk: Option<&DateTime>, what: &str) {
    let (Some(iso), Some(sdk)) = (iso, sdk) else {
        panic!("{what}: {iso:?} in the event, {sdk:?} from DescribeContact");
    };
    assert!(
        (seconds(iso) - sdk.as_secs_f64()).abs() < 0.001,
        "{what}: {iso} vs {sdk}"
    );
}

#[tokio::test]
async fn a_seeded_runs_events_replayed_account_for_every_contacts_path() {
    let clock = Clock::default();
    let simulator = busy(&clock, 11);
    let api = ConnectApi::new(
        Arc::clone(&simulator),
        SIMULATED_INSTANCE_ID,
        Quota {
            rate: 100_000.0,
            burst: 100_000,
        },
    );
    let endpoint = api.spawn_on_loopback().await.unwrap();
    let client = client(&endpoint.url);
    let (delivery, mut receiver) =
        EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID).channel(100_000);
    let delivery = delivery.spawn();

    let mut paths: HashMap<String, Vec<String>> = HashMap::new();
    let mut checked = 0;
    let mut mine = Vec::new();
    for step in 1..=240 {
        clock.set(f64::from(step) * 30.0);
        if step % 3 == 0 {
            mine.push(simulator.join_queue("support", Channel::Chat).unwrap());
        } else if step % 7 == 0
            && let Some(id) = mine
                .iter()
                .find(|id| matches!(simulator.status(id), Some(ContactStatus::Queued { .. })))
        {
            simulator
                .request_callback(&id.clone(), "+14255550123")
                .unwrap();
        }
        simulator.update(|_| ());
        for event in received(&mut receiver).await {
            let detail = &event.detail;
            assert_eq!(event.detail_type, "Amazon Connect Contact Event");
            assert_eq!(event.source, "aws.connect");
            assert!(event.resources[0].ends_with(&format!("/contact/{}", detail.contact_id)));
            paths
                .entry(detail.contact_id.clone())
                .or_default()
                .push(detail.event_type.clone());
            if detail.event_type != "DISCONNECTED" {
                continue;
            }
            // The contact's whole path is known: its times are the record's.
            let Ok(described) = client
                .describe_contact()
                .instance_id(SIMULATED_INSTANCE_ID)
                .contact_id(&detail.contact_id)
                .send()
                .await
            else {
                continue; // forgotten: its call outlasted the simulator's memory
            };
            let contact = described.contact.unwrap();
            same_time(
                Some(&detail.initiation_timestamp),
                contact.initiation_timestamp.as_ref(),
                "initiated",
            );
            same_time(
                detail.disconnect_timestamp.as_ref(),
                contact.disconnect_timestamp.as_ref(),
                "disconnected",
            );
            if let Some(queue) = &detail.queue_info {
                let info = contact.queue_info.as_ref().unwrap();
                same_time(
                    Some(&queue.enqueue_timestamp),
                    info.enqueue_timestamp.as_ref(),
                    "enqueued",
                );
                assert!(queue.queue_arn.ends_with(info.id.as_deref().unwrap()));
            }
            if let Some(agent) = &detail.agent_info {
                let info = contact.agent_info.as_ref().unwrap();
                same_time(
                    Some(&agent.connected_to_agent_timestamp),
                    info.connected_to_agent_timestamp.as_ref(),
                    "connected to agent",
                );
                assert!(agent.agent_arn.ends_with(info.id.as_deref().unwrap()));
            }
            checked += 1;
        }
    }
    let (mut served, mut left) = (0, 0);
    for (id, path) in &paths {
        let Some(queued) = path.iter().position(|kind| kind == "QUEUED") else {
            continue;
        };
        let after = &path[queued + 1..];
        let waiting = matches!(simulator.status(id), Some(ContactStatus::Queued { .. }));
        assert!(
            after
                .iter()
                .any(|k| k == "CONNECTED_TO_AGENT" || k == "DISCONNECTED")
                || waiting,
            "{id} queued, then {after:?}"
        );
        served += usize::from(after.iter().any(|k| k == "CONNECTED_TO_AGENT"));
        left += usize::from(after == ["DISCONNECTED"]);
    }
    assert!(served >= 50, "{served} reached an agent");
    assert!(left >= 10, "{left} left the queue without one");
    assert!(checked >= 50, "{checked} checked against DescribeContact");
    let stats = delivery.stats();
    assert_eq!(stats.dropped, 0);
    assert_eq!(
        stats.delivered,
        paths.values().map(|path| path.len() as u64).sum::<u64>()
    );
    assert_eq!(simulator.events_missed(), 0);
}

/// What the test's receiver got: each request's API key header and body.
type Posts = Arc<Mutex<Vec<(Option<String>, EventEnvelope)>>>;

async fn receiver() -> (String, Posts, tokio::task::JoinHandle<()>) {
    let posts = Posts::default();
    let kept = Arc::clone(&posts);
    let app = Router::new().route(
        "/events",
        post(move |headers: HeaderMap, body: String| async move {
            let key = headers
                .get("x-waitline-events-secret")
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(headers["content-type"], "application/json");
            kept.lock()
                .unwrap()
                .push((key, serde_json::from_str(&body).unwrap()));
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let url = format!("http://{}/events", listener.local_addr().unwrap());
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, posts, task)
}

#[tokio::test]
async fn events_are_posted_one_per_request_with_the_api_key_and_a_dead_receiver_costs_nothing() {
    let clock = Clock::default();
    let simulator = busy(&clock, 5);
    let (url, posts, _server) = receiver().await;
    let target = HttpTarget::new(&url, "x-waitline-events-secret", "s3cret").unwrap();
    let (delivery, mut sink) = EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID)
        .http(target)
        .channel(10_000);
    let delivery = delivery.spawn();
    // A second delivery to a port nobody listens on: every POST fails, and is dropped.
    let closed = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let dead_url = format!("http://{}/events", closed.local_addr().unwrap());
    drop(closed);
    let dead = EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID)
        .http(HttpTarget::new(&dead_url, "x-waitline-events-secret", "s3cret").unwrap())
        .spawn();

    let mut sent = Vec::new();
    for step in 1..=20 {
        clock.set(f64::from(step) * 30.0);
        simulator.join_queue("sales", Channel::Voice).unwrap();
        sent.extend(received(&mut sink).await);
    }
    assert!(sent.len() >= 60, "{} events", sent.len());
    for _ in 0..100 {
        if posts.lock().unwrap().len() == sent.len()
            && dead.stats().post_failed == sent.len() as u64
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let posts = posts.lock().unwrap();
    assert_eq!(posts.len(), sent.len(), "one request per event");
    assert!(
        posts
            .iter()
            .all(|(key, _)| key.as_deref() == Some("s3cret"))
    );
    let bodies: Vec<&EventEnvelope> = posts.iter().map(|(_, body)| body).collect();
    assert_eq!(
        bodies,
        sent.iter().collect::<Vec<_>>(),
        "the same events, in order"
    );
    assert_eq!(delivery.stats().posted, sent.len() as u64);
    assert_eq!(dead.stats().post_failed, sent.len() as u64);
    assert_eq!(
        dead.stats().delivered,
        sent.len() as u64,
        "the simulation went on"
    );
}

#[tokio::test]
async fn faults_drop_and_reorder_a_fraction_of_the_events_on_purpose() {
    let clock = Clock::default();
    let simulator = busy(&clock, 9);
    let (clean, mut all) =
        EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID).channel(100_000);
    let faults = Faults {
        drop: 0.2,
        reorder: 0.2,
        seed: 4,
    };
    let (faulty, mut some) = EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID)
        .faults(faults)
        .tick(Duration::from_millis(5))
        .channel(100_000);
    let (clean, faulty) = (clean.spawn(), faulty.spawn());
    let (mut expected, mut got) = (Vec::new(), Vec::new());
    for step in 1..=120 {
        clock.set(f64::from(step) * 30.0);
        simulator.update(|_| ());
        expected.extend(received(&mut all).await);
        got.extend(received(&mut some).await);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    got.extend(received(&mut some).await);
    // The same events (by what they say, not their delivery IDs), some missing, some late.
    let key = |e: &EventEnvelope| (e.detail.contact_id.clone(), e.detail.event_type.clone());
    let order: HashMap<_, usize> = expected
        .iter()
        .enumerate()
        .map(|(i, e)| (key(e), i))
        .collect();
    let places: Vec<usize> = got.iter().map(|e| order[&key(e)]).collect();
    let stats = faulty.stats();
    assert_eq!(clean.stats().dropped, 0);
    assert_eq!(stats.delivered, got.len() as u64);
    assert_eq!(stats.dropped + stats.delivered, expected.len() as u64);
    let dropped = stats.dropped as f64 / expected.len() as f64;
    assert!((0.1..0.3).contains(&dropped), "{dropped} dropped");
    let late = places.windows(2).filter(|pair| pair[0] > pair[1]).count();
    assert!(
        late >= expected.len() / 20,
        "{late} late of {}",
        expected.len()
    );
    // A held event flushed on a tick, with none after it, is late but not out of order.
    assert!(late as u64 <= stats.reordered);
}
