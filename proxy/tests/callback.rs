//! "Call me back" through the proxy's router (`oneshot`): the simulated Connect behind it,
//! reached through the AWS SDK as Amazon Connect is, on a simulated clock the test moves.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::callback::CallbackConfig;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, operator_app, unix_now};
use waitline_simulator::connect::{ConnectApi, ContactStatus, ManualClock, Quota, Simulator};

mod support;
use support::{EPOCH, SimulatedConnect, ask_callback as ask, later, queue_on};

const SECRET: &[u8] = b"callback-test-secret-0123456789abcdef";
const NUMBER: &str = "(201) 555-0123";

/// The proxy in front of a simulated instance whose one agent is busy until 11:39:00 (240 s).
struct World {
    state: AppState,
    simulator: Arc<Simulator>,
    clock: ManualClock,
    connect: ConnectApi,
    key: TokenKey,
}

impl World {
    async fn new(budget: BudgetConfig) -> Self {
        let clock = ManualClock::default();
        let simulator = queue_on(&clock, 240.0);
        // The simulated account's quota runs on real time, which the tests' `later` does not
        // move: generous, so only the proxy's own budget (on Tokio's time) paces the calls.
        let quota = Quota {
            rate: 100.0,
            burst: 100,
        };
        let SimulatedConnect { api, running } = SimulatedConnect::start(&simulator, quota).await;
        let key = TokenKey::new(SECRET).unwrap();
        let state = AppState::with_simulator(Arc::clone(&simulator), running, key.clone(), budget);
        Self {
            state,
            simulator,
            clock,
            connect: api,
            key,
        }
    }

    /// A customer waiting in queue, and the token their page was given.
    fn customer(&self) -> (String, String) {
        let id = self.simulator.join();
        let token = self.key.mint(&id, unix_now() + 3600);
        (id, token)
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Value, String) {
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        (status, headers, body, text)
    }

    async fn ask(&self, id: &str, token: Option<&str>, body: &str) -> (StatusCode, Value, String) {
        let (status, _, body, text) = self.send(ask(id, token, body)).await;
        (status, body, text)
    }

    fn is_queued(&self, id: &str) -> bool {
        matches!(
            self.simulator.status(id),
            Some(ContactStatus::Queued { .. })
        )
    }

    async fn status(&self, id: &str, token: &str) -> (StatusCode, Value) {
        let request = Request::get(format!("/v1/contacts/{id}/callback"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let (status, headers, body, _) = self.send(request).await;
        if status == StatusCode::OK {
            let cache = headers[header::CACHE_CONTROL].to_str().unwrap();
            assert!(cache.starts_with("private, max-age="), "{cache}");
        }
        (status, body)
    }
}

fn number(text: &str, country: Option<&str>) -> String {
    match country {
        Some(country) => json!({ "phoneNumber": text, "country": country }),
        None => json!({ "phoneNumber": text }),
    }
    .to_string()
}

#[tokio::test]
async fn a_callback_is_created_once_and_followed_until_the_agent_is_done() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer(); // 11:35:00, in queue
    world.clock.set(120.0); // 11:37:00

    let (status, created, text) = world
        .ask(&john, Some(&token), &number(NUMBER, Some("US")))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["phoneNumber"], "•••• 0123");
    assert!(
        !text.contains("5550123") && !text.contains("555-0123"),
        "{text}"
    );
    let task = created["contactId"].as_str().unwrap().to_owned();
    let task_token = created["token"].as_str().unwrap().to_owned();
    assert_eq!(
        world
            .key
            .verify(&task_token, unix_now())
            .unwrap()
            .contact_id,
        task
    );

    // In Connect: a task, linked to John's contact, scheduled 99 s on; John's contact ended.
    assert_eq!(world.simulator.tasks_started(), 1);
    let record = world.simulator.record(&task).unwrap();
    assert_eq!(record.previous.as_deref(), Some(john.as_str()));
    assert_eq!(record.scheduled, Some(219.0));
    assert_eq!(record.name.as_deref(), Some("Callback"));
    assert_eq!(record.attributes["waitlineCallbackNumber"], "+12015550123");
    assert_eq!(record.references["Callback number"], "+12015550123");
    assert_eq!(world.simulator.status(&john), Some(ContactStatus::Ended));
    assert_eq!(
        world.simulator.record(&john).unwrap().disconnected,
        Some(120.0)
    );

    // Asking again (another number even) answers the same callback, from memory.
    let calls = world.connect.stats().requests;
    let (status, again, _) = world
        .ask(&john, Some(&token), &number("+44 20 7946 0958", None))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, created);
    assert_eq!(world.connect.stats().requests, calls, "no Connect call");
    assert_eq!(world.simulator.tasks_started(), 1);

    // Its token reads where it stands; John's own token does not.
    let (status, body) = world.status(&task, &task_token).await;
    assert_eq!(status, StatusCode::OK);
    let scheduled_at = (EPOCH + 219.0) as u64;
    assert_eq!(
        body,
        json!({ "state": "scheduled", "scheduledAt": scheduled_at, "startsInSeconds": 99 })
    );
    assert_eq!(world.status(&task, &token).await.0, StatusCode::FORBIDDEN);

    // 11:38:50: queued since 11:38:39. Read at once: a scheduled callback that has fallen due
    // is read again without waiting out its cache.
    world.clock.set(230.0);
    let (_, body) = world.status(&task, &task_token).await;
    assert_eq!(body["state"], "queued", "{body}");
    assert_eq!(body["position"], 1, "{body}");
    assert_eq!(body["scheduledAt"], scheduled_at);

    world.clock.set(245.0); // the agent accepted at 11:39:00 and calls John
    later(3).await; // first in line: read again after 2 s
    let (_, body) = world.status(&task, &task_token).await;
    assert_eq!(
        body,
        json!({ "state": "calling", "scheduledAt": scheduled_at })
    );

    world.clock.set(600.0); // 11:45:00: the agent closes the task
    world.simulator.stop(&task).unwrap();
    later(11).await;
    let (_, body) = world.status(&task, &task_token).await;
    assert_eq!(body["state"], "done", "{body}");

    // Done is final: later polls cost no Connect call.
    let calls = world.connect.stats().requests;
    later(60).await;
    assert_eq!(world.status(&task, &task_token).await.1["state"], "done");
    assert_eq!(world.connect.stats().requests, calls);
}

#[tokio::test]
async fn polls_within_the_freshness_window_share_one_describe_contact() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer();
    let (_, created, _) = world
        .ask(&john, Some(&token), &number(NUMBER, Some("US")))
        .await;
    let (task, task_token) = (
        created["contactId"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );
    let calls = world.connect.stats().requests;
    for _ in 0..20 {
        assert_eq!(world.status(task, task_token).await.1["state"], "scheduled");
    }
    assert_eq!(world.connect.stats().requests, calls + 1);
    later(11).await; // past the 10 s window for a callback with no position
    world.status(task, task_token).await;
    assert_eq!(world.connect.stats().requests, calls + 2);
}

#[tokio::test]
async fn a_callback_ended_before_any_agent_has_failed() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer();
    let (_, created, _) = world
        .ask(&john, Some(&token), &number(NUMBER, Some("US")))
        .await;
    let task = created["contactId"].as_str().unwrap();
    world.simulator.stop(task).unwrap(); // in its delay: e.g. a supervisor cancelled it
    let (status, body) = world.status(task, created["token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["state"], "failed");
}

#[tokio::test]
async fn every_refusal_is_a_clear_4xx_and_creates_nothing() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer();
    let (other, other_token) = world.customer();
    let forged = TokenKey::new(b"not-the-proxy-secret-0123456789abcdef")
        .unwrap()
        .mint(&john, unix_now() + 60);
    let padded = format!(
        r#"{{"phoneNumber": "{NUMBER}", "country": "US"{}}}"#,
        " ".repeat(1024)
    );
    let cases = [
        (
            Some(&token),
            number("call me maybe", Some("US")),
            400,
            "InvalidParameterException",
            Some("PHONE_NUMBER_HAS_LETTERS"),
        ),
        (
            Some(&token),
            number("12", Some("US")),
            400,
            "InvalidParameterException",
            Some("PHONE_NUMBER_TOO_SHORT"),
        ),
        (
            Some(&token),
            number("+1 201 555 0123 4567 890", None),
            400,
            "InvalidParameterException",
            Some("PHONE_NUMBER_TOO_LONG"),
        ),
        (
            Some(&token),
            number("+1 000 555 0123", None),
            400,
            "InvalidParameterException",
            Some("PHONE_NUMBER_INVALID"),
        ),
        (
            Some(&token),
            number("201 555 0123", None),
            400,
            "InvalidParameterException",
            Some("PHONE_NUMBER_INVALID"),
        ),
        (
            Some(&token),
            number("+61 2 9876 5432", None),
            400,
            "InvalidParameterException",
            Some("COUNTRY_NOT_ALLOWED"),
        ),
        (
            Some(&token),
            number(NUMBER, Some("USA")),
            400,
            "InvalidParameterException",
            Some("INVALID_COUNTRY"),
        ),
        (
            Some(&token),
            json!({ "phoneNumber": NUMBER, "callAt": "noon" }).to_string(),
            400,
            "InvalidRequestException",
            Some("INVALID_BODY"),
        ),
        (
            Some(&token),
            "{}".to_owned(),
            400,
            "InvalidRequestException",
            Some("INVALID_BODY"),
        ),
        (
            Some(&token),
            "+12015550123".to_owned(),
            400,
            "InvalidRequestException",
            Some("INVALID_BODY"),
        ),
        (Some(&token), padded, 413, "RequestTooLargeException", None),
        (
            None,
            number(NUMBER, Some("US")),
            401,
            "UnauthorizedException",
            None,
        ),
        (
            Some(&forged),
            number(NUMBER, Some("US")),
            401,
            "UnauthorizedException",
            None,
        ),
        (
            Some(&other_token),
            number(NUMBER, Some("US")),
            403,
            "AccessDeniedException",
            None,
        ),
    ];
    for (token, body, status, error_type, reason) in cases {
        let (got, answer, text) = world.ask(&john, token.map(String::as_str), &body).await;
        assert_eq!(got.as_u16(), status, "{body}: {answer}");
        assert_eq!(answer["__type"], error_type, "{body}");
        assert_eq!(answer["Reason"].as_str(), reason, "{body}");
        assert!(answer["Message"].as_str().is_some_and(|m| !m.is_empty()));
        for digits in ["5550123", "555-0123", "98765432"] {
            assert!(!text.contains(digits), "the number came back: {text}");
        }
    }
    // The same without a JSON content type.
    let request = Request::post(format!("/v1/contacts/{john}/callback"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(number(NUMBER, Some("US"))))
        .unwrap();
    let (status, _, body, _) = world.send(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Reason"], "INVALID_BODY");

    // A contact that has left the queue (hung up, say) cannot leave it again.
    world.simulator.stop(&other).unwrap();
    let (status, answer, _) = world
        .ask(&other, Some(&other_token), &number(NUMBER, Some("US")))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(answer["__type"], "ResourceConflictException");
    assert_eq!(answer["Reason"], "CONTACT_NOT_IN_QUEUE");

    // A valid token for a contact Connect does not know.
    let unknown = "11111111-2222-4333-8444-555555555555";
    let (status, answer, _) = world
        .ask(
            unknown,
            Some(&world.key.mint(unknown, unix_now() + 60)),
            &number(NUMBER, Some("US")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");

    assert_eq!(world.simulator.tasks_started(), 0, "nothing was created");
    assert!(world.is_queued(&john));
    // The refusals are not remembered as callbacks: a good request still creates one.
    let (status, _, _) = world
        .ask(&john, Some(&token), &number(NUMBER, Some("US")))
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn concurrent_requests_for_one_contact_create_one_callback() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer();
    let body = number(NUMBER, Some("US"));
    let (a, b) = tokio::join!(
        world.ask(&john, Some(&token), &body),
        world.ask(&john, Some(&token), &body)
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED]);
    assert_eq!(a.1["contactId"], b.1["contactId"]);
    assert_eq!(world.simulator.tasks_started(), 1);
}

#[tokio::test]
async fn a_spent_write_budget_is_503_with_retry_after_and_calls_nothing() {
    // A burst of 2, one held back: one call per operation, refilled in 100 s.
    let world = World::new(BudgetConfig {
        rate: 0.01,
        burst: 2,
        ..BudgetConfig::default()
    })
    .await;
    let (first, first_token) = world.customer();
    let (second, second_token) = world.customer();
    let body = number(NUMBER, Some("US"));
    assert_eq!(
        world.ask(&first, Some(&first_token), &body).await.0,
        StatusCode::CREATED
    );
    let calls = world.connect.stats().requests;
    let (status, headers, answer, _) = world.send(ask(&second, Some(&second_token), &body)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer["__type"], "ServiceUnavailableException");
    let retry: u64 = headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=100).contains(&retry), "{retry}");
    assert_eq!(
        world.connect.stats().requests,
        calls,
        "Connect was not called"
    );
    assert_eq!(world.connect.stats().throttled, 0);
    assert_eq!(world.simulator.tasks_started(), 1);
    assert!(world.is_queued(&second));
}

#[tokio::test]
async fn another_replica_never_creates_a_second_callback() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer();
    let body = number(NUMBER, Some("US"));
    let (_, created, _) = world.ask(&john, Some(&token), &body).await;
    // A second proxy on the same instance, with none of the first one's memory: John's contact
    // has been stopped, so it refuses, and creates nothing.
    let mut replica = world.state.clone();
    replica.callbacks = replica
        .callbacks
        .map(|c| c.with_config(CallbackConfig::simulated()));
    let response = app(replica)
        .oneshot(ask(&john, Some(&token), &body))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(world.simulator.tasks_started(), 1);

    // With the original left in queue, the replica gets through to Connect, whose client token
    // returns the same task.
    let (mary, mary_token) = world.customer();
    let keep = CallbackConfig {
        stop_original: false,
        ..CallbackConfig::simulated()
    };
    let callbacks = world.state.callbacks.as_ref().unwrap();
    let [one, two] = [
        callbacks.with_config(keep.clone()),
        callbacks.with_config(keep),
    ];
    let mut ids = Vec::new();
    for callbacks in [one, two] {
        let mut replica = world.state.clone();
        replica.callbacks = Some(callbacks);
        let response = app(replica)
            .oneshot(ask(&mary, Some(&mary_token), &body))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let answer: Value = serde_json::from_slice(&bytes).unwrap();
        ids.push(answer["contactId"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    assert_ne!(ids[0], created["contactId"]);
    assert_eq!(world.simulator.tasks_started(), 2, "John's and Mary's");
    assert!(world.is_queued(&mary));
}

#[tokio::test]
async fn callbacks_count_in_metrics_and_numbers_never_do() {
    let world = World::new(BudgetConfig::default()).await;
    let (john, token) = world.customer();
    world
        .ask(&john, Some(&token), &number(NUMBER, Some("US")))
        .await;
    let response = operator_app(world.state.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.contains("waitline_callbacks_created_total 1\n"),
        "{text}"
    );
    assert!(!text.contains("0123"), "{text}");
}

#[tokio::test]
async fn callbacks_are_off_without_a_callback_flow() {
    let mut world = World::new(BudgetConfig::default()).await;
    world.state.callbacks = None;
    let (john, token) = world.customer();
    let (status, answer, _) = world
        .ask(&john, Some(&token), &number(NUMBER, Some("US")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer["__type"], "ResourceNotFoundException");
    assert_eq!(world.simulator.tasks_started(), 0);
}
