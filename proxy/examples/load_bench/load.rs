//! The load generator: browsers' polls, paced evenly, over keep-alive connections spread over
//! the replicas round-robin, as a load balancer spreads connections. Each connection keeps its
//! contacts, so each contact is polled through one replica. Each is hyper's HTTP/1.1 client on
//! one TCP stream of its own (`client::conn`), not a pooling client, which would choose the
//! connection itself.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Request, header};
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

pub const POLL_EVERY: Duration = Duration::from_secs(5);
/// Fewer when there are fewer contacts: a connection without contacts would send nothing.
pub const CONNECTIONS: usize = 500;

/// A contact's ID and its token.
pub type Contact = (String, String);

/// What one replica (or one connection, before merging) answered.
#[derive(Debug, Default)]
pub struct Tally {
    pub latencies_us: Vec<u64>,
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no answer: the connection failed (and is reopened for the next poll).
    pub failed: u64,
    /// Largest `Age` seen per position bucket, and answers per bucket.
    pub max_age: BTreeMap<&'static str, (u64, u64)>,
    /// The same over the second half of the run, once the first sweep is done.
    pub max_age_late: BTreeMap<&'static str, (u64, u64)>,
}

impl Tally {
    pub fn merge(&mut self, other: &Self) {
        self.latencies_us.extend_from_slice(&other.latencies_us);
        for (status, count) in &other.statuses {
            *self.statuses.entry(*status).or_default() += count;
        }
        self.failed += other.failed;
        for (mine, theirs) in [
            (&mut self.max_age, &other.max_age),
            (&mut self.max_age_late, &other.max_age_late),
        ] {
            for (name, &(age, count)) in theirs {
                fold(mine, name, age, count);
            }
        }
    }

    /// Sorted once, for [`Self::percentile_ms`].
    pub fn sort(&mut self) {
        self.latencies_us.sort_unstable();
    }

    /// `None` when nothing was answered.
    pub fn percentile_ms(&self, p: f64) -> Option<f64> {
        let last = self.latencies_us.len().checked_sub(1)?;
        Some(self.latencies_us[(last as f64 * p) as usize] as f64 / 1000.0)
    }

    fn record(&mut self, position: u32, age: u64, late: bool) {
        fold(&mut self.max_age, bucket(position), age, 1);
        if late {
            fold(&mut self.max_age_late, bucket(position), age, 1);
        }
    }
}

/// Adds `count` answers whose largest age is `age` to `name`'s bucket.
fn fold(ages: &mut BTreeMap<&'static str, (u64, u64)>, name: &'static str, age: u64, count: u64) {
    let entry = ages.entry(name).or_default();
    entry.0 = entry.0.max(age);
    entry.1 += count;
}

pub const BUCKETS: [&str; 5] = ["1-3", "4-10", "11-100", "101-1000", "1001+"];

fn bucket(position: u32) -> &'static str {
    match position {
        1..=3 => BUCKETS[0],
        4..=10 => BUCKETS[1],
        11..=100 => BUCKETS[2],
        101..=1000 => BUCKETS[3],
        _ => BUCKETS[4],
    }
}

/// Polls every contact every [`POLL_EVERY`] for `run`, connection `w` through
/// `replicas[w % replicas.len()]`: one tally per replica, and how long the polling took.
pub async fn poll(
    replicas: &[SocketAddr],
    contacts: Arc<Vec<Contact>>,
    run: Duration,
) -> (Vec<Tally>, Duration) {
    let connections = CONNECTIONS.min(contacts.len());
    let started = Instant::now();
    let deadline = started + run;
    let workers: Vec<_> = (0..connections)
        .map(|worker| {
            let replica = worker % replicas.len();
            let address = replicas[replica];
            let contacts = Arc::clone(&contacts);
            tokio::spawn(async move {
                let mine: Vec<usize> = (worker..contacts.len()).step_by(connections).collect();
                // A tally per connection, merged at the end: a shared one would make the load
                // generator's lock part of the latency measured.
                let mut tally = Tally::default();
                let spacing = POLL_EVERY / mine.len() as u32;
                let mut connection: Option<Connection> = None;
                let mut n: u32 = 0;
                loop {
                    // Connections start a few ms apart, as browsers' timers do.
                    let due = started + spacing * n + Duration::from_millis((worker * 7) as u64);
                    if due > deadline || Instant::now() > deadline {
                        break;
                    }
                    tokio::time::sleep_until(due.into()).await;
                    n += 1;
                    let (id, token) = &contacts[mine[(n - 1) as usize % mine.len()]];
                    let sent = Instant::now();
                    if connection.is_none() {
                        connection = open(address).await.ok();
                    }
                    let Some(open) = connection.as_mut() else {
                        tally.failed += 1;
                        continue;
                    };
                    let Ok((status, age, body)) = exchange(open, id, token).await else {
                        tally.failed += 1;
                        connection = None;
                        continue;
                    };
                    tally.latencies_us.push(sent.elapsed().as_micros() as u64);
                    *tally.statuses.entry(status).or_default() += 1;
                    if status == 200
                        && let Some(position) = position(&body)
                    {
                        tally.record(position, age.unwrap_or(0), sent > started + run / 2);
                    }
                }
                (replica, tally)
            })
        })
        .collect();
    let mut tallies: Vec<Tally> = replicas.iter().map(|_| Tally::default()).collect();
    for worker in workers {
        // A worker panics only on a bug in this file; its polls are then missing, and said so.
        match worker.await {
            Ok((replica, tally)) => tallies[replica].merge(&tally),
            Err(error) => eprintln!("load_bench: a connection's worker failed: {error}"),
        }
    }
    (tallies, started.elapsed())
}

type Connection = SendRequest<Empty<Bytes>>;
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// A keep-alive connection to `address`. Its task ends when the connection fails or the
/// returned sender is dropped.
async fn open(address: SocketAddr) -> Result<Connection, Failure> {
    let stream = TcpStream::connect(address).await?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// One poll on the connection: (status, Age, body).
async fn exchange(
    connection: &mut Connection,
    id: &str,
    token: &str,
) -> Result<(u16, Option<u64>, Bytes), Failure> {
    connection.ready().await?;
    let request = Request::get(format!("/v1/contacts/{id}/metrics"))
        .header(header::HOST, "bench")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Empty::new())?;
    let response = connection.send_request(request).await?;
    let status = response.status().as_u16();
    let age = response
        .headers()
        .get(header::AGE)
        .and_then(|value| value.to_str().ok()?.parse().ok());
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, age, body))
}

fn position(body: &[u8]) -> Option<u32> {
    let response: waitline_core::GetContactMetricsResponse = serde_json::from_slice(body).ok()?;
    response.position()
}
