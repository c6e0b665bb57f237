use waitline_core::MetricResult;

use super::*;

const SECOND: Duration = Duration::from_secs(1);

fn config(rate: f64, burst: u32) -> BudgetConfig {
    BudgetConfig {
        rate,
        burst,
        ..BudgetConfig::default()
    }
}

fn at_position(position: u32) -> Outcome {
    Ok(GetContactMetricsResponse {
        metric_results: Some(vec![MetricResult::number(
            "POSITION_IN_QUEUE",
            f64::from(position),
        )]),
        id: None,
        arn: None,
    })
}

fn id(n: usize) -> String {
    format!("contact-{n:04}")
}

/// A contact asked about and fetched at `now`, outside the budget: the starting state.
fn cached(s: &mut Scheduler, id: &str, position: u32, now: Instant) {
    s.request(id, now);
    s.fetched(id, at_position(position), now);
}

/// Plans at `now` and lands every call at once with the contact's position from `position`.
fn plan_and_fetch(s: &mut Scheduler, now: Instant, position: impl Fn(&str) -> u32) -> Vec<String> {
    let plan = s.plan(now);
    for id in &plan.fetch {
        s.fetched(id, at_position(position(id)), now);
    }
    plan.fetch
}

#[test]
fn never_over_the_rate_however_many_contacts_ask() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    let mut calls = 0;
    // 200 contacts asking every 100 ms for a minute, the refresher looking every 10 ms.
    for tick in 0..6_000u32 {
        let now = t0 + Duration::from_millis(u64::from(tick) * 10);
        if tick % 10 == 0 {
            for n in 0..200 {
                s.request(&id(n), now);
            }
        }
        calls += plan_and_fetch(&mut s, now, |_| 50).len();
    }
    // The bucket holds one of the burst back: 2/s for 60 s, plus 4 at once.
    assert!(calls <= 2 * 60 + 4, "{calls} calls");
    assert!(calls >= 2 * 60, "the budget should be used: {calls} calls");
}

#[test]
fn the_front_of_the_queue_is_refreshed_first() {
    let t0 = Instant::now();
    // One token at a time.
    let mut s = Scheduler::new(config(1.0, 2), t0);
    assert_eq!(s.plan(t0).fetch, Vec::<String>::new());
    cached(&mut s, "far", 50, t0);
    cached(&mut s, "front", 2, t0);
    // Both asked again, and both past their targets (2 s and 15 s) by the time we look.
    s.request("far", t0 + SECOND);
    s.request("front", t0 + SECOND);
    let now = t0 + Duration::from_secs(20);
    assert_eq!(s.plan(now).fetch, ["front"]);
    assert_eq!(s.plan(now + SECOND).fetch, ["far"]);
}

#[test]
fn newcomers_go_ahead_of_everyone_but_a_due_front() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(1.0, 2), t0);
    cached(&mut s, "long-overdue", 20, t0);
    s.request("long-overdue", t0 + SECOND);
    let late = t0 + 5 * freshness_target(Some(20));
    s.request("newcomer", late);
    assert_eq!(
        s.plan(late).fetch,
        ["newcomer"],
        "nothing shown beats stale"
    );
    assert_eq!(s.plan(late + 2 * SECOND).fetch, ["long-overdue"]);

    let mut s = Scheduler::new(config(1.0, 2), t0);
    cached(&mut s, "front", 1, t0);
    s.set_role("front", Role::Front, None);
    s.request("front", t0 + SECOND);
    let due = t0 + 3 * SECOND;
    s.request("newcomer", t0);
    assert_eq!(
        s.plan(due).fetch,
        ["front"],
        "the front's answers move everyone"
    );
    assert_eq!(s.plan(due + 2 * SECOND).fetch, ["newcomer"]);
    // Among newcomers, the one who asked last: just opened, and served at once even
    // behind a backlog.
    let mut s = Scheduler::new(config(1.0, 1), t0);
    s.request("b-second", t0 + SECOND);
    s.request("a-last", t0 + 2 * SECOND);
    s.request("c-first", t0);
    let now = t0 + 3 * SECOND;
    assert_eq!(s.plan(now).fetch, ["a-last"]);
}

#[test]
fn at_a_replicas_share_the_front_is_refreshed_as_much_less_often() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    cached(&mut s, "front", 4, t0);
    s.set_role("front", Role::Front, None);
    s.request("front", t0 + SECOND);
    assert_eq!(s.plan(t0 + SECOND).next, Some(t0 + FRONT_EVERY));
    // One of three replicas: the three fronts together cost what one would.
    s.set_share(1.0 / 3.0, false, t0 + SECOND);
    assert_eq!(s.plan(t0 + SECOND).next, Some(t0 + 3 * FRONT_EVERY));
    assert!(s.plan(t0 + 5 * SECOND).fetch.is_empty());
    assert_eq!(s.plan(t0 + 6 * SECOND).fetch, ["front"]);
}

#[test]
fn newcomers_and_the_front_do_not_starve_each_other() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(5.0, 5), t0);
    cached(&mut s, "front", 1, t0);
    s.set_role("front", Role::Front, None);
    let mut front_fetched = t0;
    let mut crowd_fetched = std::collections::HashSet::new();
    let mut worst_front_age = Duration::ZERO;
    // The front and 300 newcomers (a minute of calls at 5/s) ask every 250 ms for 90 s.
    for tick in 0..9_000u32 {
        let now = t0 + Duration::from_millis(u64::from(tick) * 10);
        if tick % 25 == 0 {
            s.request("front", now);
            for n in 0..300 {
                s.request(&id(n), now);
            }
        }
        for fetched in plan_and_fetch(&mut s, now, |id| if id == "front" { 1 } else { 100 }) {
            if fetched == "front" {
                worst_front_age = worst_front_age.max(now - front_fetched);
                front_fetched = now;
            } else {
                crowd_fetched.insert(fetched);
            }
        }
    }
    // The front goes first once due (a 2 s target), newcomers take every other call: the
    // front is never older than its target and a request interval.
    assert!(
        worst_front_age <= Duration::from_millis(2_500),
        "the front's data got {worst_front_age:?} old while newcomers queued"
    );
    assert_eq!(crowd_fetched.len(), 300, "every newcomer was fetched");
}

#[test]
fn one_call_per_contact_at_a_time() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(10.0, 10), t0);
    s.request("c", t0);
    assert_eq!(s.plan(t0).fetch, ["c"]);
    s.request("c", t0 + SECOND);
    assert_eq!(s.plan(t0 + SECOND).fetch, Vec::<String>::new());
}

#[test]
fn requests_wait_only_where_waiting_can_pay_off() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    let config = BudgetConfig::default();
    // A newcomer's first request waits for its first data: the newest is called next,
    // however long the backlog.
    for n in 0..11 {
        assert_eq!(
            s.request(&id(n), t0).lookup,
            Lookup::Wait(config.wait_for_first)
        );
    }
    // Asking again with nothing yet, it waits while the backlog is shorter than that wait
    // (at 2 calls/s, 10 newcomers are 5 s of calls), and is told to come back beyond it.
    assert_eq!(
        s.request(&id(10), t0).lookup,
        Lookup::Busy(Busy {
            retry_after: Duration::from_millis(5500)
        })
    );
    let mut few = Scheduler::new(config, t0);
    few.request("a", t0);
    assert_eq!(
        few.request("a", t0).lookup,
        Lookup::Wait(config.wait_for_first)
    );
    // Cached and fresh: answered at once; stale: waits a little for the refresh.
    s.fetched(&id(0), at_position(20), t0);
    assert!(matches!(
        s.request(&id(0), t0 + SECOND).lookup,
        Lookup::Fresh(_)
    ));
    let stale = t0 + Duration::from_secs(16);
    assert_eq!(
        s.request(&id(0), stale).lookup,
        Lookup::Wait(config.wait_for_fresh)
    );
}

#[test]
fn under_overload_a_stale_contact_is_answered_from_cache_at_once() {
    let t0 = Instant::now();
    // 100 contacts at 2 calls/s: a round takes 50 s, far beyond any freshness target.
    let mut s = Scheduler::new(config(2.0, 5), t0);
    for n in 0..100 {
        cached(&mut s, &id(n), 50, t0);
    }
    let later = t0 + Duration::from_secs(20);
    assert_eq!(
        s.request(&id(0), later).lookup,
        Lookup::Wait(Duration::ZERO)
    );
    let answer = s.answer(&id(0), later).unwrap();
    assert_eq!(answer.age, Duration::from_secs(20));
    // The hint slows polling to what the budget can serve.
    assert_eq!(answer.max_age, Duration::from_secs(30));
}

#[test]
fn it_sleeps_until_there_is_work() {
    let t0 = Instant::now();
    let config = config(1.0, 2);
    let mut s = Scheduler::new(config, t0);
    // Nothing asked: nothing to wake for.
    assert_eq!(s.plan(t0).next, None);
    // Fetched and not asked since: only forgetting it is ahead.
    cached(&mut s, "c", 20, t0);
    assert_eq!(s.plan(t0).next, Some(t0 + config.forget_after));
    // Asked again: due at its freshness target.
    s.request("c", t0 + SECOND);
    let due = t0 + freshness_target(Some(20));
    assert_eq!(
        s.plan(t0 + SECOND),
        Plan {
            fetch: vec![],
            next: Some(due),
            forgotten: vec![],
        }
    );
    // Due, but the one token goes to a newcomer: the next token.
    s.request("newcomer", due);
    assert_eq!(
        s.plan(due),
        Plan {
            fetch: vec!["newcomer".into()],
            next: Some(due + SECOND),
            forgotten: vec![],
        }
    );
    assert_eq!(s.plan(due + SECOND).fetch, ["c"]);
}

#[test]
fn requests_say_when_the_plan_changed() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(1.0, 2), t0);
    assert!(
        s.request("c", t0).reschedule,
        "a new contact is due at once"
    );
    assert!(!s.request("c", t0).reschedule, "already planned for");
    s.fetched("c", at_position(5), t0 + SECOND);
    assert!(
        s.request("c", t0 + 2 * SECOND).reschedule,
        "wanted again since its fetch: due at its target"
    );
    assert!(!s.request("c", t0 + 3 * SECOND).reschedule);
}

#[test]
fn idle_contacts_are_forgotten() {
    let t0 = Instant::now();
    let config = config(2.0, 5);
    let forget = t0 + config.forget_after;
    let mut s = Scheduler::new(config, t0);
    cached(&mut s, "idle", 5, t0);
    cached(&mut s, "asked-again", 5, t0);
    s.request("in-flight", t0);
    assert_eq!(s.plan(t0).fetch, ["in-flight"]);
    s.request("asked-again", t0 + SECOND);
    let due = t0 + freshness_target(Some(5));
    assert_eq!(s.plan(t0 + 2 * SECOND).next, Some(due));
    assert_eq!(plan_and_fetch(&mut s, due, |_| 5), ["asked-again"]);
    // Nothing else falls due: the next thing to wake for is forgetting "idle".
    assert_eq!(s.plan(due).next, Some(forget));
    s.plan(forget);
    assert!(!s.is_tracked("idle"));
    assert!(s.is_tracked("asked-again"));
    // A call in flight keeps its contact however long it takes; it is forgotten once landed.
    assert!(s.is_tracked("in-flight"));
    let landed = forget + SECOND / 2;
    s.fetched("in-flight", at_position(9), landed);
    let plan = s.plan(landed);
    assert!(!s.is_tracked("in-flight"));
    assert_eq!(s.tracked(), 1);
    assert_eq!(plan.next, Some(forget + SECOND));
    assert_eq!(s.plan(forget + SECOND).next, None);
    assert_eq!(s.tracked(), 0);
    // A newcomer forgotten before its first fetch leaves the newcomers' backlog too.
    s.request("never-fetched", forget);
    s.bucket = AdaptiveBucket::new(0.01, 1, forget);
    assert!(s.bucket.try_take(forget));
    assert_eq!(s.unfetched, 1);
    s.plan(forget + config.forget_after);
    assert_eq!(s.unfetched, 0);
}

#[test]
fn a_throttled_call_keeps_the_cache_and_halves_the_rate() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    cached(&mut s, "c", 5, t0);
    s.request("c", t0 + SECOND);
    let later = t0 + Duration::from_secs(10);
    assert_eq!(s.plan(later).fetch, ["c"]);
    s.fetched("c", Err(SourceError::Throttled), later);
    let answer = s.answer("c", later).unwrap();
    assert_eq!(answer.outcome, at_position(5));
    assert_eq!(s.bucket.rate(), 1.0);
    // Still wanted and stale: retried when the emptied bucket has a token again.
    assert_eq!(s.plan(later).next, Some(later + SECOND));
}

#[test]
fn data_fetched_elsewhere_is_as_old_as_its_fetch() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    s.request("c", t0);
    assert_eq!(s.plan(t0).fetch, ["c"]);
    // Another replica fetched it 1 s before this one's plan ran; position 2: a 2 s target.
    let now = t0 + SECOND;
    s.fetched("c", at_position(2), now - SECOND);
    s.refund(now);
    let answer = s.answer("c", now).unwrap();
    assert_eq!(answer.age, SECOND);
    assert_eq!(answer.max_age, SECOND);
    s.request("c", now);
    assert_eq!(s.plan(now).next, Some(t0 + 2 * SECOND));
}

#[test]
fn a_skipped_fetch_leaves_the_contact_due() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(1.0, 3), t0);
    s.request("c", t0);
    assert_eq!(s.plan(t0).fetch, ["c"]);
    assert_eq!(s.plan(t0).fetch, Vec::<String>::new(), "in flight");
    s.skipped("c");
    assert_eq!(s.plan(t0).fetch, ["c"], "due again, on the next token");
}

#[test]
fn a_share_of_nothing_makes_no_call_and_a_whole_share_resumes() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    s.set_share(0.0, true, t0);
    s.request("c", t0);
    let plan = s.plan(t0 + Duration::from_secs(60));
    assert_eq!(plan.fetch, Vec::<String>::new());
    assert_eq!(plan.next, Some(t0 + config(2.0, 5).forget_after));
    let later = t0 + Duration::from_secs(61);
    s.set_share(1.0, false, later);
    assert_eq!(s.plan(later + SECOND).fetch, ["c"]);
}

#[test]
fn a_request_says_beforehand_whether_it_would_cost_a_call() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    assert!(s.would_call("c"), "a new contact");
    assert_eq!(
        s.cached("c", t0, 3 * SECOND),
        Err(Busy {
            retry_after: 3 * SECOND
        })
    );
    s.request("c", t0);
    assert!(!s.would_call("c"), "already due");
    s.fetched("c", at_position(20), t0);
    assert!(s.would_call("c"), "not asked about since its fetch");
    let answer = s.cached("c", t0 + SECOND, 30 * SECOND).unwrap();
    assert_eq!(answer.max_age, 30 * SECOND);
    assert!(s.would_call("c"), "peeking wants nothing");
}

#[test]
fn a_contact_never_fetched_is_busy_after_its_wait() {
    let t0 = Instant::now();
    let mut s = Scheduler::new(config(2.0, 5), t0);
    s.request("c", t0);
    assert_eq!(
        s.answer("c", t0),
        Err(Busy {
            retry_after: SECOND
        })
    );
}
