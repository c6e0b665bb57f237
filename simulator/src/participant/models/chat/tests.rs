use super::*;

const QUEUED: Option<Progress> = Some(Progress {
    joined: None,
    ended: None,
});

fn with_agent(joined: f64) -> Option<Progress> {
    Some(Progress {
        joined: Some(joined),
        ended: None,
    })
}

fn over(joined: Option<f64>, ended: f64) -> Option<Progress> {
    Some(Progress {
        joined,
        ended: Some(ended),
    })
}

fn kinds(items: &[Item]) -> Vec<(&'static str, Option<Role>)> {
    items
        .iter()
        .map(|i| (i.content_type, i.sender.as_ref().map(|s| s.role)))
        .collect()
}

#[test]
fn the_customer_joins_first_and_waits_with_nobody_else() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 10.0);
    assert_eq!(
        kinds(chat.transcript()),
        [(content_type::PARTICIPANT_JOINED, Some(Role::Customer))]
    );
    assert!(chat.advance(100.0, QUEUED).is_empty());
}

#[test]
fn an_agent_joins_when_the_queue_says_greets_and_answers_a_few_messages() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
    let (early, _) = chat
        .customer_message(5.0, content_type::TEXT_PLAIN, "hi?".into(), None)
        .unwrap();
    assert!(
        chat.advance(20.0, QUEUED).is_empty(),
        "nobody answers in queue"
    );
    let joined = chat.advance(31.0, with_agent(30.0));
    assert_eq!(
        kinds(&joined),
        [(content_type::PARTICIPANT_JOINED, Some(Role::Agent))]
    );
    assert_eq!(joined[0].at, 30.0, "stamped when the agent took it");
    let greeting = chat.advance(30.0 + agent::GREETING_DELAY, with_agent(30.0));
    assert_eq!(greeting.len(), 1);
    assert!(greeting[0].content.as_deref().unwrap().contains("Ana"));
    assert!(greeting[0].is_message());
    for (n, reply) in agent::REPLIES.iter().enumerate() {
        let at = 40.0 + 10.0 * n as f64;
        chat.customer_message(at, content_type::TEXT_PLAIN, format!("question {n}"), None)
            .unwrap();
        assert!(chat.advance(at + 1.0, with_agent(30.0)).is_empty());
        let answer = chat.advance(at + agent::REPLY_DELAY, with_agent(30.0));
        assert_eq!(answer[0].content.as_deref(), Some(*reply));
        assert_eq!(answer[0].sender.as_ref().unwrap().role, Role::Agent);
    }
    chat.customer_message(90.0, content_type::TEXT_PLAIN, "thanks".into(), None)
        .unwrap();
    assert!(
        chat.advance(200.0, with_agent(30.0)).is_empty(),
        "only a few answers"
    );
    // The message sent while waiting is where it was said, before the agent joined.
    assert_eq!(chat.transcript()[1].id, early.id);
}

#[test]
fn the_chat_ends_when_the_queue_ends_the_contact_and_says_nothing_after() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
    chat.advance(31.0, with_agent(30.0));
    chat.customer_message(32.0, content_type::TEXT_PLAIN, "help".into(), None)
        .unwrap();
    // The call ends at 34: the greeting (due at 33) is said, the reply (due at 36) is not.
    let last = chat.advance(50.0, over(Some(30.0), 34.0));
    assert_eq!(
        kinds(&last),
        [
            (content_type::TEXT_PLAIN, Some(Role::Agent)),
            (content_type::PARTICIPANT_LEFT, Some(Role::Agent)),
            (content_type::CHAT_ENDED, None),
        ]
    );
    assert_eq!(last[2].at, 34.0);
    assert!(chat.is_ended());
    assert!(chat.advance(60.0, over(Some(30.0), 34.0)).is_empty());
    assert_eq!(
        chat.customer_message(61.0, content_type::TEXT_PLAIN, "hello?".into(), None),
        Err(Refused::ChatEnded)
    );
}

#[test]
fn a_call_shorter_than_the_greeting_delay_still_has_the_greeting_in_order() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
    // Seen as taken first, then (next look) as over before the greeting was due.
    chat.advance(30.2, with_agent(30.0));
    let all = chat.advance(100.0, over(Some(30.0), 30.5));
    assert_eq!(
        kinds(&all),
        [
            (content_type::TEXT_PLAIN, Some(Role::Agent)),
            (content_type::PARTICIPANT_LEFT, Some(Role::Agent)),
            (content_type::CHAT_ENDED, None),
        ]
    );
    assert!(all.iter().all(|item| item.at == 30.5));
    let joined_and_over =
        Chat::new("c-2".into(), "Bo".into(), 0.0).advance(9.0, over(Some(1.0), 2.0));
    assert_eq!(joined_and_over.len(), 4, "joined, greeting, left, ended");
}

#[test]
fn a_contact_the_queue_forgot_is_over() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
    let last = chat.advance(700.0, None);
    assert_eq!(kinds(&last), [(content_type::CHAT_ENDED, None)]);
}

#[test]
fn a_retried_message_is_said_once() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
    let token = Some("t-1".to_owned());
    let (first, new) = chat
        .customer_message(1.0, content_type::TEXT_PLAIN, "hi".into(), token.clone())
        .unwrap();
    assert!(new);
    let (again, new) = chat
        .customer_message(2.0, content_type::TEXT_PLAIN, "hi".into(), token)
        .unwrap();
    assert!(!new);
    assert_eq!(again, first);
    assert_eq!(chat.transcript().len(), 2);
}

#[test]
fn the_customer_leaving_ends_the_chat_once() {
    let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
    let last = chat.customer_left(5.0).unwrap();
    assert_eq!(
        kinds(&last),
        [
            (content_type::PARTICIPANT_LEFT, Some(Role::Customer)),
            (content_type::CHAT_ENDED, None),
        ]
    );
    assert_eq!(chat.customer_left(6.0), Err(Refused::ChatEnded));
}
