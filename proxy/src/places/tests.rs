use super::*;

fn ticket(enqueued: f64) -> Ticket {
    Ticket {
        queue: 7,
        priority: DEFAULT_PRIORITY,
        enqueued,
    }
}

fn at(position: u32) -> Option<Snapshot> {
    Some(Snapshot {
        position,
        ewt_seconds: Some(position * 60),
    })
}

fn position(places: &mut Places, contact: &str) -> Option<u32> {
    places.place(contact).map(|s| s.position)
}

/// Three customers in one queue; `front` answers often, the others once.
fn queue() -> Places {
    let mut places = Places::default();
    places.ticket("front", ticket(10.0));
    places.ticket("middle", ticket(20.0));
    places.ticket("back", ticket(30.0));
    places.answer("front", at(5), 100.0, 100.5);
    places.answer("middle", at(20), 100.0, 100.5);
    places.answer("back", at(40), 101.0, 101.5);
    places
}

#[test]
fn the_front_moves_everyone_behind_it_by_what_left_after_their_answer() {
    let mut places = queue();
    // Two left ahead of the front between its answers asked at 100 and 103: maybe before the
    // others' answers came (100.5, 101.5), so not counted for them.
    places.answer("front", at(3), 103.0, 103.5);
    assert_eq!(position(&mut places, "middle"), Some(20));
    assert_eq!(position(&mut places, "back"), Some(40));
    // One more between 103 and 105: surely after both.
    places.answer("front", at(2), 105.0, 105.5);
    assert_eq!(position(&mut places, "middle"), Some(19));
    assert_eq!(position(&mut places, "back"), Some(39));
    assert_eq!(position(&mut places, "front"), Some(2), "its own answer");
    // The estimate shrinks with the place.
    let middle = places.place("middle").unwrap();
    assert_eq!(middle.ewt_seconds, Some(19 * 60));
}

#[test]
fn a_departure_counts_only_if_it_surely_came_after_the_answer() {
    let mut places = queue();
    // An event: a contact ahead of everyone left at 100.6 (before back's answer landed) and one
    // between middle and back at 110.
    places.left("gone-early", ticket(5.0), 100.6);
    places.left("gone-between", ticket(25.0), 110.0);
    assert_eq!(
        position(&mut places, "middle"),
        Some(20),
        "100.6 is within the margin of 100.5"
    );
    assert_eq!(
        position(&mut places, "back"),
        Some(39),
        "only the one between counts"
    );
    // Told twice: counted once.
    places.left("gone-between", ticket(25.0), 111.0);
    assert_eq!(position(&mut places, "back"), Some(39));
}

#[test]
fn the_front_and_the_events_are_not_added_up() {
    let mut places = queue();
    places.answer("front", at(3), 103.0, 103.5); // two left ahead of the front
    places.left("x", ticket(1.0), 102.5); // one of them, told by an event
    places.left("y", ticket(2.0), 102.6);
    assert_eq!(position(&mut places, "middle"), Some(18), "two, not four");
    places.left("z", ticket(15.0), 104.0); // between front and middle: only events see it
    places.left("w", ticket(16.0), 104.0);
    places.left("v", ticket(17.0), 104.0);
    assert_eq!(position(&mut places, "middle"), Some(15));
}

#[test]
fn when_the_front_reaches_an_agent_the_next_takes_over() {
    let mut places = queue();
    places.answer("front", None, 106.0, 106.5);
    assert_eq!(
        position(&mut places, "front"),
        Some(5),
        "its last answer, kept"
    );
    // It left after its answer asked at 100, perhaps before the others' came: not counted.
    assert_eq!(position(&mut places, "middle"), Some(20));
    // Middle is the front now: its drops move back.
    places.answer("middle", at(10), 107.0, 107.5);
    places.answer("middle", at(8), 109.0, 109.5);
    assert_eq!(position(&mut places, "back"), Some(38));
    assert_eq!(position(&mut places, "middle"), Some(8));
}

#[test]
fn without_a_ticket_a_place_is_its_own_answer_and_never_below_one() {
    let mut places = Places::default();
    places.answer("lone", at(4), 100.0, 100.5);
    assert_eq!(position(&mut places, "lone"), Some(4));
    assert_eq!(position(&mut places, "unknown"), None);
    let mut places = queue();
    for n in 0..60 {
        places.left(&format!("left-{n}"), ticket(1.0), 200.0);
    }
    assert_eq!(position(&mut places, "back"), Some(1));
}

#[test]
fn an_answer_asked_for_before_the_one_held_changes_nothing() {
    let mut places = queue();
    places.answer("middle", at(18), 104.0, 104.5);
    // Another replica's answer, asked for at 102, lands now.
    places.answer("middle", at(19), 102.0, 105.0);
    assert_eq!(position(&mut places, "middle"), Some(18));
    places.answer("middle", None, 103.0, 105.5);
    assert_eq!(
        position(&mut places, "middle"),
        Some(18),
        "not gone: older news"
    );
}
