//! How items and times look on the wire: an `Item` as `GetTranscript` lists it and the WebSocket
//! pushes it, and ISO 8601 times with milliseconds (`2026-11-23T11:35:00.123Z`), as the service
//! writes `AbsoluteTime` and expiries.

use serde_json::{Map, Value, json};

use crate::participant::models::Item;

/// `unix_seconds` as the service writes times: ISO 8601 with milliseconds.
pub fn iso_time(unix_seconds: f64) -> String {
    crate::iso_time::millis(unix_seconds)
}

/// An item, with its simulated time placed after `epoch` (Unix seconds of simulated second 0).
/// Absent members are left out, as the service leaves them out.
pub fn item(item: &Item, epoch: f64) -> Value {
    let mut shape = Map::new();
    shape.insert("AbsoluteTime".into(), json!(iso_time(epoch + item.at)));
    if let Some(content) = &item.content {
        shape.insert("Content".into(), json!(content));
    }
    shape.insert("ContentType".into(), json!(item.content_type));
    shape.insert("Id".into(), json!(item.id));
    shape.insert("Type".into(), json!(item.item_type.wire_name()));
    if let Some(sender) = &item.sender {
        shape.insert("ParticipantId".into(), json!(sender.participant_id));
        shape.insert("DisplayName".into(), json!(sender.display_name));
        shape.insert("ParticipantRole".into(), json!(sender.role.wire_name()));
    }
    // chatjs drops an item unless one of these matches its session.
    shape.insert("InitialContactId".into(), json!(item.contact_id));
    shape.insert("ContactId".into(), json!(item.contact_id));
    Value::Object(shape)
}

/// The WebSocket frame that pushes `item`: its JSON as a string inside the envelope.
pub fn chat_frame(item: &Item, epoch: f64) -> String {
    json!({
        "topic": "aws/chat",
        "contentType": "application/json",
        "content": self::item(item, epoch).to_string(),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participant::models::{ItemType, Role, Sender, content_type};

    #[test]
    fn times_have_milliseconds_and_a_z() {
        assert_eq!(iso_time(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_time(1_795_433_700.123_4), "2026-11-23T11:35:00.123Z");
        assert_eq!(iso_time(f64::MAX), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_time(f64::NAN), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn a_pushed_message_carries_its_item_as_a_json_string() {
        let message = Item {
            id: "i-1".into(),
            at: 1.5,
            item_type: ItemType::Message,
            content_type: content_type::TEXT_PLAIN,
            content: Some("hi".into()),
            sender: Some(Sender {
                participant_id: "p-1".into(),
                display_name: "Ana".into(),
                role: Role::Customer,
            }),
            contact_id: "c-1".into(),
        };
        let frame: Value = serde_json::from_str(&chat_frame(&message, 1_795_433_700.0)).unwrap();
        assert_eq!(frame["topic"], "aws/chat");
        assert_eq!(frame["contentType"], "application/json");
        let content: Value = serde_json::from_str(frame["content"].as_str().unwrap()).unwrap();
        assert_eq!(
            content,
            json!({
                "AbsoluteTime": "2026-11-23T11:35:01.500Z",
                "Content": "hi",
                "ContentType": "text/plain",
                "Id": "i-1",
                "Type": "MESSAGE",
                "ParticipantId": "p-1",
                "DisplayName": "Ana",
                "ParticipantRole": "CUSTOMER",
                "InitialContactId": "c-1",
                "ContactId": "c-1",
            })
        );
    }
}
