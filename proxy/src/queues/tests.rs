use super::*;
use crate::source::LineFigures;

const SALES: &str = "11111111-1111-4111-8111-111111111111";
const SUPPORT: &str = "22222222-2222-4222-8222-222222222222";

#[test]
fn lines_are_each_queue_on_each_channel_in_the_order_given() {
    let arn = format!(
        "arn:aws:connect:us-east-1:123456789012:instance/33333333-3333-4333-8333-333333333333/queue/{SUPPORT}"
    );
    let lines = parse_lines(&format!("sales={SALES}, support={arn}"), "chat,VOICE").unwrap();
    let pairs: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| (l.name.as_str(), l.queue_id.as_str(), l.channel))
        .collect();
    assert_eq!(
        pairs,
        [
            ("sales", SALES, "CHAT"),
            ("sales", SALES, "VOICE"),
            ("support", SUPPORT, "CHAT"),
            ("support", SUPPORT, "VOICE"),
        ]
    );
}

#[test]
fn bad_lines_are_clear_errors() {
    let refused = |queues: &str, channels: &str| parse_lines(queues, channels).unwrap_err();
    assert!(refused("sales", "CHAT").contains("name=queue"));
    assert!(refused(&format!("Sales={SALES}"), "CHAT").contains("a-z"));
    assert!(refused("sales=not-a-queue", "CHAT").contains("queue ID or a queue ARN"));
    assert!(refused(&format!("sales={SALES},sales={SUPPORT}"), "CHAT").contains("twice"));
    assert!(refused(&format!("sales={SALES}"), "EMAIL").contains("not a channel"));
    assert!(refused(&format!("sales={SALES}"), " , ").contains("no channel"));
    let many: Vec<String> = (0..34).map(|i| format!("q{i}={SALES}")).collect();
    assert!(refused(&many.join(","), "VOICE,CHAT,TASK").contains("at most 100"));
}

#[test]
fn statuses_say_only_what_connect_said() {
    let lines = parse_lines(&format!("sales={SALES},support={SUPPORT}"), "CHAT").unwrap();
    let mut figures = QueueFigures::new();
    figures.insert(
        (SALES.to_owned(), "CHAT".to_owned()),
        LineFigures {
            estimated_wait_seconds: Some(119.2),
            contacts_in_queue: Some(3.0),
            oldest_contact_age_seconds: Some(40.0),
            agents_online: Some(2.0),
        },
    );
    let statuses = statuses(&lines, &figures);
    assert_eq!(
        statuses[0],
        LineStatus {
            name: "sales".into(),
            channel: "CHAT",
            estimated_wait_seconds: Some(120),
            contacts_in_queue: Some(3),
            open: true,
        }
    );
    // Not in the answer: closed, and no figure made up.
    assert_eq!(
        statuses[1],
        LineStatus {
            name: "support".into(),
            channel: "CHAT",
            estimated_wait_seconds: None,
            contacts_in_queue: None,
            open: false,
        }
    );
}
