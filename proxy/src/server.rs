//! Serves the app over TCP with the bounds `axum::serve` has no options for, so a slow or idle
//! client cannot hold connections forever (200 connections that each sent half a request header
//! were all still open 45 s later):
//! - hyper's `header_read_timeout`: a request's headers must arrive within it. Hyper starts that
//!   clock when it begins waiting for a request, on a new connection or once the previous
//!   answer is sent, so the same timeout closes idle keep-alive connections;
//! - `write_timeout`: an answer that cannot be written within it (a client that pipelines
//!   requests and never reads the answers, until its receive window is full) closes the
//!   connection. Hyper has no such timeout; `tokio-io-timeout` puts one on the socket;
//! - at most `per_client` connections from one address (an IPv4 address or IPv6 /64) when the
//!   proxy faces clients directly; behind a load balancer every connection comes from the
//!   balancer, so the setting is off there (`None`) and the balancer bounds its clients;
//! - at most `max_connections` open at once: beyond it the proxy stops accepting, and new
//!   connections wait in the listen backlog until one closes.
//!
//! Request bodies are bounded per request (`request_limits`): size, and time between chunks.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio_io_timeout::TimeoutStream;
use tower::Layer;

use crate::clients::ClientKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// From a connection's opening, or its previous answer, to the end of a request's headers.
    pub header_read_timeout: Duration,
    /// The longest one write of an answer may wait for the client to take it.
    pub write_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// Connections one client address may hold at once; `None` behind a load balancer.
    pub per_client: Option<usize>,
}

pub const DEFAULT_CONNECTIONS_PER_CLIENT: usize = 256;
pub const DEFAULT_MAX_CONNECTIONS: usize = 10_000;
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            write_timeout: DEFAULT_WRITE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            per_client: Some(DEFAULT_CONNECTIONS_PER_CLIENT),
        }
    }
}

/// Open connections per client address. An entry lives while its client holds a connection, so
/// the map holds at most `max_connections` entries.
#[derive(Debug, Default)]
struct OpenPerClient {
    open: Mutex<HashMap<ClientKey, usize>>,
}

/// One of a client's open connections; dropping it closes the count.
#[derive(Debug)]
struct Held {
    table: Arc<OpenPerClient>,
    client: ClientKey,
}

impl OpenPerClient {
    /// A slot for one more connection of `client`'s, unless it holds `cap` already.
    fn admit(self: &Arc<Self>, client: ClientKey, cap: usize) -> Option<Held> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(client).or_insert(0);
        if *count >= cap {
            if *count == 0 {
                open.remove(&client);
            }
            return None;
        }
        *count += 1;
        Some(Held {
            table: Arc::clone(self),
            client,
        })
    }

    fn len(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = self
            .table
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets the
/// requests in flight finish, and returns. Each request carries its peer's address as
/// `ConnectInfo<SocketAddr>` (the per-client rate limit reads it).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = Arc::new(OpenPerClient::default());
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    // Every connection holds a receiver: a send tells them to finish, and `closed` resolves
    // once the last is gone.
    let (stop, stopping) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener, &slots) => accepted,
        };
        let Some((stream, peer, slot)) = accepted else {
            continue;
        };
        let held = match limits.per_client {
            Some(cap) => match per_client.admit(ClientKey::of(peer.ip()), cap) {
                Some(held) => Some(held),
                None => {
                    // Closed at once: the client already holds its share of the connections.
                    tracing::debug!(%peer, open = per_client.len(), "too many connections from one client");
                    drop(stream);
                    continue;
                }
            },
            None => None,
        };
        let service = TowerToHyperService::new(Extension(ConnectInfo(peer)).layer(app.clone()));
        let connection =
            http.serve_connection(TokioIo::new(with_write_timeout(stream, limits)), service);
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut connection = pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stopping.changed() => {
                    // Finishes the request in flight, if any, then closes.
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = result {
                // Timeouts and clients going away: routine, and the client's business.
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
            drop(held);
            drop(slot);
        });
    }
    drop(listener);
    drop(stopping);
    stop.send_replace(());
    stop.closed().await;
}

/// The socket, with writes that fail once they have waited `write_timeout` for the client.
fn with_write_timeout(
    stream: TcpStream,
    limits: ConnectionLimits,
) -> Pin<Box<TimeoutStream<TcpStream>>> {
    let mut stream = TimeoutStream::new(stream);
    stream.set_write_timeout(Some(limits.write_timeout));
    Box::pin(stream)
}

/// The next connection, once a slot is free. `None` after a failed accept (such as running out
/// of file descriptors), after a pause so the loop does not spin.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(
    tokio::net::TcpStream,
    SocketAddr,
    tokio::sync::OwnedSemaphorePermit,
)> {
    // The semaphore is never closed.
    let slot = Arc::clone(slots).acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => Some((stream, peer, slot)),
        Err(error) => {
            tracing::warn!(%error, "accepting a connection failed");
            tokio::time::sleep(Duration::from_millis(100)).await;
            None
        }
    }
}
