//! Between the budget and the contacts' places (`places`): every answer that lands is told to
//! the places, every answer a browser gets carries the contact's place now, and the scheduler
//! learns which contacts move the others (each queue's front) and which are carried between
//! their own answers.

use std::collections::HashSet;

use waitline_core::metrics::{ESTIMATED_WAIT_TIME, POSITION_IN_QUEUE};
use waitline_core::{GetContactMetricsResponse, MetricResult, Reading, Snapshot};

use super::State;
use super::scheduler::{Answer, Outcome, Role};
use crate::events::{Departure, Way};
use crate::source::SourceError;

/// An answer Connect gave for `contact` (asked for at `sent`, come at `landed`, Connect's
/// clock), told to the places: a position, or none (out of the queue).
pub(super) fn answered(
    state: &mut State,
    contact: &str,
    outcome: &Outcome,
    sent: f64,
    landed: f64,
) {
    let snapshot = match outcome {
        Ok(metrics) => match metrics.reading() {
            Ok(Reading::InQueue(snapshot)) => Some(snapshot),
            Ok(_) => None,
            // Values no queue produces: nothing learned.
            Err(_) => return,
        },
        Err(SourceError::NotFound) => None,
        Err(_) => return,
    };
    if snapshot.is_some() && !state.places.has_ticket(contact) {
        super::describe::want(state, contact);
    }
    state.places.answer(contact, snapshot, sent, landed);
}

/// A departure (a contact event's) told to the places.
pub(super) fn departed(state: &mut State, departure: &Departure) {
    let contact = &departure.contact;
    match departure.way {
        Way::Served { queue, enqueued } => {
            state
                .places
                .served(contact, queue, enqueued, departure.after);
        }
        Way::Ended {
            ticket: Some(ticket),
        } => state.places.left(contact, ticket, departure.after),
        Way::Ended { ticket: None } => state.places.abandoned(contact, departure.after),
    }
}

/// `answer` with `contact`'s place now in it, where its answer had a position.
pub(super) fn placed(state: &mut State, contact: &str, mut answer: Answer) -> Answer {
    let Ok(metrics) = &mut answer.outcome else {
        return answer;
    };
    if metrics.position().is_none() {
        return answer;
    }
    if let Some(place) = state.places.place(contact) {
        put(metrics, place);
        if state.places.has_ticket(contact) && !state.fronts.contains(contact) {
            state
                .scheduler
                .set_role(contact, Role::Placed, Some(place.position));
        }
    }
    answer
}

/// Writes `place` over the position and estimate of `metrics`.
fn put(metrics: &mut GetContactMetricsResponse, place: Snapshot) {
    let results = metrics.metric_results.get_or_insert_with(Vec::new);
    results.retain(|r| r.name != POSITION_IN_QUEUE && r.name != ESTIMATED_WAIT_TIME);
    results.push(MetricResult::number(
        POSITION_IN_QUEUE,
        f64::from(place.position),
    ));
    if let Some(ewt) = place.ewt_seconds {
        results.push(MetricResult::number(ESTIMATED_WAIT_TIME, f64::from(ewt)));
    }
}

/// Tells the scheduler before it plans which contacts are their queues' fronts, refreshed
/// first, and which stopped being one. O(queues).
pub(super) fn assign_fronts(state: &mut State) {
    let fronts: HashSet<String> = state.places.fronts().map(str::to_owned).collect();
    for former in state.fronts.difference(&fronts) {
        state.scheduler.set_role(former, Role::Placed, None);
    }
    for front in &fronts {
        state.scheduler.set_role(front, Role::Front, None);
    }
    state.fronts = fronts;
}
