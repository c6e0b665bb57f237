use std::future::Future;
use std::pin::pin;

use waitline_core::GetContactMetricsResponse;
use waitline_simulator::connect::SIMULATED_INSTANCE_ID;

use super::scheduler::Outcome;
use super::shared::Refreshed;
use super::*;

const CONTACT: &str = "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f";

/// A budget whose first fetch a request would wait a minute for; the test lands it.
fn budget() -> Budget {
    let config = BudgetConfig {
        wait_for_first: Duration::from_secs(60),
        ..BudgetConfig::default()
    };
    // Never called: no refresher runs.
    let source = ConnectClient::simulator("http://127.0.0.1:9", SIMULATED_INSTANCE_ID);
    Budget::new(source, config)
}

fn in_queue() -> Outcome {
    Ok(GetContactMetricsResponse {
        metric_results: Some(Vec::new()),
        id: Some(CONTACT.into()),
        arn: None,
    })
}

fn ticket(budget: &Budget) -> Ticket {
    match budget.ask(CONTACT, &Allowance::unlimited()) {
        Ok(Asked::Wait(ticket)) => ticket,
        other => panic!("a newcomer waits for its first data: {other:?}"),
    }
}

/// Polls `future` once: its output if it is ready without waiting for anything.
async fn at_once<F: Future + Unpin>(future: F) -> Option<F::Output> {
    tokio::select! {
        biased;
        output = future => Some(output),
        () = std::future::ready(()) => None,
    }
}

#[tokio::test]
async fn data_landing_before_the_request_starts_waiting_answers_it() {
    let budget = budget();
    let ticket = ticket(&budget);
    // The fetch lands after the request released the lock, before it began to wait.
    budget
        .shared
        .landed(CONTACT, Refreshed::Called(in_queue()), 0.0);
    let answer = at_once(pin!(budget.wait(ticket)))
        .await
        .expect("answered at once, not after the minute's wait");
    assert_eq!(answer.map(|a| a.outcome), Ok(in_queue()));
}

#[tokio::test]
async fn data_landing_while_the_request_waits_answers_it() {
    let budget = budget();
    let mut waiting = pin!(budget.wait(ticket(&budget)));
    assert!(
        at_once(&mut waiting).await.is_none(),
        "nothing to answer yet"
    );
    budget
        .shared
        .landed(CONTACT, Refreshed::Called(in_queue()), 0.0);
    let answer = at_once(&mut waiting)
        .await
        .expect("answered as the data lands");
    assert_eq!(answer.map(|a| a.outcome), Ok(in_queue()));
}

fn hang_up(contact: &str) -> Departure {
    Departure {
        contact: contact.to_owned(),
        after: 0.0,
        way: Way::Ended { ticket: None },
    }
}

fn names(chosen: &[describe::Chosen]) -> Vec<String> {
    chosen
        .iter()
        .map(|chosen| match chosen {
            describe::Chosen::Contact(contact) => format!("contact {contact}"),
            describe::Chosen::HungUp(departure) => format!("hung up {}", departure.contact),
        })
        .collect()
}

#[tokio::test]
async fn hang_ups_are_described_before_any_followed_contact() {
    let budget = budget();
    let _followed = ticket(&budget);
    let mut state = budget.shared.lock();
    describe::want(&mut state, CONTACT);
    for n in 0..3 {
        describe::hung_up(&mut state, hang_up(&format!("gone-{n}")));
    }
    let first = describe::candidates(&mut state, now());
    assert_eq!(names(&first), ["hung up gone-0", "hung up gone-1"]);
    assert!(
        names(&describe::candidates(&mut state, now())).is_empty(),
        "two in flight at most"
    );
    state.describing.clear();
    let next = describe::candidates(&mut state, now());
    assert_eq!(
        names(&next),
        ["hung up gone-2".to_owned(), format!("contact {CONTACT}")]
    );
}

#[tokio::test]
async fn hang_ups_held_for_a_description_are_bounded_the_oldest_let_go() {
    let budget = budget();
    let mut state = budget.shared.lock();
    for n in 0..=describe::HUNG_UP_HELD {
        describe::hung_up(&mut state, hang_up(&format!("gone-{n}")));
    }
    assert_eq!(state.hung_up.len(), describe::HUNG_UP_HELD);
    assert_eq!(
        state.hung_up.front().map(|d| d.contact.as_str()),
        Some("gone-1")
    );
}
