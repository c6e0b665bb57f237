//! The shared store's scripts against a real redis-server: the account's bucket never grants
//! more than its rate allows however many callers race for it, takes several operations
//! together or not at all, halves on a throttle; and a replica whose store is away at start
//! degrades, then shares once the store answers.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::{Duration, Instant};

use waitline_proxy::budget::bucket_params;
use waitline_proxy::store::{Mode, ModeSeen, RedisStore, SharedStore, Store};

mod support;
use support::redis::{RedisServer, free_port};

fn keys(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| format!("test:{{budget}}:{n}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_callers_never_get_more_than_the_rate_allows() {
    let Some(server) = RedisServer::start("racing_callers_never_get_more_than_the_rate_allows")
    else {
        return;
    };
    let store = RedisStore::open(&server.url()).unwrap();
    // 10 calls/s, burst 5 (4 after the one held back). A bucket new to the store starts empty.
    let params = bucket_params(10.0, 5);
    let bucket = keys(&["Race"]);
    let started = Instant::now();
    // 8 callers asking as fast as the store answers, for 3 s.
    let callers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            let bucket = bucket.clone();
            tokio::spawn(async move {
                let mut granted = 0;
                while started.elapsed() < Duration::from_secs(3) {
                    granted += store.take(&bucket, params, 1).await.unwrap().0;
                }
                granted
            })
        })
        .collect();
    let mut granted = 0;
    for caller in callers {
        granted += caller.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        f64::from(granted) <= 10.0 * elapsed + 1.0,
        "{granted} calls in {elapsed:.2} s"
    );
    assert!(
        f64::from(granted) >= 10.0 * 3.0 - 2.0,
        "the rate should be granted: {granted} calls in {elapsed:.2} s"
    );
}

#[tokio::test]
async fn several_buckets_are_taken_together_or_not_at_all_and_a_throttle_halves() {
    let Some(server) = RedisServer::start("several_buckets_are_taken_together_or_not_at_all")
    else {
        return;
    };
    let store = RedisStore::open(&server.url()).unwrap();
    // 2 calls/s, burst 2 (1 after the one held back).
    let params = bucket_params(2.0, 2);
    let (a, b) = (keys(&["A"]), keys(&["B"]));
    let both = keys(&["A", "B"]);
    // New buckets are empty: the wait for the first call is half a second.
    let (granted, wait) = store.take(&both, params, 1).await.unwrap();
    assert_eq!(granted, 0);
    assert!(wait <= Duration::from_millis(500), "{wait:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    // A has its call; B spends its own, so A and B together are refused and A keeps its call.
    assert_eq!(store.take(&b, params, 1).await.unwrap().0, 1);
    assert_eq!(store.take(&both, params, 1).await.unwrap().0, 0);
    assert_eq!(store.take(&a, params, 1).await.unwrap().0, 1);

    // Throttled: half the rate, so about one call in the next second instead of two.
    store.drain(&b, params).await.unwrap();
    store.throttle(&b[0], params, 0.05).await.unwrap();
    let (granted, wait) = store.take(&b, params, 1).await.unwrap();
    assert_eq!(granted, 0);
    assert!(
        wait > Duration::from_millis(900) && wait <= Duration::from_millis(1000),
        "a token every second at the halved rate: {wait:?}"
    );
}

#[tokio::test]
async fn a_store_away_at_start_degrades_then_shares_once_it_answers() {
    let port = free_port();
    let url = format!("redis://127.0.0.1:{port}/");
    // Nobody listens there yet.
    let shared = SharedStore::connect(&url, bucket_params(2.0, 5), keys(&["X"]), Some(4))
        .await
        .unwrap();
    let _heartbeat = shared.start();
    let store = Store::Shared(shared.clone());
    assert_eq!(store.mode(), Mode::Degraded { share: 0.25 });
    assert!(shared.health().errors >= 1);
    let mut seen = ModeSeen::default();
    assert_eq!(store.share_change(&mut seen), Some((0.25, true)));
    assert_eq!(store.share_change(&mut seen), None, "nothing changed since");

    let Some(mut server) = RedisServer::start("a_store_away_at_start_degrades") else {
        return;
    };
    // Moved to the free port the replica expects.
    server.port = port;
    server.restart();
    let started = Instant::now();
    while !matches!(store.mode(), Mode::Shared { .. }) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still {:?}",
            store.mode()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(shared.health().replicas_seen, 1);
    assert_eq!(store.share_change(&mut seen), Some((1.0, false)));
}
