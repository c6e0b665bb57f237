//! The Connect budget under load: never above the rate, one call per contact at a time,
//! near-the-front contacts fresher, and every answer carrying its age.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::{Duration, Instant};

use waitline_proxy::budget::{Budget, BudgetConfig};
use waitline_proxy::clients::Allowance;
use waitline_proxy::source::ConnectClient;
use waitline_proxy::tasks::TaskGuard;
use waitline_simulator::connect::{Quota, SIMULATED_INSTANCE_ID, Simulator};

mod support;
use support::{SimulatedConnect, still_queue};

/// A budget calling the simulator's Connect endpoint through the AWS SDK. The simulated account's
/// quota is the budget's own, so a call beyond the budget would come back throttled.
/// The second value keeps the budget's refresher and the endpoint running.
async fn budget(
    simulator: &Arc<Simulator>,
    rate: f64,
    burst: u32,
) -> (Budget, (TaskGuard, SimulatedConnect)) {
    let config = BudgetConfig {
        rate,
        burst,
        wait_for_first: Duration::from_secs(2),
        ..BudgetConfig::default()
    };
    let connect = SimulatedConnect::start(simulator, Quota { rate, burst }).await;
    let source = ConnectClient::simulator(connect.url(), SIMULATED_INSTANCE_ID);
    let budget = Budget::new(source, config);
    let refresher = budget.start();
    (budget, (refresher, connect))
}

#[tokio::test]
async fn concurrent_requests_for_one_contact_share_one_call() {
    let sim = still_queue(0);
    let id = sim.join();
    let (budget, _running) = budget(&sim, 2.0, 5).await;
    let answers = futures_join(&budget, &vec![id.clone(); 50]).await;
    assert!(answers.iter().all(Result::is_ok));
    assert_eq!(budget.stats().connect_calls, 1);
    // Fresh enough: asking again at once is a cache hit.
    budget.get(&id, &Allowance::unlimited()).await.unwrap();
    assert_eq!(budget.stats().connect_calls, 1);
    assert!(budget.stats().cache_hits >= 1);
}

#[tokio::test]
async fn calls_never_exceed_the_budget_however_many_contacts_poll() {
    let sim = still_queue(0);
    let ids: Vec<String> = (0..300).map(|_| sim.join()).collect();
    let (budget, (_refresher, endpoint)) = budget(&sim, 20.0, 5).await;
    let started = Instant::now();
    // Every contact polled every 100 ms for 3 s: 9,000 requests against a budget of 20/s.
    let mut answered = 0;
    let mut throttled = 0;
    let mut rounds = 0;
    while started.elapsed() < Duration::from_secs(3) {
        rounds += 1;
        for result in futures_join(&budget, &ids).await {
            match result {
                Ok(_) => answered += 1,
                Err(_) => throttled += 1,
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let calls = budget.stats().connect_calls;
    assert!(
        calls as f64 <= 20.0 * elapsed + 5.0 + 1.0,
        "{calls} calls in {elapsed:.1} s"
    );
    assert!(
        calls as f64 >= 20.0 * (elapsed - 1.0),
        "the budget should be used: {calls} calls in {elapsed:.1} s, {:?}",
        budget.stats()
    );
    // Every request got an answer or a 429, none hung: a request for a contact never fetched
    // waits at most 2 s for its first data.
    assert_eq!(
        answered + throttled,
        rounds * ids.len(),
        "{answered} answered, {throttled} throttled"
    );
    assert!(answered >= 20, "{answered} answered");
    // Connect (the simulator, holding the same quota) never had to refuse a call.
    assert_eq!(endpoint.stats().throttled, 0);
}

#[tokio::test]
async fn near_the_front_is_refreshed_first() {
    let sim = still_queue(0);
    // Positions 2.. (the agent took the first one).
    let ids: Vec<String> = (0..40).map(|_| sim.join()).collect();
    let (budget, _running) = budget(&sim, 5.0, 5).await;
    // Warm the cache for everyone (40 first fetches at 5/s; a newcomer behind a long backlog
    // is told to come back rather than held).
    let warm = Instant::now();
    while !futures_join(&budget, &ids).await.iter().all(Result::is_ok) {
        assert!(warm.elapsed() < Duration::from_secs(30), "never warmed");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let started = Instant::now();
    let mut near = Vec::new();
    let mut far = Vec::new();
    while started.elapsed() < Duration::from_secs(6) {
        for (i, result) in futures_join(&budget, &ids).await.into_iter().enumerate() {
            let age = result.unwrap().age.as_secs_f64();
            if i < 2 {
                near.push(age)
            } else if i >= 20 {
                far.push(age)
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(
        mean(&near) < 2.5,
        "near the front stays within its 2 s target: {:.2}",
        mean(&near)
    );
    assert!(
        mean(&near) < mean(&far),
        "near {:.2} s vs far {:.2} s",
        mean(&near),
        mean(&far)
    );
}

#[tokio::test]
async fn a_crowd_of_newcomers_does_not_starve_the_front() {
    let sim = still_queue(0);
    let front: Vec<String> = (0..2).map(|_| sim.join()).collect();
    let crowd: Vec<String> = (0..300).map(|_| sim.join()).collect();
    let (budget, _running) = budget(&sim, 5.0, 5).await;
    futures_join(&budget, &front).await;
    let started = Instant::now();
    let mut ages = Vec::new();
    while started.elapsed() < Duration::from_secs(6) {
        // 300 never-fetched contacts ask at the same time as the front (5 calls/s: a minute of work).
        let (front_answers, _) =
            tokio::join!(futures_join(&budget, &front), futures_join(&budget, &crowd));
        ages.extend(
            front_answers
                .into_iter()
                .map(|a| a.unwrap().age.as_secs_f64()),
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let worst = ages.iter().copied().fold(0.0, f64::max);
    assert!(
        worst < 5.0,
        "the front's data got {worst:.1} s old while newcomers queued"
    );
}

#[tokio::test]
async fn a_newcomer_behind_a_long_backlog_is_told_when_to_return_at_once() {
    let sim = still_queue(0);
    let ids: Vec<String> = (0..100).map(|_| sim.join()).collect();
    let (budget, _running) = budget(&sim, 2.0, 5).await;
    // 100 newcomers at 2 calls/s is a 50 s backlog: far beyond the 2 s a request may wait.
    let started = Instant::now();
    let answers = futures_join(&budget, &ids).await;
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "held for {:?}",
        started.elapsed()
    );
    let busy: Vec<_> = answers.iter().filter_map(|a| a.as_ref().err()).collect();
    assert!(busy.len() >= 80, "{} of 100 told to come back", busy.len());
    assert!(busy.iter().all(
        |b| b.retry_after >= Duration::from_secs(1) && b.retry_after <= Duration::from_secs(60)
    ));
}

#[tokio::test]
async fn unknown_contacts_are_cached_as_not_found() {
    let sim = still_queue(0);
    let (budget, _running) = budget(&sim, 2.0, 5).await;
    let answer = budget
        .get(
            "00000000-0000-4000-8000-000000000000",
            &Allowance::unlimited(),
        )
        .await
        .unwrap();
    assert_eq!(
        answer.outcome,
        Err(waitline_proxy::source::SourceError::NotFound)
    );
}

#[tokio::test]
async fn an_idle_refresher_sleeps() {
    // Nothing is asked for, so Connect is never called and its address does not matter.
    let source = ConnectClient::simulator("http://127.0.0.1:9", SIMULATED_INSTANCE_ID);
    let budget = Budget::new(source, BudgetConfig::default());
    let _refresher = budget.start();
    // Time for a polling refresher to wake dozens of times; one that sleeps until there is work
    // looks once, at start, whatever the machine's speed.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let wakeups = budget.stats().refresher_wakeups;
    assert!(wakeups <= 1, "{wakeups} wake-ups in half an idle second");
}

async fn futures_join(
    budget: &Budget,
    ids: &[String],
) -> Vec<Result<waitline_proxy::budget::Answer, waitline_proxy::budget::Busy>> {
    let handles: Vec<_> = ids
        .iter()
        .map(|id| {
            let budget = budget.clone();
            let id = id.clone();
            tokio::spawn(async move { budget.get(&id, &Allowance::unlimited()).await })
        })
        .collect();
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}
