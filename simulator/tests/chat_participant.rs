//! A chat over real TCP, as a customer's browser would run it: `StartChatContact` through AWS's
//! Connect SDK, the Participant Service through AWS's own client for it, the WebSocket through
//! tungstenite, and the simulator's clock moved by the test so the agent's steps come on cue.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step is a failed test

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_connect::types::{ChatMessage, ParticipantDetails};
use aws_sdk_connectparticipant::types::{ConnectionType, ScanDirection};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use waitline_simulator::connect::{
    ConnectApi, Queue, QueueConfig, Quota, RunningEndpoint, SIMULATED_INSTANCE_ID, Simulator,
};
use waitline_simulator::participant::responses::iso_time;

mod support;
use support::position;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// A clock the test moves: simulated seconds since the start.
#[derive(Clone, Default)]
struct Clock(Arc<AtomicU64>);

impl Clock {
    fn set(&self, seconds: f64) {
        self.0.store(seconds.to_bits(), Ordering::SeqCst);
    }
    fn read(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::SeqCst))
    }
}

/// One agent, busy until second 60, on calls that never end by themselves (the test hangs up);
/// nobody else calling.
async fn serve(clock: &Clock) -> (Arc<Simulator>, RunningEndpoint) {
    let read = clock.clone();
    let simulator = Arc::new(Simulator::with_clock(
        QueueConfig {
            agents: 1,
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            mean_handle_seconds: 1e9,
            ..QueueConfig::default()
        },
        1_795_433_700.0,
        move || read.read(),
    ));
    simulator.update(|queue: &mut Queue| queue.occupy_agents_until(60.0));
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

fn connect(url: &str) -> aws_sdk_connect::Client {
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(aws_sdk_connect::config::BehaviorVersion::latest())
        .endpoint_url(url)
        .region(aws_sdk_connect::config::Region::from_static("us-east-1"))
        .credentials_provider(aws_sdk_connect::config::Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "test",
        ))
        .build();
    aws_sdk_connect::Client::from_conf(config)
}

/// The Participant Service's client. The SDK signs every call, so it gets throwaway credentials
/// (chatjs gives its own empty ones); the service goes by the bearer tokens alone.
fn participant(url: &str) -> aws_sdk_connectparticipant::Client {
    let config = aws_sdk_connectparticipant::Config::builder()
        .behavior_version(aws_sdk_connectparticipant::config::BehaviorVersion::latest())
        .endpoint_url(url)
        .region(aws_sdk_connectparticipant::config::Region::from_static(
            "us-east-1",
        ))
        .credentials_provider(aws_sdk_connectparticipant::config::Credentials::new(
            "", "", None, None, "browser",
        ))
        .build();
    aws_sdk_connectparticipant::Client::from_conf(config)
}

async fn start_chat(
    client: &aws_sdk_connect::Client,
    client_token: &str,
) -> aws_sdk_connect::operation::start_chat_contact::StartChatContactOutput {
    client
        .start_chat_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_flow_id("00000000-0000-4000-8000-0000000000f1")
        .participant_details(
            ParticipantDetails::builder()
                .display_name("Ana")
                .build()
                .unwrap(),
        )
        .initial_message(
            ChatMessage::builder()
                .content_type("text/plain")
                .content("My parcel has not arrived")
                .build()
                .unwrap(),
        )
        .client_token(client_token)
        .send()
        .await
        .unwrap()
}

/// The customer's connection token for `chat` (`CreateParticipantConnection`), as chatjs gets it
/// for the REST calls.
async fn connection_token(
    participant: &aws_sdk_connectparticipant::Client,
    chat: &aws_sdk_connect::operation::start_chat_contact::StartChatContactOutput,
) -> String {
    participant
        .create_participant_connection()
        .participant_token(chat.participant_token().unwrap())
        .r#type(ConnectionType::ConnectionCredentials)
        .send()
        .await
        .unwrap()
        .connection_credentials()
        .unwrap()
        .connection_token()
        .unwrap()
        .to_owned()
}

async fn send_json(socket: &mut Socket, frame: Value) {
    socket.send(Message::text(frame.to_string())).await.unwrap();
}

/// The next text frame, within 5 s.
async fn next_frame(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("no frame in 5 s")
            .expect("socket closed")
            .unwrap();
        if let Message::Text(text) = frame {
            return serde_json::from_str(text.as_str()).unwrap();
        }
    }
}

/// The next pushed chat item, parsed out of its envelope.
async fn next_item(socket: &mut Socket) -> Value {
    let frame = next_frame(socket).await;
    assert_eq!(frame["topic"], "aws/chat", "{frame}");
    assert_eq!(frame["contentType"], "application/json");
    serde_json::from_str(frame["content"].as_str().unwrap()).unwrap()
}

fn real_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

#[tokio::test]
async fn a_chat_waits_in_queue_then_the_agent_joins_greets_answers_and_ends() {
    let clock = Clock::default();
    let (simulator, endpoint) = serve(&clock).await;
    let connect = connect(&endpoint.url);
    let participant = participant(&endpoint.url);

    let chat = start_chat(&connect, "start-1").await;
    let contact = chat.contact_id().unwrap().to_owned();
    assert_eq!(
        start_chat(&connect, "start-1").await.contact_id(),
        Some(contact.as_str()),
        "the same ClientToken is the same chat"
    );
    assert_eq!(
        position(&connect, &contact).await,
        Some(1.0),
        "in the queue, first in line (the retry did not join again)"
    );

    let connection = participant
        .create_participant_connection()
        .participant_token(chat.participant_token().unwrap())
        .r#type(ConnectionType::Websocket)
        .r#type(ConnectionType::ConnectionCredentials)
        .send()
        .await
        .unwrap();
    let websocket = connection.websocket().unwrap();
    let url = websocket.url().unwrap();
    assert!(url.starts_with("ws://127.0.0.1:"), "{url}");
    let credentials = connection.connection_credentials().unwrap();
    let token = credentials.connection_token().unwrap().to_owned();
    // ISO times compare as strings; both must be hours ahead of the real clock.
    let soon = iso_time(real_now() + 1800.0);
    assert!(websocket.connection_expiry().unwrap() > soon.as_str());
    assert!(credentials.expiry().unwrap() > soon.as_str());

    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    send_json(
        &mut socket,
        json!({ "topic": "aws/subscribe", "content": { "topics": ["aws/chat"] } }),
    )
    .await;
    assert_eq!(
        next_frame(&mut socket).await,
        json!({ "topic": "aws/subscribe", "content": { "status": "success", "topics": ["aws/chat"] } })
    );
    send_json(&mut socket, json!({ "topic": "aws/heartbeat" })).await;
    assert_eq!(
        next_frame(&mut socket).await,
        json!({ "topic": "aws/heartbeat" })
    );
    send_json(&mut socket, json!({ "topic": "aws/ping" })).await;
    assert_eq!(
        next_frame(&mut socket).await,
        json!({ "topic": "aws/ping", "statusCode": 200, "statusContent": "OK" })
    );
    // A tampered frame gets an error frame; the socket stays up.
    socket.send(Message::text("{\"topic\":")).await.unwrap();
    assert!(next_frame(&mut socket).await.get("message").is_some());
    socket
        .send(Message::binary(vec![0xff, 0x00]))
        .await
        .unwrap();
    assert!(next_frame(&mut socket).await.get("message").is_some());

    // The customer's own message comes back on the socket, as the service echoes it.
    clock.set(10.0);
    let sent = participant
        .send_message()
        .connection_token(&token)
        .content_type("text/plain")
        .content("Is anyone there?")
        .send()
        .await
        .unwrap();
    let echo = next_item(&mut socket).await;
    assert_eq!(echo["Id"], sent.id().unwrap());
    assert_eq!(echo["AbsoluteTime"], sent.absolute_time().unwrap());
    assert_eq!(echo["AbsoluteTime"], "2026-11-23T11:35:10.000Z");
    assert_eq!(echo["Type"], "MESSAGE");
    assert_eq!(echo["ParticipantRole"], "CUSTOMER");
    assert_eq!(echo["DisplayName"], "Ana");
    assert_eq!(echo["Content"], "Is anyone there?");
    assert_eq!(echo["ContactId"], contact.as_str());
    assert_eq!(echo["InitialContactId"], contact.as_str());

    // At 60 s the agent frees up and takes the chat: it leaves the queue.
    clock.set(61.0);
    let joined = next_item(&mut socket).await;
    assert_eq!(joined["Type"], "EVENT");
    assert_eq!(
        joined["ContentType"],
        "application/vnd.amazonaws.connect.event.participant.joined"
    );
    assert_eq!(joined["ParticipantRole"], "AGENT");
    assert_eq!(joined["AbsoluteTime"], "2026-11-23T11:36:00.000Z");
    let agent = joined["DisplayName"].as_str().unwrap().to_owned();
    assert_eq!(position(&connect, &contact).await, None);

    clock.set(64.0);
    let greeting = next_item(&mut socket).await;
    assert_eq!(greeting["Type"], "MESSAGE");
    assert_eq!(greeting["ParticipantRole"], "AGENT");
    assert_eq!(greeting["DisplayName"], agent.as_str());
    assert!(greeting["Content"].as_str().unwrap().contains("Ana"));

    clock.set(70.0);
    participant
        .send_message()
        .connection_token(&token)
        .content_type("text/plain")
        .content("Order 1234")
        .send()
        .await
        .unwrap();
    assert_eq!(next_item(&mut socket).await["Content"], "Order 1234");
    clock.set(75.0);
    let answer = next_item(&mut socket).await;
    assert_eq!(answer["ParticipantRole"], "AGENT");
    assert_eq!(answer["AbsoluteTime"], "2026-11-23T11:36:14.000Z");

    // The agent hangs up: the agent leaves and the chat ends.
    clock.set(90.0);
    simulator.update(|queue: &mut Queue| queue.hang_up(&contact));
    let left = next_item(&mut socket).await;
    assert_eq!(
        left["ContentType"],
        "application/vnd.amazonaws.connect.event.participant.left"
    );
    let ended = next_item(&mut socket).await;
    assert_eq!(
        ended["ContentType"],
        "application/vnd.amazonaws.connect.event.chat.ended"
    );
    assert_eq!(ended["ContactId"], contact.as_str());

    let transcript = participant
        .get_transcript()
        .connection_token(&token)
        .scan_direction(ScanDirection::Forward)
        .max_results(100)
        .send()
        .await
        .unwrap();
    assert_eq!(transcript.initial_contact_id(), Some(contact.as_str()));
    let said: Vec<(String, String)> = transcript
        .transcript()
        .iter()
        .map(|item| {
            let role = item
                .participant_role()
                .map_or("-", |role| role.as_str())
                .to_owned();
            let what = item
                .content()
                .map(str::to_owned)
                .or_else(|| {
                    item.content_type()
                        .map(|t| t.rsplit('.').next().unwrap().to_owned())
                })
                .unwrap();
            (role, what)
        })
        .collect();
    let expected = [
        ("CUSTOMER", "joined"),
        ("CUSTOMER", "My parcel has not arrived"),
        ("CUSTOMER", "Is anyone there?"),
        ("AGENT", "joined"),
        ("AGENT", greeting["Content"].as_str().unwrap()),
        ("CUSTOMER", "Order 1234"),
        ("AGENT", answer["Content"].as_str().unwrap()),
        ("AGENT", "left"),
        ("-", "ended"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(role, what)| ((*role).to_owned(), (*what).to_owned()))
        .collect();
    assert_eq!(said, expected);

    let after = participant
        .send_message()
        .connection_token(&token)
        .content_type("text/plain")
        .content("Hello?")
        .send()
        .await
        .unwrap_err();
    assert!(after.into_service_error().is_access_denied_exception());
}

#[tokio::test]
async fn pages_of_the_transcript_from_either_end() {
    let clock = Clock::default();
    let (_simulator, endpoint) = serve(&clock).await;
    let connect = connect(&endpoint.url);
    let participant = participant(&endpoint.url);
    let chat = start_chat(&connect, "pages").await;
    let token = connection_token(&participant, &chat).await;
    for n in 0..5 {
        clock.set(f64::from(n + 1));
        participant
            .send_message()
            .connection_token(&token)
            .content_type("text/plain")
            .content(format!("m{n}"))
            .send()
            .await
            .unwrap();
    }
    // Seven items: joined, the initial message, m0..m4. The latest three first, by default.
    let page = |direction: ScanDirection, next: Option<String>| {
        participant
            .get_transcript()
            .connection_token(&token)
            .max_results(3)
            .scan_direction(direction)
            .set_next_token(next)
            .send()
    };
    let contents =
        |output: &aws_sdk_connectparticipant::operation::get_transcript::GetTranscriptOutput| {
            output
                .transcript()
                .iter()
                .map(|item| item.content().unwrap_or("event").to_owned())
                .collect::<Vec<_>>()
        };
    let latest = page(ScanDirection::Backward, None).await.unwrap();
    assert_eq!(contents(&latest), ["m2", "m3", "m4"]);
    let earlier = page(
        ScanDirection::Backward,
        latest.next_token().map(str::to_owned),
    )
    .await
    .unwrap();
    assert_eq!(
        contents(&earlier),
        ["My parcel has not arrived", "m0", "m1"]
    );
    let first = page(ScanDirection::Forward, None).await.unwrap();
    assert_eq!(
        contents(&first),
        ["event", "My parcel has not arrived", "m0"]
    );
    let rest = page(
        ScanDirection::Forward,
        first.next_token().map(str::to_owned),
    )
    .await
    .unwrap();
    assert_eq!(contents(&rest), ["m1", "m2", "m3"]);
}

/// One HTTP/1.1 exchange on a fresh connection with hyper's client: the status, the headers
/// (names lowercase) and the body. `request` is the method, the path, the headers and the body,
/// as a browser would send them.
async fn http(
    url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(format!("{url}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Full::new(hyper::body::Bytes::from(body.to_owned())))
        .unwrap();
    let client = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
        .collect();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}

#[tokio::test]
async fn browsers_get_preflights_and_bad_bearers_get_restjson1_errors() {
    let (_simulator, endpoint) = serve(&Clock::default()).await;

    // chatjs's preflight: whatever headers it asks for are allowed.
    let (status, headers, _) = http(
        &endpoint.url,
        "OPTIONS",
        "/participant/message",
        &[
            ("origin", "http://127.0.0.1:5173"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "content-type,x-amz-bearer,x-amz-user-agent,amz-sdk-request",
            ),
        ],
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    assert_eq!(
        header(&headers, "access-control-allow-headers"),
        Some("content-type,x-amz-bearer,x-amz-user-agent,amz-sdk-request")
    );
    assert!(
        header(&headers, "access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );

    // No bearer, a wrong one: 403, typed as restJson1 says, readable cross-origin.
    let message = r#"{"Content":"hi","ContentType":"text/plain"}"#;
    for bearer in [None, Some("not-a-token")] {
        let mut headers = vec![
            ("origin", "http://127.0.0.1:5173"),
            ("content-type", "application/json"),
        ];
        headers.extend(bearer.map(|bearer| ("x-amz-bearer", bearer)));
        let (status, headers, body) = http(
            &endpoint.url,
            "POST",
            "/participant/message",
            &headers,
            message,
        )
        .await;
        assert_eq!(status, 403, "{bearer:?}");
        assert_eq!(
            header(&headers, "x-amzn-errortype"),
            Some("AccessDeniedException")
        );
        assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
        assert!(header(&headers, "x-amzn-requestid").is_some());
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["__type"], "AccessDeniedException");
        assert!(body["Message"].as_str().unwrap().len() > 10);
    }

    // The same through AWS's client: its typed exception.
    let denied = participant(&endpoint.url)
        .create_participant_connection()
        .participant_token("not-a-token")
        .r#type(ConnectionType::Websocket)
        .send()
        .await
        .unwrap_err();
    assert_eq!(denied.raw_response().unwrap().status().as_u16(), 403);
    assert!(denied.into_service_error().is_access_denied_exception());

    // A socket with no valid token is refused before it opens.
    let refused = tokio_tungstenite::connect_async(format!(
        "{}/participant/websocket?AuthToken=nope",
        endpoint.url.replace("http://", "ws://")
    ))
    .await
    .unwrap_err();
    match refused {
        tokio_tungstenite::tungstenite::Error::Http(response) => {
            assert_eq!(response.status().as_u16(), 403);
        }
        other => panic!("expected a 403, got {other}"),
    }
}

#[tokio::test]
async fn bad_input_gets_clear_4xx_answers() {
    let clock = Clock::default();
    let (_simulator, endpoint) = serve(&clock).await;
    let chat = start_chat(&connect(&endpoint.url), "bad-input").await;
    let participant = participant(&endpoint.url);
    let token = connection_token(&participant, &chat).await;

    let json = ("content-type", "application/json");
    let cases = [
        ("/participant/message", "{not json".to_owned()),
        (
            "/participant/message",
            r#"{"ContentType":"text/plain"}"#.to_owned(),
        ),
        (
            "/participant/message",
            json!({ "ContentType": "text/plain", "Content": "x".repeat(1025) }).to_string(),
        ),
        (
            "/participant/message",
            json!({ "ContentType": "image/png", "Content": "x" }).to_string(),
        ),
        (
            "/participant/message",
            json!({ "ContentType": "text/plain", "Content": "x".repeat(70_000) }).to_string(),
        ),
        (
            "/participant/event",
            json!({ "ContentType": "text/plain" }).to_string(),
        ),
        (
            "/participant/transcript",
            json!({ "MaxResults": 101 }).to_string(),
        ),
        (
            "/participant/transcript",
            json!({ "NextToken": "forged" }).to_string(),
        ),
        (
            "/participant/transcript",
            json!({ "SortOrder": "RANDOM" }).to_string(),
        ),
    ];
    for (path, body) in cases {
        let (status, headers, answer) = http(
            &endpoint.url,
            "POST",
            path,
            &[("x-amz-bearer", token.as_str()), json],
            &body,
        )
        .await;
        assert_eq!(status, 400, "{path} {}", &body[..body.len().min(60)]);
        assert_eq!(
            header(&headers, "x-amzn-errortype"),
            Some("ValidationException")
        );
        let answer: Value = serde_json::from_str(&answer).unwrap();
        assert!(answer["Message"].as_str().unwrap().len() < 400);
    }

    // StartChatContact's own checks, signed as an SDK would (any signature).
    let signed = [("authorization", "AWS4-HMAC-SHA256 Credential=x"), json];
    let flow = "00000000-0000-4000-8000-0000000000f1";
    let cases = [
        ("[]".to_owned(), 400, "InvalidRequestException"),
        (
            json!({ "InstanceId": SIMULATED_INSTANCE_ID, "ContactFlowId": flow }).to_string(),
            400,
            "InvalidParameterException",
        ),
        (
            json!({ "InstanceId": SIMULATED_INSTANCE_ID, "ContactFlowId": flow,
                    "ParticipantDetails": { "DisplayName": " " } })
            .to_string(),
            400,
            "InvalidParameterException",
        ),
        (
            json!({ "InstanceId": SIMULATED_INSTANCE_ID, "ParticipantDetails": { "DisplayName": "Ana" } })
                .to_string(),
            400,
            "InvalidParameterException",
        ),
        (
            json!({ "InstanceId": SIMULATED_INSTANCE_ID, "ContactFlowId": flow,
                    "ParticipantDetails": { "DisplayName": "Ana" }, "ChatDurationInMinutes": 5 })
            .to_string(),
            400,
            "InvalidParameterException",
        ),
        (
            json!({ "InstanceId": "11111111-1111-4111-8111-111111111111", "ContactFlowId": flow,
                    "ParticipantDetails": { "DisplayName": "Ana" } })
            .to_string(),
            404,
            "ResourceNotFoundException",
        ),
    ];
    for (body, status, error) in cases {
        let (got, headers, _) = http(&endpoint.url, "PUT", "/contact/chat", &signed, &body).await;
        assert_eq!(
            (got, header(&headers, "x-amzn-errortype")),
            (status, Some(error)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn stopping_the_server_stops_the_agents_and_closes_the_sockets() {
    let clock = Clock::default();
    let (_simulator, endpoint) = serve(&clock).await;
    let chat = start_chat(&connect(&endpoint.url), "stop").await;
    let connection = participant(&endpoint.url)
        .create_participant_connection()
        .participant_token(chat.participant_token().unwrap())
        .r#type(ConnectionType::Websocket)
        .send()
        .await
        .unwrap();
    let url = connection.websocket().unwrap().url().unwrap().to_owned();
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    send_json(
        &mut socket,
        json!({ "topic": "aws/subscribe", "content": { "topics": ["aws/chat"] } }),
    )
    .await;
    next_frame(&mut socket).await;

    drop(endpoint);
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the socket outlived its server");
}
