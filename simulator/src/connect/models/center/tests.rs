//! The layouts: the preset's routing, refusals, agent IDs.

use super::*;
use waitline_core::connect_id::is_uuid;

#[test]
fn the_preset_routes_each_profile_own_queues_first_then_callbacks() {
    let center = ContactCenter::sales_support_callback(2, 3, 1);
    let names: Vec<&str> = center.queues().iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["sales", "support", "callback"]);
    assert_eq!(center.default_queue(), center.find("sales").unwrap());
    assert_eq!(center.callback_queue(), center.find("callback").unwrap());
    assert_eq!(center.by_id(SUPPORT_QUEUE_ID), center.find("support"));
    assert_eq!(center.agent_profiles(), [0, 0, 1, 1, 1, 2]);
    let sales = &center.profiles()[0];
    let groups: Vec<Vec<&str>> = sales
        .groups()
        .map(|group| {
            group
                .iter()
                .map(|route| center.queue(route.queue).name.as_str())
                .collect()
        })
        .collect();
    assert_eq!(groups, [["sales", "sales"], ["callback", "callback"]]);
    let callback = center.callback_queue();
    assert_eq!(sales.priority_of(callback, Channel::Task), Some(2));
    assert_eq!(sales.priority_of(callback, Channel::Chat), None);
}

#[test]
fn a_layout_that_does_not_add_up_is_refused_with_its_reason() {
    let base = || ContactCenter::builder().queue("a", INBOUND_QUEUE_ID);
    let cases = [
        (ContactCenter::builder(), CenterError::NoQueues),
        (
            base().queue("a", CALLBACK_QUEUE_ID),
            CenterError::DuplicateQueueName("a".into()),
        ),
        (
            base().queue("b", INBOUND_QUEUE_ID),
            CenterError::DuplicateQueueId(INBOUND_QUEUE_ID.into()),
        ),
        (
            ContactCenter::builder().queue("a", "Q1"),
            CenterError::BadQueueId("Q1".into()),
        ),
        (
            base().default_queue("nope"),
            CenterError::UnknownQueue("nope".into()),
        ),
        (
            base().profile("p", 1, &[("b", Channel::Voice, 1)]),
            CenterError::UnknownQueue("b".into()),
        ),
        (
            base().profile(
                "p",
                1,
                &[("a", Channel::Voice, 1), ("a", Channel::Voice, 2)],
            ),
            CenterError::DuplicateRoute {
                profile: "p".into(),
                queue: "a".into(),
            },
        ),
        (
            base().arrivals("a", Channel::Chat, f64::NAN),
            CenterError::BadWeight("a".into()),
        ),
    ];
    for (builder, expected) in cases {
        let refused = builder.build().unwrap_err();
        assert_eq!(refused, expected);
        assert!(!refused.to_string().is_empty());
    }
}

#[test]
fn agent_ids_are_distinct_uuids() {
    let ids: Vec<String> = (0..3).map(ContactCenter::agent_id).collect();
    assert!(ids.iter().all(|id| is_uuid(id)), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
}
