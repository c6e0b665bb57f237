//! `POST /v1/events`: Connect's contact events as an EventBridge API destination posts them
//! (here, the simulator's own, in their envelope). Who may post, what is refused, and what a
//! departure does: everyone waiting behind it moves up at once, with no `GetContactMetrics`
//! call.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use waitline_proxy::budget::operations::Operation;
use waitline_proxy::budget::{BudgetConfig, bucket_params};
use waitline_proxy::routes::events::{EventsConfig, SECRET_HEADER};
use waitline_proxy::source::ConnectClient;
use waitline_proxy::store::{SharedStore, Store};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, Backend, StateConfig, app, operator_app, unix_now};
use waitline_simulator::connect::events::{EventDelivery, EventEnvelope};
use waitline_simulator::connect::{ConnectApi, ManualClock, Quota, SIMULATED_INSTANCE_ID};

mod support;
use support::redis::RedisServer;

const SECRET: &str = "an-api-key-of-the-connection";

fn post_event(body: &str, secret: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/v1/events").header("content-type", "application/json");
    if let Some(secret) = secret {
        request = request.header(SECRET_HEADER, secret);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// `count` contacts waiting behind one agent busy until `busy_until` (simulated seconds), the
/// proxy with the events route on; the contacts, front first.
async fn waiting(count: usize, busy_until: f64) -> (ManualClock, AppState, Vec<String>) {
    let clock = ManualClock::default();
    let simulator = support::queue_handling(&clock, busy_until, 60.0);
    // Each a moment after the one before, so the queue's order is the order they joined in.
    let ids = (0..count)
        .map(|n| {
            clock.set(n as f64 / 100.0);
            simulator.join()
        })
        .collect();
    // The proxy asks a while after they queued: surely after, on any clock.
    clock.set(2.0);
    let quota = Quota {
        rate: 100.0,
        burst: 100,
    };
    let running = ConnectApi::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID, quota)
        .spawn_on_loopback()
        .await
        .unwrap();
    let mut state = AppState::with_simulator(
        Arc::clone(&simulator),
        running,
        TokenKey::random().unwrap(),
        BudgetConfig::default(),
    );
    state.events = EventsConfig::new(SECRET, Duration::ZERO);
    (clock, state, ids)
}

async fn position(router: &Router, state: &AppState, id: &str) -> f64 {
    let token = state.tokens.mint(id, unix_now() + 600);
    let request = Request::get(format!("/v1/contacts/{id}/metrics"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(router, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    answer["MetricResults"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["Name"] == "POSITION_IN_QUEUE")
        .unwrap()["Value"]["Number"]
        .as_f64()
        .unwrap()
}

/// The simulator's next event of `event_type`, as JSON.
async fn next_event(
    events: &mut tokio::sync::mpsc::Receiver<EventEnvelope>,
    event_type: &str,
) -> String {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let envelope = events.recv().await.unwrap();
            if envelope.detail.event_type == event_type {
                return serde_json::to_string(&envelope).unwrap();
            }
        }
    })
    .await
    .expect("the simulator's event")
}

#[tokio::test]
async fn an_agent_taking_the_front_contact_moves_everyone_behind_at_once() {
    let (clock, state, ids) = waiting(60, 10.0).await;
    let router = app(state.clone());
    let last = &ids[59];
    assert_eq!(position(&router, &state, last).await, 60.0);
    // Its place in the queue's order is learned once (DescribeContact).
    let described = tokio::time::timeout(Duration::from_secs(10), async {
        while !state.budget.knows_place_of(last) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(described.is_ok(), "never described");

    let (delivery, mut events) = EventDelivery::new(
        Arc::clone(state.simulator.as_ref().unwrap()),
        SIMULATED_INSTANCE_ID,
    )
    .channel(64);
    let _delivery = delivery.spawn();
    clock.set(10.5); // the agent is free: it takes the front contact
    let served = next_event(&mut events, "CONNECTED_TO_AGENT").await;
    let calls_before = state.budget.stats().connect_calls;
    let (status, body) = send(&router, post_event(&served, Some(SECRET))).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        position(&router, &state, last).await,
        59.0,
        "moved up by the event"
    );
    assert_eq!(
        state.budget.stats().connect_calls,
        calls_before,
        "without asking Connect"
    );
    // Told twice (EventBridge delivers at least once): counted once.
    let (status, _) = send(&router, post_event(&served, Some(SECRET))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(position(&router, &state, last).await, 59.0);
}

#[tokio::test]
async fn a_caller_nobody_followed_hanging_up_ahead_moves_everyone_behind() {
    // The agent stays busy for the whole test: nobody is served.
    let (clock, state, ids) = waiting(60, 1000.0).await;
    let router = app(state.clone());
    let customer = &ids[40];
    // The front is another customer's, refreshed every 2 s: this one's place is carried.
    assert_eq!(position(&router, &state, &ids[0]).await, 1.0);
    assert_eq!(position(&router, &state, customer).await, 41.0);
    let described = tokio::time::timeout(Duration::from_secs(10), async {
        while !(state.budget.knows_place_of(customer) && state.budget.knows_place_of(&ids[0])) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(described.is_ok(), "never described");
    // Its own last answer, as the places hold it.
    let own_answer = || {
        state
            .budget
            .explain(customer)
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let answer_before = own_answer();

    let simulator = Arc::clone(state.simulator.as_ref().unwrap());
    let (delivery, mut events) =
        EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID).channel(64);
    let _delivery = delivery.spawn();
    clock.set(5.0);
    // Callers no widget follows hang up: first one behind the customer (it moves nobody),
    // then one ahead. Each event names no priority; each caller's DescribeContact does.
    for (caller, expected) in [(&ids[50], 41.0), (&ids[10], 40.0)] {
        simulator.stop(caller).unwrap();
        let hung_up = next_event(&mut events, "DISCONNECTED").await;
        let (status, _) = send(&router, post_event(&hung_up, Some(SECRET))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let settled = tokio::time::timeout(Duration::from_secs(5), async {
            while position(&router, &state, customer).await != expected {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await;
        assert!(settled.is_ok(), "never showed {expected}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(position(&router, &state, customer).await, expected);
    }
    assert_eq!(
        own_answer(),
        answer_before,
        "moved by the events, not by a GetContactMetrics of its own"
    );
}

#[tokio::test]
async fn only_the_secrets_bearer_may_post_and_only_this_instances_contact_events() {
    let (_clock, state, ids) = waiting(2, 1e9).await;
    let router = app(state.clone());
    let event = format!(
        r#"{{"version":"0","id":"e","detail-type":"Amazon Connect Contact Event","source":"aws.connect",
        "account":"000000000000","time":"2026-11-23T11:35:00Z","region":"us-east-1","resources":[],
        "detail":{{"eventType":"QUEUED","contactId":"{}","channel":"VOICE","initiationMethod":"INBOUND",
        "instanceArn":"arn:aws:connect:us-east-1:000000000000:instance/{SIMULATED_INSTANCE_ID}"}}}}"#,
        ids[0]
    );
    let (status, _) = send(&router, post_event(&event, Some(SECRET))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    for secret in [None, Some("a-wrong-key-of-the-same-length"), Some("")] {
        let (status, body) = send(&router, post_event(&event, secret)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{secret:?}: {body}");
    }
    let other = event.replace(
        SIMULATED_INSTANCE_ID,
        "11111111-2222-4333-8444-555555555555",
    );
    let refusals = [
        ("{not json", "not a JSON contact event"),
        (other.as_str(), "another Amazon Connect instance"),
    ];
    for (body, says) in refusals {
        let (status, answer) = send(&router, post_event(body, Some(SECRET))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(answer.contains(says), "{answer}");
        assert!(!answer.contains("line 1"), "no parser internals: {answer}");
    }
    // The operator sees them counted, one family with a sample per outcome.
    let (status, scraped) = send(
        &operator_app(state.clone()),
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for sample in [
        "waitline_contact_events_total{outcome=\"departure\"} 0",
        "waitline_contact_events_total{outcome=\"ignored\"} 1",
        "waitline_contact_events_total{outcome=\"refused\"} 2",
        "waitline_streams_open 0",
    ] {
        assert!(scraped.contains(sample), "{sample} not in {scraped}");
    }
    assert_eq!(
        scraped
            .matches("# TYPE waitline_contact_events counter")
            .count(),
        1
    );

    // Without a secret configured the route is not there.
    let mut off = state.clone();
    off.events = None;
    let (status, _) = send(&app(off), post_event(&event, Some(SECRET))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_departure_posted_to_one_replica_moves_the_customers_of_every_replica() {
    let Some(redis) = RedisServer::start("events::a_departure_posted_to_one_replica") else {
        return;
    };
    let (clock, state, ids) = waiting(60, 10.0).await;
    let simulator = Arc::clone(state.simulator.as_ref().unwrap());
    let connect_url = state.simulated_connect_url().unwrap().to_owned();
    let budget = BudgetConfig::default();
    let mut replicas = Vec::new();
    for n in 0..2 {
        let source = ConnectClient::simulator(&connect_url, SIMULATED_INSTANCE_ID);
        let sim = Arc::clone(&simulator);
        let shared = SharedStore::connect_as(
            &format!("replica-{n}"),
            &redis.url(),
            bucket_params(budget.rate, budget.burst),
            Operation::all_buckets(),
            Some(2),
        )
        .await
        .unwrap();
        let replica = AppState::build(
            Backend::Connect {
                client: source,
                clock: Arc::new(move || sim.unix_now()),
            },
            StateConfig {
                store: Store::Shared(shared),
                events: EventsConfig::new(SECRET, Duration::ZERO),
                ..StateConfig::new(state.tokens.clone(), budget)
            },
        );
        replicas.push(replica);
    }
    let (a, b) = (app(replicas[0].clone()), app(replicas[1].clone()));
    let last = &ids[59];
    assert_eq!(position(&b, &replicas[1], last).await, 60.0);
    let described = tokio::time::timeout(Duration::from_secs(10), async {
        while !replicas[1].budget.knows_place_of(last) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(described.is_ok(), "never described");

    let (delivery, mut events) =
        EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID).channel(64);
    let _delivery = delivery.spawn();
    clock.set(10.5);
    let served = next_event(&mut events, "CONNECTED_TO_AGENT").await;
    let calls_before = replicas[1].budget.stats().connect_calls;
    // EventBridge's load balancer picked the other replica.
    let (status, _) = send(&a, post_event(&served, Some(SECRET))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let moved = tokio::time::timeout(Duration::from_secs(5), async {
        while position(&b, &replicas[1], last).await != 59.0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(
        moved.is_ok(),
        "the other replica never heard of the departure"
    );
    assert_eq!(
        replicas[1].budget.stats().connect_calls,
        calls_before,
        "moved by the shared departure, not by a call of its own"
    );
}
