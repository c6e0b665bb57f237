use super::*;

const INSTANCE: &str = "11111111-2222-4333-8444-555555555555";
const CONTACT: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const QUEUE: &str = "99999999-8888-4777-8666-555555555555";

/// An event as the Amazon Connect Administrator Guide shows one, with `detail` members
/// replaced by `detail`'s.
fn event(event_type: &str, detail: &str) -> String {
    format!(
        r#"{{
  "version": "0",
  "id": "3d0e9bc2-ba1a-4b5d-b6bd-3d6a3e9a9b29",
  "detail-type": "Amazon Connect Contact Event",
  "source": "aws.connect",
  "account": "111122223333",
  "time": "2026-11-23T11:40:02Z",
  "region": "us-east-1",
  "resources": ["arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE}/contact/{CONTACT}"],
  "detail": {{
    "initiationTimestamp": "2026-11-23T11:35:00.000Z",
    "contactId": "{CONTACT}",
    "channel": "VOICE",
    "instanceArn": "arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE}",
    "initiationMethod": "INBOUND",
    "eventType": "{event_type}",
    "someMemberConnectAddsLater": {{"x": 1}}{detail}
  }}
}}"#
    )
}

const QUEUE_INFO: &str = r#",
    "queueInfo": {
      "queueType": "STANDARD",
      "queueArn": "arn:aws:connect:us-east-1:111122223333:instance/11111111-2222-4333-8444-555555555555/queue/99999999-8888-4777-8666-555555555555",
      "enqueueTimestamp": "2026-11-23T11:35:10.250Z"
    }"#;

/// 2026-11-23T11:35:00Z.
const AT_11_35: f64 = 1_795_433_700.0;

#[test]
fn an_agent_taking_a_queued_contact_is_a_departure_from_that_queue() {
    let body = event(
        "CONNECTED_TO_AGENT",
        &format!(
            r#"{QUEUE_INFO},
    "agentInfo": {{
      "agentArn": "arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE}/agent/0",
      "connectedToAgentTimestamp": "2026-11-23T11:40:02.500Z"
    }}"#
        ),
    );
    assert_eq!(
        read(body.as_bytes(), INSTANCE),
        Ok(Learned::Served {
            contact: CONTACT.to_owned(),
            queue: uuid::Uuid::parse_str(QUEUE).unwrap().as_u128(),
            enqueued: AT_11_35 + 10.25,
            connected: AT_11_35 + 302.5,
        })
    );
}

#[test]
fn a_hang_up_without_an_agent_ends_the_contact_and_after_an_agent_says_nothing() {
    let body = event(
        "DISCONNECTED",
        &format!(r#"{QUEUE_INFO}, "disconnectTimestamp": "2026-11-23T11:36:00.000Z""#),
    );
    assert_eq!(
        read(body.as_bytes(), INSTANCE),
        Ok(Learned::Ended {
            contact: CONTACT.to_owned(),
            at: AT_11_35 + 60.0
        })
    );
    let after_agent = event(
        "DISCONNECTED",
        r#", "agentInfo": {"connectedToAgentTimestamp": "2026-11-23T11:36:00Z"},
        "disconnectTimestamp": "2026-11-23T11:46:00.000Z""#,
    );
    assert_eq!(read(after_agent.as_bytes(), INSTANCE), Ok(Learned::Nothing));
}

#[test]
fn other_steps_say_nothing_about_places() {
    for step in [
        "INITIATED",
        "QUEUED",
        "CONTACT_DATA_UPDATED",
        "SOMETHING_NEW",
    ] {
        let body = event(step, QUEUE_INFO);
        assert_eq!(
            read(body.as_bytes(), INSTANCE),
            Ok(Learned::Nothing),
            "{step}"
        );
    }
    let outbound = event(
        "CONNECTED_TO_AGENT",
        r#", "agentInfo": {"connectedToAgentTimestamp": "2026-11-23T11:36:00Z"}"#,
    );
    assert_eq!(read(outbound.as_bytes(), INSTANCE), Ok(Learned::Nothing));
    let callback = event(
        "CONNECTED_TO_AGENT",
        &format!(
            r#"{QUEUE_INFO}, "agentInfo": {{"connectedToAgentTimestamp": "2026-11-23T11:36:00Z"}}"#
        ),
    )
    .replace(
        r#""initiationMethod": "INBOUND""#,
        r#""initiationMethod": "CALLBACK""#,
    );
    assert_eq!(
        read(callback.as_bytes(), INSTANCE),
        Ok(Learned::Nothing),
        "a callback connects too long after it leaves the queue to place anyone by"
    );
}

#[test]
fn what_is_not_this_instances_contact_event_is_refused_clearly() {
    assert!(matches!(
        read(b"{not json", INSTANCE),
        Err(EventError::Malformed(_))
    ));
    let other_type = event("QUEUED", "").replace("Contact Event", "Agent Event");
    assert_eq!(
        read(other_type.as_bytes(), INSTANCE),
        Err(EventError::NotContactEvent)
    );
    let other = "22222222-2222-4333-8444-555555555555";
    assert_eq!(
        read(event("QUEUED", "").as_bytes(), other),
        Err(EventError::OtherInstance)
    );
    let bad_time = event("DISCONNECTED", r#", "disconnectTimestamp": "yesterday""#);
    assert_eq!(
        read(bad_time.as_bytes(), INSTANCE),
        Err(EventError::BadTime("disconnectTimestamp"))
    );
    // Not an ARN, or a queue's UUID without the ARN around it.
    for queue_arn in ["arn:nothing", "99999999-8888-4777-8666-555555555555"] {
        let bad_queue = event(
            "CONNECTED_TO_AGENT",
            &format!(
                r#", "queueInfo": {{"queueArn": "{queue_arn}", "enqueueTimestamp": "2026-11-23T11:35:10Z"}},
        "agentInfo": {{"connectedToAgentTimestamp": "2026-11-23T11:36:00Z"}}"#
            ),
        );
        assert_eq!(
            read(bad_queue.as_bytes(), INSTANCE),
            Err(EventError::BadQueue),
            "{queue_arn}"
        );
    }
}
