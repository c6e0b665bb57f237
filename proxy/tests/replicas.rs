//! Three proxy processes, one simulated Connect (served by this test, which counts its calls)
//! and one real redis-server: the replicas together never exceed the account's budget, one
//! contact polled through all three costs one call per freshness window, and the store dying
//! mid-run brings no 5xx (on the metrics, callback and chat routes) and no overspend, then
//! sharing resumes when it is back.
//!
//! The simulated account's quota equals the budget the proxies are given, so any overspend
//! comes back from "Connect" as a throttle, and the tests require none.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use waitline_proxy::chat::SIMULATED_CHAT_FLOW_ID;
use waitline_proxy::token::TokenKey;
use waitline_proxy::unix_now;
use waitline_simulator::connect::{
    Quota, SIMULATED_CALLBACK_FLOW_ID, SIMULATED_INSTANCE_ID, SIMULATED_REGION, Simulator,
};

mod support;
use support::http;
use support::redis::RedisServer;
use support::{SimulatedConnect, still_queue};

const SECRET: &str = "replicas-test-secret-0123456789abcdef";

/// A proxy process, stopped when dropped.
struct Replica {
    child: Child,
    address: String,
    /// The operator's listener: `/metrics`, and `/healthz` with the store's state.
    operator: String,
}

impl Replica {
    fn start(connect_url: &str, redis_url: &str, quota: Quota, extra: &[&str]) -> Self {
        let rate = quota.rate.to_string();
        let burst = quota.burst.to_string();
        let mut command = Command::new(env!("CARGO_BIN_EXE_waitline-proxy"));
        command
            .args([
                "--listen",
                "127.0.0.1:0",
                "--www-dir",
                "",
                "--package-dir",
                "",
            ])
            .args(["--connect-instance-id", SIMULATED_INSTANCE_ID])
            .args(["--connect-endpoint-url", connect_url])
            .args(["--connect-rate", &rate, "--connect-burst", &burst])
            // The test stands for many browsers from one address.
            .args(["--client-rate", "0"])
            .args(["--redis-url", redis_url])
            .args(["--metrics-listen", "127.0.0.1:0"])
            .args(extra)
            .env("WAITLINE_TOKEN_SECRET", SECRET)
            .env_remove("WAITLINE_TOKEN_SECRET_FILE")
            .env_remove("WAITLINE_REDIS_URL")
            .env_remove("AWS_LAMBDA_RUNTIME_API")
            .env("AWS_ACCESS_KEY_ID", "waitline-test")
            .env("AWS_SECRET_ACCESS_KEY", "waitline-test")
            .env("AWS_REGION", SIMULATED_REGION)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut address = None;
        let operator = loop {
            let line = lines
                .next()
                .expect("the proxy exited before listening")
                .unwrap();
            if let Some(url) = line.strip_prefix("waitline proxy listening on http://") {
                address = Some(url.to_owned());
            }
            if let Some(url) = line.strip_prefix("operator routes (/metrics, /healthz) on http://")
            {
                break url.to_owned();
            }
        };
        // Keep reading, so the proxy never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            address: address.expect("the public listener is printed first"),
            operator,
        }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One GET on a fresh connection: the status and the body.
async fn get(address: &str, path: &str, token: Option<&str>) -> (u16, String) {
    let answer = http::get(address, path, token).await;
    (answer.status.as_u16(), answer.body)
}

/// The statuses browsers got, by class.
#[derive(Debug, Default)]
struct Statuses {
    ok: u32,
    throttled: u32,
    other: Vec<u16>,
}

impl Statuses {
    fn assert_no_5xx(&self) {
        assert!(self.other.is_empty(), "unexpected statuses: {self:?}");
    }
}

/// Polls `contacts` every `every` for `how_long`, as browsers do: on a timer, whether or not
/// earlier answers came (a first answer may wait up to 5 s). Contact `i` goes through replica
/// `i + round`, so every contact is polled through every replica.
async fn poll_for(
    replicas: &[Replica],
    contacts: &[(String, String)],
    how_long: Duration,
    every: Duration,
    statuses: &mut Statuses,
) {
    let started = Instant::now();
    let mut requests = Vec::new();
    let mut round = 0;
    while started.elapsed() < how_long {
        for (i, (id, token)) in contacts.iter().enumerate() {
            let address = replicas[(i + round) % replicas.len()].address.clone();
            let path = format!("/v1/contacts/{id}/metrics");
            let token = token.clone();
            requests.push(tokio::spawn(async move {
                get(&address, &path, Some(&token)).await.0
            }));
        }
        round += 1;
        tokio::time::sleep(every).await;
    }
    for request in requests {
        match request.await.unwrap() {
            200 => statuses.ok += 1,
            429 => statuses.throttled += 1,
            other => statuses.other.push(other),
        }
    }
}

/// `n` contacts waiting in a queue that stands still, with their tokens.
fn contacts(simulator: &Arc<Simulator>, n: usize) -> Vec<(String, String)> {
    let key = TokenKey::new(SECRET.as_bytes()).unwrap();
    (0..n)
        .map(|_| {
            let id = simulator.join();
            let token = key.mint(&id, unix_now() + 3600);
            (id, token)
        })
        .collect()
}

/// The three replicas, the simulated Connect they share and the store, or `None` when there is
/// no redis-server to run (outside CI).
async fn setup(
    test: &str,
    simulator: &Arc<Simulator>,
    quota: Quota,
    extra: &[&str],
) -> Option<(RedisServer, SimulatedConnect, Vec<Replica>)> {
    let server = RedisServer::start(test)?;
    let connect = SimulatedConnect::start(simulator, quota).await;
    let replicas = (0..3)
        .map(|_| Replica::start(connect.url(), &server.url(), quota, extra))
        .collect();
    Some((server, connect, replicas))
}

/// The samples of `name` in `/metrics`: each one's labels (`{...}`, or empty) and value.
async fn samples(replica: &Replica, name: &str) -> Vec<(String, f64)> {
    let (status, body) = get(&replica.operator, "/metrics", None).await;
    assert_eq!(status, 200, "{body}");
    let found: Vec<(String, f64)> = body
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?;
            let (labels, value) = rest.rsplit_once(' ')?;
            (labels.is_empty() || labels.starts_with('{'))
                .then(|| (labels.to_owned(), value.parse().unwrap()))
        })
        .collect();
    assert!(!found.is_empty(), "no {name} in /metrics:\n{body}");
    found
}

/// A value of `/metrics`: the sum of its samples, whatever their labels.
async fn metric(replica: &Replica, name: &str) -> f64 {
    samples(replica, name).await.iter().map(|(_, v)| v).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_never_exceed_the_account_budget() {
    let simulator = still_queue(0);
    let contacts = contacts(&simulator, 60);
    let quota = Quota {
        rate: 4.0,
        burst: 5,
    };
    let Some((_server, connect, replicas)) = setup(
        "three_replicas_never_exceed_the_account_budget",
        &simulator,
        quota,
        &[],
    )
    .await
    else {
        return;
    };
    let started = Instant::now();
    let mut statuses = Statuses::default();
    // 60 contacts every 200 ms through three replicas: far more than 4 calls/s could refresh.
    poll_for(
        &replicas,
        &contacts,
        Duration::from_secs(6),
        Duration::from_millis(200),
        &mut statuses,
    )
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    let stats = connect.stats();
    eprintln!(
        "three replicas, 60 contacts, 4 calls/s: {} Connect calls ({} throttled) in {elapsed:.2} s; browsers: {statuses:?}",
        stats.requests, stats.throttled
    );
    statuses.assert_no_5xx();
    // The shared bucket starts empty: at most the rate since, whatever three replicas want.
    assert!(
        stats.requests as f64 <= 4.0 * elapsed + 1.0,
        "{} calls in {elapsed:.1} s",
        stats.requests
    );
    assert!(
        stats.requests as f64 >= 4.0 * (elapsed - 2.0),
        "the budget should be used: {} calls in {elapsed:.1} s",
        stats.requests
    );
    assert_eq!(stats.throttled, 0, "Connect had to refuse calls");
    assert!(statuses.ok > 0, "{statuses:?}");
    // Each replica counts its own calls under its own `replica` label (its heartbeat ID);
    // summed, they are what Connect saw. Refreshes go on after the polls stop (each contact
    // asked about is fetched once more), and a replica counts a call as it makes it: so the sum
    // lies between what Connect had seen before the replicas were read and what it has seen once
    // the calls they counted have landed.
    let seen_before = connect.stats().requests as f64;
    let mut labels = std::collections::HashSet::new();
    let mut per_replica = Vec::new();
    for replica in &replicas {
        let calls = samples(replica, "waitline_connect_calls_total").await;
        assert_eq!(calls.len(), 1, "one series per replica: {calls:?}");
        let (label, count) = &calls[0];
        assert!(label.starts_with("{replica=\""), "{label}");
        assert!(
            labels.insert(label.clone()),
            "two replicas labelled {label}"
        );
        let throttles = samples(replica, "waitline_connect_throttles_total").await;
        assert_eq!(throttles, [(label.clone(), 0.0)]);
        per_replica.push(*count);
    }
    eprintln!("calls per replica: {per_replica:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen_after = connect.stats().requests as f64;
    let counted: f64 = per_replica.iter().sum();
    assert!(
        (seen_before..=seen_after).contains(&counted),
        "the replicas counted {counted} calls; Connect saw {seen_before} before, {seen_after} after"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_contact_through_three_replicas_costs_one_call_per_freshness_window() {
    let simulator = still_queue(0);
    // The single agent takes the first; the second waits at position 1: a 2 s freshness target.
    let _taken = simulator.join();
    let contact = contacts(&simulator, 1);
    let quota = Quota {
        rate: 10.0,
        burst: 5,
    };
    let Some((_server, connect, replicas)) = setup(
        "one_contact_through_three_replicas_costs_one_call_per_freshness_window",
        &simulator,
        quota,
        &[],
    )
    .await
    else {
        return;
    };
    let started = Instant::now();
    let mut statuses = Statuses::default();
    // Through each replica in turn, every 100 ms: 10 requests a second.
    poll_for(
        &replicas,
        &contact,
        Duration::from_secs(7),
        Duration::from_millis(100),
        &mut statuses,
    )
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    statuses.assert_no_5xx();
    assert_eq!(statuses.throttled, 0, "{statuses:?}");
    let calls = connect.stats().requests;
    eprintln!(
        "one contact at position 1 through three replicas: {calls} Connect calls in {elapsed:.2} s; browsers: {statuses:?}"
    );
    // A call when the data reaches 2 s, from whichever replica gets there first: about
    // elapsed / 2 (+1 for the first); each replica on its own would make as many.
    assert!(
        calls as f64 <= (elapsed / 2.0).floor() + 2.0,
        "{calls} calls in {elapsed:.1} s"
    );
    assert!(calls >= 3, "{calls} calls in {elapsed:.1} s");
    let mut shared_hits = 0.0;
    for replica in &replicas {
        shared_hits += metric(replica, "waitline_shared_cache_hits_total").await;
    }
    assert!(shared_hits >= 2.0, "{shared_hits} answers from the store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_dying_mid_run_brings_no_5xx_nor_overspend_and_sharing_resumes() {
    let simulator = still_queue(0);
    let contacts = contacts(&simulator, 60);
    let quota = Quota {
        rate: 3.0,
        burst: 4,
    };
    let Some((mut server, connect, replicas)) = setup(
        "the_store_dying_mid_run_brings_no_5xx_nor_overspend_and_sharing_resumes",
        &simulator,
        quota,
        &["--replicas", "3"],
    )
    .await
    else {
        return;
    };
    let started = Instant::now();
    let every = Duration::from_millis(200);
    let mut statuses = Statuses::default();
    poll_for(
        &replicas,
        &contacts,
        Duration::from_secs(3),
        every,
        &mut statuses,
    )
    .await;
    let shared_calls = connect.stats().requests;
    assert!(shared_calls > 0);

    server.stop();
    poll_for(
        &replicas,
        &contacts,
        Duration::from_secs(5),
        every,
        &mut statuses,
    )
    .await;
    for replica in &replicas {
        let (status, body) = get(&replica.operator, "/healthz", None).await;
        assert_eq!(status, 200, "liveness holds while degraded");
        assert!(body.contains(r#""status":"degraded""#), "{body}");
        assert_eq!(metric(replica, "waitline_store_degraded").await, 1.0);
        assert!(metric(replica, "waitline_store_errors_total").await >= 1.0);
    }
    let degraded_calls = connect.stats().requests - shared_calls;
    assert!(
        degraded_calls > 0,
        "degraded replicas still call Connect, each on its third of the budget"
    );

    server.restart();
    let restarted = Instant::now();
    let mut resumed = false;
    while !resumed {
        assert!(
            restarted.elapsed() < Duration::from_secs(10),
            "the replicas never went back to the store"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        resumed = true;
        for replica in &replicas {
            resumed &= get(&replica.operator, "/healthz", None)
                .await
                .1
                .contains(r#""mode":"shared""#);
        }
    }
    poll_for(
        &replicas,
        &contacts,
        Duration::from_secs(4),
        every,
        &mut statuses,
    )
    .await;
    for replica in &replicas {
        assert_eq!(metric(replica, "waitline_store_degraded").await, 0.0);
        assert_eq!(metric(replica, "waitline_store_replicas").await, 3.0);
    }

    let elapsed = started.elapsed().as_secs_f64();
    let stats = connect.stats();
    eprintln!(
        "store killed and restarted, 3 calls/s: {} Connect calls ({shared_calls} shared, then {degraded_calls} degraded in 5 s, then {} after) ({} throttled) in {elapsed:.2} s; browsers: {statuses:?}",
        stats.requests,
        stats.requests - shared_calls - degraded_calls,
        stats.throttled
    );
    statuses.assert_no_5xx();
    assert_eq!(stats.throttled, 0, "Connect had to refuse calls: overspent");
    assert!(
        stats.requests as f64 <= 3.0 * elapsed + 3.0,
        "{} calls in {elapsed:.1} s",
        stats.requests
    );
    assert!(
        stats.requests > shared_calls + degraded_calls,
        "calls resumed through the store"
    );
}

/// For each contact, at once: a callback for it and a chat, through replica `first + n` for
/// the `n`th. The statuses, callback then chat.
async fn ask_and_chat(
    replicas: &[Replica],
    contacts: &[(String, String)],
    first: usize,
) -> Vec<u16> {
    let mut requests = Vec::new();
    for (n, (id, token)) in contacts.iter().enumerate() {
        let address = replicas[(first + n) % replicas.len()].address.clone();
        let (path, token) = (format!("/v1/contacts/{id}/callback"), token.clone());
        requests.push(tokio::spawn(async move {
            let callback = http::post_json(
                &address,
                &path,
                Some(&token),
                r#"{"phoneNumber": "+1 201 555 0123", "country": "US"}"#,
            );
            let chat = http::post_json(&address, "/v1/chats", None, r#"{"displayName": "Ana"}"#);
            let (callback, chat) = tokio::join!(callback, chat);
            [callback.status.as_u16(), chat.status.as_u16()]
        }));
    }
    let mut statuses = Vec::new();
    for request in requests {
        statuses.extend(request.await.unwrap());
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_dying_brings_no_5xx_to_callbacks_and_chats_nor_overspend() {
    let simulator = still_queue(0);
    // The single agent takes the first; the others wait, so each can ask for a callback.
    let _taken = simulator.join();
    let contacts = contacts(&simulator, 13);
    // Each operation (DescribeContact, StartTaskContact, StopContact, StartChatContact) 3
    // calls/s, burst 4 (one held back): degraded, each replica's third is 1/s, burst 1.
    let quota = Quota {
        rate: 3.0,
        burst: 4,
    };
    let Some((mut server, connect, replicas)) = setup(
        "the_store_dying_brings_no_5xx_to_callbacks_and_chats_nor_overspend",
        &simulator,
        quota,
        &[
            "--replicas",
            "3",
            "--callback-flow-id",
            SIMULATED_CALLBACK_FLOW_ID,
            "--callback-countries",
            "US",
            "--chat-flow-id",
            SIMULATED_CHAT_FLOW_ID,
        ],
    )
    .await
    else {
        return;
    };
    let mut statuses = Vec::new();
    // Shared: a callback and a chat through each replica.
    statuses.extend(ask_and_chat(&replicas, &contacts[0..3], 0).await);
    tokio::time::sleep(Duration::from_secs(1)).await;

    // The store dies; at once, a callback and a chat through each replica. Each finds its
    // store gone and its local buckets emptied (the calls just made through the store may have
    // spent them): it waits for the next call of its share rather than answer 503.
    server.stop();
    let killed = Instant::now();
    statuses.extend(ask_and_chat(&replicas, &contacts[3..6], 0).await);
    let first_after = killed.elapsed();
    // Degraded: a callback and a chat a second, in turn through the replicas.
    for i in 6..10 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        statuses.extend(ask_and_chat(&replicas, &contacts[i..=i], i).await);
    }
    for replica in &replicas {
        assert_eq!(metric(replica, "waitline_store_degraded").await, 1.0);
    }

    server.restart();
    let restarted = Instant::now();
    loop {
        assert!(
            restarted.elapsed() < Duration::from_secs(10),
            "the replicas never went back to the store"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut shared = true;
        for replica in &replicas {
            shared &= metric(replica, "waitline_store_degraded").await == 0.0;
        }
        if shared {
            break;
        }
    }
    // Shared again, the store's buckets drained: a callback and a chat through each replica.
    statuses.extend(ask_and_chat(&replicas, &contacts[10..13], 0).await);

    let stats = connect.stats();
    eprintln!(
        "callbacks and chats, store killed and restarted: {statuses:?} (the three pairs right after the kill answered within {first_after:?}); Connect: {} calls, {} throttled",
        stats.requests, stats.throttled
    );
    assert_eq!(statuses.len(), 2 * 13);
    assert!(
        statuses.iter().all(|status| *status < 500),
        "a 5xx to a browser: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|status| [200, 201].contains(status)),
        "every request fits the budget, degraded share included: {statuses:?}"
    );
    assert_eq!(stats.throttled, 0, "Connect had to refuse calls: overspent");
    assert_eq!(simulator.tasks_started(), 13);
}
