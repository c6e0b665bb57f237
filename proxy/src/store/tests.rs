use super::*;

#[test]
fn a_degraded_replica_takes_its_part_of_the_most_replicas_it_knows() {
    assert_eq!(degraded_share(None, 3), 1.0 / 3.0);
    assert_eq!(degraded_share(Some(4), 3), 0.25);
    assert_eq!(degraded_share(Some(2), 3), 1.0 / 3.0);
    assert_eq!(degraded_share(Some(1), 0), 1.0);
    assert_eq!(degraded_share(None, 0), 0.0, "nobody counted: no calls");
}

#[tokio::test(start_paused = true)]
async fn the_replica_count_rises_at_once_and_falls_late() {
    // Never connects: the count is all this test looks at.
    let store = SharedStore {
        inner: Arc::new(Inner {
            redis: RedisStore::open("redis://127.0.0.1:1/").unwrap(),
            replica: "r".into(),
            replicas_flag: None,
            buckets: Vec::new(),
            params: crate::budget::bucket_params(2.0, 5),
            degraded: AtomicBool::new(true),
            replicas_seen: AtomicU32::new(0),
            seen_held_at: std::sync::Mutex::new(tokio::time::Instant::now()),
            errors: AtomicU64::new(0),
            mode_number: watch::Sender::new(1),
        }),
    };
    store.inner.count(3);
    assert_eq!(store.health().replicas_seen, 3);
    // A restarted store knows only the replicas that beat since.
    store.inner.count(1);
    assert_eq!(store.health().replicas_seen, 3);
    assert_eq!(store.mode(), Mode::Degraded { share: 1.0 / 3.0 });
    tokio::time::advance(REPLICA_ALIVE + HEARTBEAT).await;
    store.inner.count(2);
    assert_eq!(store.health().replicas_seen, 2, "one really left");
}

#[test]
fn every_mode_but_in_process_runs_on_a_share() {
    assert_eq!(Mode::InProcess.local_share(), 1.0);
    assert_eq!(Mode::Shared { share: 0.25 }.local_share(), 0.25);
    assert_eq!(shared_share(0), 1.0);
    assert_eq!(shared_share(3), 1.0 / 3.0);
    assert_eq!(Mode::Degraded { share: 0.5 }.local_share(), 0.5);
    let mut seen = ModeSeen::default();
    assert_eq!(Store::InProcess.share_change(&mut seen), None);
}

#[test]
fn a_bucket_is_emptied_on_entering_degraded_mode_only() {
    let third = 1.0 / 3.0;
    let shared = Mode::Shared { share: third };
    let degraded = Mode::Degraded { share: third };
    let mut seen = ModeSeen::default();
    assert_eq!(seen.follow(shared, 3), Some((third, false)));
    assert_eq!(seen.follow(shared, 3), None, "no change");
    // Degrading while a count change (number 4) is read: the degraded mode under 4, then
    // under its own number 5. Emptied once.
    assert_eq!(seen.follow(degraded, 4), Some((third, true)));
    assert_eq!(seen.follow(degraded, 5), Some((third, false)));
    assert_eq!(seen.follow(shared, 6), Some((third, false)));
    assert_eq!(
        seen.follow(degraded, 7),
        Some((third, true)),
        "degraded again"
    );
    // A store away at start: degraded before anything was shared.
    assert_eq!(
        ModeSeen::default().follow(Mode::Degraded { share: 0.5 }, 1),
        Some((0.5, true))
    );
}
