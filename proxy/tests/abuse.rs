//! What one script can make the contact center spend through the public routes, and what it
//! gets instead: a clear 4xx that costs nothing, while a real customer's request still works.
//! Each test here failed before its fix.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request as AxumRequest};
use axum::http::{Request, StatusCode, header};
use axum::middleware::{self, Next};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::callback::{CallbackConfig, Callbacks};
use waitline_proxy::chat::{ChatConfig, ChatStarter};
use waitline_proxy::clients::{ClientLimits, ClientPolicy};
use waitline_proxy::source::ConnectClient;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, unix_now};
use waitline_simulator::connect::{
    ConnectApi, ContactStatus, Quota, SIMULATED_INSTANCE_ID, Simulator,
};

mod support;
use support::{ask_callback, still_queue};

const SECRET: &[u8] = b"abuse-test-secret-0123456789abcdefgh";

/// Connect calls by operation, as the simulated account saw them.
type Calls = Arc<Mutex<HashMap<&'static str, u32>>>;

/// The simulated Connect, counting its calls by operation, and holding `StartTaskContact`'s
/// answer back for `slow_task` (Connect's calls can take seconds).
struct Connect {
    url: String,
    calls: Calls,
    _server: tokio::task::JoinHandle<()>,
}

fn operation(method: &str, path: &str) -> &'static str {
    match (method, path) {
        ("POST", "/metrics/contact") => "GetContactMetrics",
        ("PUT", "/contact/task") => "StartTaskContact",
        ("POST", "/contact/stop") => "StopContact",
        ("PUT", "/contact/chat") => "StartChatContact",
        ("GET", _) => "DescribeContact",
        _ => "other",
    }
}

impl Connect {
    async fn start(simulator: &Arc<Simulator>, slow_task: Duration) -> Self {
        let quota = Quota {
            rate: 1000.0,
            burst: 1000,
        };
        let api = ConnectApi::new(Arc::clone(simulator), SIMULATED_INSTANCE_ID, quota);
        let calls = Calls::default();
        let counted = Arc::clone(&calls);
        let router: Router = api.router().layer(middleware::from_fn(
            move |request: AxumRequest, next: Next| {
                let counted = Arc::clone(&counted);
                async move {
                    let name = operation(request.method().as_str(), request.uri().path());
                    *counted.lock().unwrap().entry(name).or_default() += 1;
                    let response = next.run(request).await;
                    if name == "StartTaskContact" {
                        tokio::time::sleep(slow_task).await;
                    }
                    response
                }
            },
        ));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self {
            url,
            calls,
            _server: server,
        }
    }

    fn calls(&self, operation: &str) -> u32 {
        self.calls
            .lock()
            .unwrap()
            .get(operation)
            .copied()
            .unwrap_or(0)
    }
}

/// The proxy, its simulated Connect and the key its tokens are minted with.
struct World {
    state: AppState,
    simulator: Arc<Simulator>,
    connect: Connect,
    key: TokenKey,
}

impl World {
    async fn new(policy: ClientPolicy) -> Self {
        Self::with(policy, Duration::ZERO).await
    }

    async fn with(policy: ClientPolicy, slow_task: Duration) -> Self {
        let simulator = still_queue(3);
        let connect = Connect::start(&simulator, slow_task).await;
        let key = TokenKey::new(SECRET).unwrap();
        let source = ConnectClient::simulator(&connect.url, SIMULATED_INSTANCE_ID);
        let mut state = AppState::new(source.clone(), key.clone(), BudgetConfig::default());
        let clock = {
            let simulator = Arc::clone(&simulator);
            Arc::new(move || simulator.unix_now())
        };
        state.callbacks = Some(Callbacks::new(
            source.clone(),
            CallbackConfig::simulated(),
            clock,
            Arc::clone(&state.operations),
        ));
        state.chats = Some(ChatStarter::new(
            source,
            ChatConfig::simulated(),
            Arc::clone(&state.operations),
        ));
        state.client_limits = Some(ClientLimits::new(policy));
        Self {
            state,
            simulator,
            connect,
            key,
        }
    }

    /// A customer waiting in queue, and the token their page was given.
    fn customer(&self) -> (String, String) {
        let id = self.simulator.join();
        (id.clone(), self.key.mint(&id, unix_now() + 3600))
    }

    /// `request` from `client`'s address.
    async fn send(&self, client: &str, mut request: Request<Body>) -> (StatusCode, Value) {
        let peer: SocketAddr = format!("{client}:40000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn chat(&self, client: &str) -> (StatusCode, Value) {
        let request = Request::post("/v1/chats")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "displayName": "Ana" }).to_string()))
            .unwrap();
        self.send(client, request).await
    }

    async fn callback(&self, client: &str, number: &str) -> (StatusCode, Value) {
        let (id, token) = self.customer();
        let body = json!({ "phoneNumber": number }).to_string();
        self.send(client, ask_callback(&id, Some(&token), &body))
            .await
    }
}

/// Generous request limits, so each test meets only the limit it is about.
fn policy() -> ClientPolicy {
    ClientPolicy {
        request_rate: 1000.0,
        request_burst: 1000,
        creations_per_hour: 1000.0,
        creation_burst: 100,
        connect_rate: 1000.0,
        connect_share: 1.0,
        ..ClientPolicy::default()
    }
}

#[tokio::test]
async fn a_chat_token_cannot_make_agents_dial_premium_or_shared_cost_numbers() {
    let world = World::new(policy()).await;
    let (status, chat) = world.chat("203.0.113.1").await;
    assert_eq!(status, StatusCode::OK, "{chat}");
    let id = chat["waitline"]["contactId"].as_str().unwrap();
    let token = chat["waitline"]["token"].as_str().unwrap();
    // libphonenumber calls each of these a valid premium-rate or shared-cost number.
    for number in ["+1 900 234 5678", "+44 901 234 5678", "+44 845 464 0000"] {
        let body = json!({ "phoneNumber": number }).to_string();
        let (status, answer) = world
            .send("203.0.113.1", ask_callback(id, Some(token), &body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{number}: {answer}");
        assert_eq!(answer["Reason"], "NUMBER_TYPE_NOT_ALLOWED", "{number}");
    }
    assert_eq!(world.simulator.tasks_started(), 0);
    assert_eq!(
        world.connect.calls("DescribeContact"),
        0,
        "refused before any call"
    );
    // A mobile number is what a callback is for.
    let body = json!({ "phoneNumber": "+44 7400 123456" }).to_string();
    let (status, answer) = world
        .send("203.0.113.1", ask_callback(id, Some(token), &body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}

#[tokio::test]
async fn one_number_is_called_back_three_times_a_day_and_refusals_do_not_count() {
    let world = World::new(policy()).await;
    let number = "+1 201 555 0123";
    // A stranger's refused requests with the victim's number use none of its allowance.
    let (gone, gone_token) = world.customer();
    world.simulator.stop(&gone).unwrap();
    let body = json!({ "phoneNumber": number }).to_string();
    for _ in 0..5 {
        let (status, _) = world
            .send(
                "198.51.100.9",
                ask_callback(&gone, Some(&gone_token), &body),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
    }
    for n in 0..3 {
        let client = format!("203.0.113.{n}");
        let (status, answer) = world.callback(&client, number).await;
        assert_eq!(status, StatusCode::CREATED, "callback {n}: {answer}");
    }
    let (status, answer) = world.callback("203.0.113.9", number).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{answer}");
    assert_eq!(answer["Reason"], "TOO_MANY_CALLBACKS");
    assert!(
        !answer.to_string().contains("0123"),
        "never repeats the number"
    );
    assert_eq!(world.simulator.tasks_started(), 3);
    let (status, _) = world.callback("203.0.113.9", "+1 201 555 0124").await;
    assert_eq!(status, StatusCode::CREATED, "another number");
}

#[tokio::test]
async fn one_client_gets_its_day_of_callbacks_then_429() {
    let world = World::new(policy()).await;
    for n in 0..10 {
        let number = format!("+1 201 555 01{n:02}");
        let (status, answer) = world.callback("203.0.113.1", &number).await;
        assert_eq!(status, StatusCode::CREATED, "{n}: {answer}");
    }
    let (status, answer) = world.callback("203.0.113.1", "+1 201 555 0199").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{answer}");
    assert_eq!(answer["Reason"], "TOO_MANY_CALLBACKS");
    let (status, _) = world.callback("203.0.113.2", "+1 201 555 0199").await;
    assert_eq!(status, StatusCode::CREATED, "another client");
    assert_eq!(world.simulator.tasks_started(), 11);
}

/// One client at full speed on `POST /v1/chats` (2 `StartChatContact` calls/s, burst 5, for
/// the whole account) gets its allowance of new contacts and its share of the operation, then
/// 429s, and a customer on another address still starts a chat at once.
#[tokio::test]
async fn one_client_cannot_take_every_start_chat_contact_call() {
    let world = World::new(ClientPolicy::default()).await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(world.chat("203.0.113.1").await.0.as_u16());
    }
    let started = statuses.iter().filter(|&&s| s == 200).count();
    assert!(started <= 2, "a quarter of 2/s, two at once: {statuses:?}");
    assert!(
        statuses[started..].iter().all(|&s| s == 429),
        "{statuses:?}"
    );
    let (status, answer) = world.chat("198.51.100.7").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        world.connect.calls("StartChatContact"),
        u32::try_from(started).unwrap() + 1
    );
}

/// Chats create contacts, and each spends an agent's time: a few an hour per client.
#[tokio::test]
async fn a_client_starts_a_few_contacts_an_hour() {
    let world = World::new(ClientPolicy {
        // Shares that never bind, so only the hour's allowance (5 at once) counts.
        connect_rate: 1000.0,
        connect_share: 1.0,
        ..ClientPolicy::default()
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(world.chat("203.0.113.1").await.0.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert_eq!(world.chat("198.51.100.7").await.0, StatusCode::OK);
}

/// A chat's token opens its contact's metrics and asking for a callback, but not the callback
/// status route, which would spend `DescribeContact` on contacts that are not callbacks.
#[tokio::test]
async fn chat_tokens_cannot_spend_describe_contact_on_the_status_route() {
    let world = World::new(policy()).await;
    for n in 0..20 {
        let (status, chat) = world.chat(&format!("203.0.113.{n}")).await;
        assert_eq!(status, StatusCode::OK);
        let id = chat["waitline"]["contactId"].as_str().unwrap();
        let token = chat["waitline"]["token"].as_str().unwrap();
        let request = Request::get(format!("/v1/contacts/{id}/callback"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let (status, answer) = world.send("203.0.113.1", request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    }
    assert_eq!(world.connect.calls("DescribeContact"), 0);
}

/// One client polling hundreds of contacts in rotation causes at most its share of
/// `GetContactMetrics` calls; a customer elsewhere still gets their place.
#[tokio::test]
async fn hundreds_of_tokens_polled_by_one_client_take_only_its_share() {
    let world = World::new(ClientPolicy {
        request_rate: 1000.0,
        request_burst: 1000,
        ..ClientPolicy::default()
    })
    .await;
    let tokens: Vec<(String, String)> = (0..300).map(|_| world.customer()).collect();
    let metrics = |id: &str, token: &str| {
        Request::get(format!("/v1/contacts/{id}/metrics"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let mut throttled = 0;
    for (id, token) in &tokens {
        let (status, _) = world.send("203.0.113.1", metrics(id, token)).await;
        throttled += u32::from(status == StatusCode::TOO_MANY_REQUESTS);
    }
    // Two at once, then half a call a second: a few calls in the second or so this took.
    let calls = world.connect.calls("GetContactMetrics");
    assert!(calls <= 4, "{calls} calls for one client");
    assert!(throttled >= 290, "{throttled} of 300 told to slow down");
    let (id, token) = world.customer();
    let (status, answer) = world.send("198.51.100.7", metrics(&id, &token)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let position = answer["MetricResults"][0]["Value"]["Number"].as_f64();
    assert_eq!(position, Some(304.0), "{answer}");
}

/// `StartTaskContact` can take seconds, and a browser gives up at 8: a request dropped between
/// it and `StopContact` still leaves the customer out of the queue, and asking again finds the
/// callback made.
#[tokio::test]
async fn a_callback_creation_finishes_when_its_request_is_dropped() {
    let world = World::with(policy(), Duration::from_secs(2)).await;
    let (id, token) = world.customer();
    let body = json!({ "phoneNumber": "+1 201 555 0123" }).to_string();
    // The browser gives up while Connect has the task and has not answered yet.
    let task_started = async {
        while world.connect.calls("StartTaskContact") == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::select! {
        answer = world.send("203.0.113.1", ask_callback(&id, Some(&token), &body)) => {
            panic!("answered before Connect did: {answer:?}");
        }
        () = task_started => {}
    }
    assert_eq!(world.simulator.tasks_started(), 1, "the task exists");
    assert!(
        world
            .simulator
            .status(&id)
            .is_some_and(|s| s != ContactStatus::Ended)
    );
    // The creation goes on without its request.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(world.connect.calls("StopContact"), 1);
    assert_eq!(world.simulator.status(&id), Some(ContactStatus::Ended));
    let (status, answer) = world
        .send("203.0.113.1", ask_callback(&id, Some(&token), &body))
        .await;
    assert_eq!(status, StatusCode::OK, "the one made before: {answer}");
    assert_eq!(world.simulator.tasks_started(), 1);
}

/// AWS's start-chat Lambda and amazon-connect-chat-interface send StartChatContact's own
/// shape; this is `initiateChat`'s request with every option it has set.
#[tokio::test]
async fn the_request_amazon_connect_chat_interface_sends_starts_a_chat() {
    let world = World::new(policy()).await;
    let flow = ChatConfig::simulated().flow_id;
    let body = json!({
        "InstanceId": SIMULATED_INSTANCE_ID,
        "ContactFlowId": flow,
        "ParticipantDetails": { "DisplayName": "Ana" },
        "Username": "ana@example.com",
        "Attributes": {},
        "InitialMessage": { "ContentType": "text/plain", "Content": "Hello, my order is late" },
        "SupportedMessagingContentTypes": ["text/plain", "text/markdown"],
        "ChatDurationInMinutes": 120,
    });
    let request = || {
        Request::post("/v1/chats")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let (status, answer) = world.send("203.0.113.1", request()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let result = &answer["data"]["startChatResult"];
    assert!(result["ParticipantToken"].is_string(), "{answer}");
    assert!(answer["waitline"]["token"].is_string());
    // Another flow or instance is refused before Connect is called.
    let calls = world.connect.calls("StartChatContact");
    for (member, value) in [
        ("ContactFlowId", "99999999-2222-4333-8444-555555555555"),
        ("InstanceId", "99999999-2222-4333-8444-555555555555"),
    ] {
        let mut other = body.clone();
        other[member] = json!(value);
        let request = Request::post("/v1/chats")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(other.to_string()))
            .unwrap();
        let (status, answer) = world.send("203.0.113.1", request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{member}: {answer}");
    }
    assert_eq!(world.connect.calls("StartChatContact"), calls);
}
