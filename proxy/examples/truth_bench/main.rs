//! What a waiting customer sees against what Connect says at that moment (prints figures;
//! asserts nothing).
//!
//! `cargo run --release -p waitline-proxy --example truth_bench -- [seconds] [customers] [replicas] [rate] [hearing] [events]`
//!
//! Defaults: 120 s measured for 30, 300 and 1,000 customers with the widget, first through
//! one process and then through 3 replicas sharing a `redis-server`, on a Connect budget of 2
//! calls/s, the widgets following streams, the simulator's contact events reaching the proxy.
//! `customers` is a comma-separated list; `replicas` 1 runs the single process only.
//!
//! The queue (`scenario.rs`): agents take a contact every 3 s on average; as many callers
//! without the widget wait among the customers, some giving up from the middle; new customers
//! and callers arrive as fast as they are served. Each customer's widget polls the proxy as
//! `<waitline-status>` does, or follows its stream (`widgets.rs`: the core's tracker, over
//! HTTP). Once a second the sampler compares what each widget shows with the simulator's own
//! position for that contact at that moment (`truth.rs`), by band of the true position. The
//! simulated account (its quota equal to the budget) counts every Connect call by operation.
//!
//! Every customer is already waiting when the proxy starts: a cold start, which no proxy can
//! serve faster than one `GetContactMetrics` per customer allows. How long each waited for a
//! first figure is reported ("customers waiting at the start"); the table is measured after a
//! warm-up that lasts until every customer waiting has had a first figure and is placed in its
//! queue's order (described), and 30 s more (at least 60 s, at most 30 minutes; the run says
//! how long), so it shows the queue as customers who arrive one by one meet it. Newcomers
//! arrive throughout.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

#[path = "../support/cli.rs"]
mod cli;
mod connect;
#[path = "../support/replica.rs"]
mod replica;
// The shared-store tests' helper, not a copy of it.
#[allow(dead_code)]
#[path = "../../tests/support/redis.rs"]
mod redis;
mod report;
mod scenario;
mod truth;
mod widgets;

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::events;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{app, unix_now};
use waitline_simulator::connect::events::EventDelivery;
use waitline_simulator::connect::{Quota, SIMULATED_INSTANCE_ID};

use crate::report::Run;
use crate::truth::Watched;
use crate::widgets::Hearing;

const USAGE: &str = "usage: truth_bench [seconds] [customers] [replicas] [rate] [hearing]
  seconds    measured per run, after 60 s of warm-up (default 120)
  customers  widget customers waiting, comma-separated runs (default 30,300,1000)
  replicas   replicas sharing a redis-server, run after the single process (default 3; 1: none)
  rate       the Connect budget and the simulated account's quota, calls/s (default 2)
  hearing    poll (the widgets poll) or stream (they follow streams), default stream
  events     on (the simulator's contact events reach the proxy, each to one replica as a load
             balancer would send them) or off, default on";

/// Before measuring: long enough for every customer waiting at the start to have had one
/// answer of their own, with a fifth to spare.
/// The warm-up: at least this, and this long after the last customer got a first figure and a
/// place in the order; never longer than the most.
const WARM_UP_LEAST: Duration = Duration::from_secs(60);
const WARM_UP_SETTLE: Duration = Duration::from_secs(30);
const WARM_UP_MOST: Duration = Duration::from_secs(1800);
/// New widget customers arrive at half the service rate (the other half are callers).
const NEWCOMER_EVERY: Duration = Duration::from_secs(6);

#[derive(Debug, Clone)]
struct Args {
    seconds: u64,
    customers: Vec<usize>,
    replicas: usize,
    rate: f64,
    hearing: Hearing,
    events: bool,
}

impl Args {
    fn parse(args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut args = args.peekable();
        if cli::asks_for_help(&mut args) {
            return Err(String::new());
        }
        let seconds = cli::next(
            args.next(),
            "seconds",
            120,
            |s| (10..=86_400).contains(s),
            "10 to 86400",
        )?;
        let customers = match args.next() {
            None => vec![30, 300, 1000],
            Some(text) => text
                .split(',')
                .map(|n| n.trim().parse().ok().filter(|n| (1..=20_000).contains(n)))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("customers `{text}`: expected numbers 1 to 20000"))?,
        };
        let replicas = cli::next(
            args.next(),
            "replicas",
            3,
            |r| (1..=16).contains(r),
            "1 to 16",
        )?;
        let rate = cli::next(
            args.next(),
            "rate",
            2.0,
            |r: &f64| r.is_finite() && *r > 0.0 && *r <= 10_000.0,
            "calls per second above 0",
        )?;
        let hearing = match args.next().as_deref() {
            None | Some("stream") => Hearing::Stream,
            Some("poll") => Hearing::Poll,
            Some(other) => return Err(format!("hearing `{other}`: expected poll or stream")),
        };
        let events = match args.next().as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => return Err(format!("events `{other}`: expected on or off")),
        };
        cli::no_more(args)?;
        Ok(Self {
            seconds,
            customers,
            replicas,
            rate,
            hearing,
            events,
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match cli::args_or_exit("truth_bench", USAGE, Args::parse) {
        Ok(args) => args,
        Err(status) => return status,
    };
    let mut runs = Vec::new();
    let mut sharing = args.replicas > 1;
    for &customers in &args.customers {
        let mut modes = vec![1];
        if sharing {
            modes.push(args.replicas);
        }
        for replicas in modes {
            // A store of its own for each run: nothing of an earlier run's replicas (their
            // heartbeats, their buckets) counts in this one.
            let server = if replicas > 1 {
                let Some(server) = fresh_store() else {
                    sharing = false;
                    continue;
                };
                Some(server)
            } else {
                None
            };
            eprintln!(
                "{customers} customers, {replicas} process(es): a warm-up, then {} s measured",
                args.seconds
            );
            let url = server.as_ref().map(redis::RedisServer::url);
            match measure(&args, customers, replicas, url.as_deref()).await {
                Ok(run) => {
                    report::print_run(&run);
                    runs.push(run);
                }
                Err(message) => eprintln!("truth_bench: {message}"),
            }
        }
    }
    report::print_summary(&runs, args.rate, args.hearing, args.events);
    ExitCode::SUCCESS
}

/// Waits until every customer still waiting (newcomers of the last 10 s aside) shows a
/// position and has its place in its queue's order known to the replica it asks, then
/// [`WARM_UP_SETTLE`] more.
async fn warm_up(
    watched: &Mutex<Vec<Watched>>,
    budgets: &[waitline_proxy::budget::Budget],
) -> Duration {
    let started = tokio::time::Instant::now();
    let mut settled_since = None;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let all_placed = watched.lock().unwrap().iter().all(|customer| {
            customer.shown.done()
                || customer.shown.waited() < Duration::from_secs(10)
                || (customer.shown.position().is_some()
                    && budgets[customer.replica].knows_place_of(&customer.contact))
        });
        let elapsed = started.elapsed();
        let since = *settled_since.get_or_insert(elapsed);
        if !all_placed {
            settled_since = None;
        }
        if elapsed >= WARM_UP_MOST
            || (all_placed && elapsed >= WARM_UP_LEAST && elapsed - since >= WARM_UP_SETTLE)
        {
            return elapsed;
        }
    }
}

/// A `redis-server` of its own, or `None` (said why) when none can start.
fn fresh_store() -> Option<redis::RedisServer> {
    match redis::RedisServer::spawn() {
        Ok(Some(server)) => Some(server),
        Ok(None) => {
            eprintln!("truth_bench: redis-server not found: the single process only");
            None
        }
        Err(message) => {
            eprintln!("truth_bench: {message}: the single process only");
            None
        }
    }
}

async fn measure(
    args: &Args,
    customers: usize,
    replicas: usize,
    store_url: Option<&str>,
) -> Result<Run, String> {
    let (simulator, _clock, ids) = scenario::fill(customers, 1);
    let budget = BudgetConfig {
        rate: args.rate,
        ..BudgetConfig::default()
    };
    let quota = Quota {
        rate: budget.rate,
        burst: budget.burst,
    };
    let (connect_url, calls, connect_task) = connect::serve(&simulator, quota).await;
    let key = TokenKey::new(b"truth-benchmark-secret-0123456789abcdef").expect("a long secret");

    let mut bases = Vec::new();
    let mut serving = Vec::new();
    let mut states = Vec::new();
    for _ in 0..replicas {
        let state = replica::state(&connect_url, &key, budget, store_url, replicas as u32).await?;
        states.push(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen on loopback: {e}"))?;
        bases.push(format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        ));
        serving.push(tokio::spawn(async move {
            let _ = axum::serve(listener, app(state)).await;
        }));
    }

    let explainers: Vec<_> = states.iter().map(|state| state.budget.clone()).collect();
    // Connect's contact events, each to one replica in turn, as a load balancer sends them.
    let _events = args.events.then(|| {
        let turn = AtomicUsize::new(0);
        EventDelivery::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID)
            .sink(move |envelope| {
                let body = serde_json::to_vec(envelope).expect("an event as JSON");
                let learned = events::read(&body, SIMULATED_INSTANCE_ID).expect("a contact event");
                let n = turn.fetch_add(1, Ordering::Relaxed);
                states[n % states.len()].learned(&learned);
            })
            .spawn()
    });

    let client = widgets::client();
    let token_for = |id: &str| key.mint(id, unix_now() + 7200);
    let watch = |n: usize, id: &str| {
        let (shown, widget) = widgets::start(
            client.clone(),
            bases[n % bases.len()].clone(),
            id.to_owned(),
            token_for(id),
            n as u64,
            args.hearing,
        );
        Watched {
            replica: n % bases.len(),
            contact: id.to_owned(),
            shown,
            widget,
        }
    };
    let initial: Vec<Watched> = ids.iter().enumerate().map(|(n, id)| watch(n, id)).collect();
    let first_of_initial: Vec<_> = initial.iter().map(|w| Arc::clone(&w.shown)).collect();
    let watched = Arc::new(Mutex::new(initial));

    // Newcomers join and start their widget while the run lasts.
    let newcomers = Arc::new(Mutex::new(Vec::new()));
    let arriving = {
        let simulator = Arc::clone(&simulator);
        let watched = Arc::clone(&watched);
        let newcomers = Arc::clone(&newcomers);
        let client = client.clone();
        let bases = bases.clone();
        let key = key.clone();
        let hearing = args.hearing;
        tokio::spawn(async move {
            let mut n = customers;
            let mut every = tokio::time::interval(NEWCOMER_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                let id = simulator.join();
                let (shown, widget) = widgets::start(
                    client.clone(),
                    bases[n % bases.len()].clone(),
                    id.clone(),
                    key.mint(&id, unix_now() + 7200),
                    n as u64,
                    hearing,
                );
                newcomers.lock().unwrap().push(Arc::clone(&shown));
                watched.lock().unwrap().push(Watched {
                    contact: id,
                    shown,
                    replica: n % bases.len(),
                    widget,
                });
                n += 1;
            }
        })
    };

    let warm = warm_up(&watched, &explainers).await;
    eprintln!("  warm-up: {} s", warm.as_secs());
    let calls_before = calls.lock().unwrap().clone();
    let newcomers_before = newcomers.lock().unwrap().len();
    let measured = Duration::from_secs(args.seconds);
    let explaining = explainers.clone();
    let explain: truth::Explain =
        Box::new(move |replica, contact| explaining[replica].explain(contact));
    let tallies = truth::sample(&simulator, &watched, measured, &explain).await;
    let calls_after = calls.lock().unwrap().clone();
    if std::env::var_os("TRUTH_BENCH_TRACE").is_some() {
        for (n, budget) in explainers.iter().enumerate() {
            println!("replica {n}: {:?}", budget.stats());
        }
    }
    arriving.abort();
    for customer in watched.lock().unwrap().iter() {
        customer.widget.abort();
    }
    for task in &serving {
        task.abort();
    }
    connect_task.abort();

    let newcomers: Vec<_> = newcomers.lock().unwrap()[newcomers_before..].to_vec();
    Ok(Run {
        customers,
        replicas,
        tallies,
        initial: report::first_figures(&first_of_initial),
        newcomers: report::first_figures(&newcomers),
        calls: calls_after
            .iter()
            .map(|(&op, &after)| {
                let before = calls_before.get(op).copied().unwrap_or(0);
                (op, (after - before) as f64 / measured.as_secs_f64())
            })
            .collect(),
    })
}
