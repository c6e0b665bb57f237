//! What the Participant Service's WebSocket answers to each frame a client sends, as chatjs's
//! WebSocket manager expects: a subscription acknowledgement, heartbeats (a missed one makes it
//! reconnect) and the deep-heartbeat `aws/ping`. Pure, so every frame, tampered ones included,
//! gets a tested answer and none can take the server down.

use serde_json::{Value, json};

/// The one topic the service pushes.
pub const CHAT_TOPIC: &str = "aws/chat";

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The frame to send back, if any.
    pub reply: Option<String>,
    /// `Some(true)` once subscribed to [`CHAT_TOPIC`], `Some(false)` once unsubscribed.
    pub subscribed: Option<bool>,
}

pub fn answer(frame: &str) -> Answer {
    let Ok(Value::Object(frame)) = serde_json::from_str::<Value>(frame) else {
        // chatjs reports a frame with `message` and no `topic` as a topic failure.
        return error("The frame is not a JSON object");
    };
    let topics = || -> Vec<&str> {
        frame
            .get("content")
            .and_then(|content| content.get("topics"))
            .and_then(Value::as_array)
            .map(|topics| topics.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    match frame.get("topic").and_then(Value::as_str) {
        Some("aws/subscribe") => {
            let asked = topics();
            if asked.contains(&CHAT_TOPIC) {
                let reply = subscription("aws/subscribe", "success", &[CHAT_TOPIC]);
                Answer {
                    reply: Some(reply),
                    subscribed: Some(true),
                }
            } else {
                let reply = subscription("aws/subscribe", "failure", &capped(&asked));
                Answer {
                    reply: Some(reply),
                    subscribed: None,
                }
            }
        }
        Some("aws/unsubscribe") => {
            let asked = topics();
            Answer {
                reply: Some(subscription("aws/unsubscribe", "success", &capped(&asked))),
                subscribed: asked.contains(&CHAT_TOPIC).then_some(false),
            }
        }
        Some("aws/heartbeat") => Answer {
            reply: Some(json!({ "topic": "aws/heartbeat" }).to_string()),
            subscribed: None,
        },
        Some("aws/ping") => Answer {
            reply: Some(
                json!({ "topic": "aws/ping", "statusCode": 200, "statusContent": "OK" })
                    .to_string(),
            ),
            subscribed: None,
        },
        _ => error("Unsupported topic"),
    }
}

fn subscription(topic: &str, status: &str, topics: &[&str]) -> String {
    json!({ "topic": topic, "content": { "status": status, "topics": topics } }).to_string()
}

/// A client's topic list, echoed back no longer than a frame of ours should be.
fn capped<'a>(topics: &[&'a str]) -> Vec<&'a str> {
    topics
        .iter()
        .take(10)
        .copied()
        .filter(|t| t.len() <= 100)
        .collect()
}

fn error(message: &str) -> Answer {
    Answer {
        reply: Some(json!({ "message": message }).to_string()),
        subscribed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(frame: &str) -> Value {
        serde_json::from_str(&answer(frame).reply.unwrap()).unwrap()
    }

    #[test]
    fn chatjs_frames_get_the_answers_it_waits_for() {
        let subscribe = answer(r#"{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}"#);
        assert_eq!(subscribe.subscribed, Some(true));
        assert_eq!(
            serde_json::from_str::<Value>(&subscribe.reply.unwrap()).unwrap(),
            json!({ "topic": "aws/subscribe", "content": { "status": "success", "topics": ["aws/chat"] } })
        );
        assert_eq!(
            reply(r#"{"topic":"aws/heartbeat"}"#),
            json!({ "topic": "aws/heartbeat" })
        );
        assert_eq!(
            reply(r#"{"topic":"aws/ping"}"#),
            json!({ "topic": "aws/ping", "statusCode": 200, "statusContent": "OK" })
        );
        let unsubscribe =
            answer(r#"{"topic":"aws/unsubscribe","content":{"topics":["aws/chat"]}}"#);
        assert_eq!(unsubscribe.subscribed, Some(false));
    }

    #[test]
    fn other_topics_are_refused_and_tampered_frames_answered() {
        let other = answer(r#"{"topic":"aws/subscribe","content":{"topics":["aws/other"]}}"#);
        assert_eq!(other.subscribed, None);
        assert_eq!(
            serde_json::from_str::<Value>(&other.reply.unwrap()).unwrap()["content"]["status"],
            "failure"
        );
        for tampered in [
            "",
            "not json",
            "[]",
            "null",
            r#"{"topic":42}"#,
            r#"{"topic":"aws/chat","content":"hi"}"#,
            r#"{"topic":"aws/subscribe","content":{"topics":"aws/chat"}}"#,
            r#"{"topic":"aws/subscribe"}"#,
            "{\"topic\":\"aws/heartbeat\"",
        ] {
            let answer = answer(tampered);
            assert_eq!(answer.subscribed, None, "{tampered}");
            let reply: Value = serde_json::from_str(&answer.reply.unwrap()).unwrap();
            assert!(
                reply.get("message").is_some() || reply["content"]["status"] == "failure",
                "{tampered}: {reply}"
            );
        }
    }
}
