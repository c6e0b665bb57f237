//! A contact's answers as Server-Sent Events: the first at once, then each as soon as it
//! changes (a new place when people leave from ahead, Connect's own answer, a stage), so a
//! widget hears what the proxy learns the moment it learns it instead of at its next poll.
//!
//! Each event's data is exactly the body a poll gets. A comment every 15 s keeps the
//! connection open through proxies. The stream ends when the wait does (an agent, or the end),
//! when the token expires, or when the client goes away; a widget then polls as before, so a
//! proxy that cannot stream (AWS Lambda buffers answers) or will not hold more streams answers a
//! poll instead and nothing else changes.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::http::HeaderValue;
use axum::http::header::{AGE, CACHE_CONTROL};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::answer::{Answered, answer};
use crate::AppState;
use crate::clients::{Allowance, ClientKey};

/// How long a stream waits after a change before answering, so a burst of changes (answers
/// landing, people leaving) makes one event.
const COALESCE: Duration = Duration::from_millis(200);
/// A stream asks again at least this often: the contact stays wanted, its data fresh.
const REFRESH: Duration = Duration::from_secs(10);
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Open streams, and how many may be: each holds a connection and a task. One client (an
/// address, as the request limits count it) may hold at most [`PER_CLIENT`] of them, so one
/// script cannot take every stream from everyone else (past it, its widgets poll).
#[derive(Debug, Clone)]
pub struct Streams {
    open: Arc<AtomicUsize>,
    max: usize,
    /// Streams open per client: never more entries than streams open.
    by_client: ByClient,
}

type ByClient = Arc<Mutex<HashMap<ClientKey, usize>>>;

/// Streams one client may hold: an office or a carrier's NAT puts many customers behind one
/// address, and past this they poll, which costs them nothing but a little freshness.
pub const PER_CLIENT: usize = 64;

impl Streams {
    pub fn new(max: usize) -> Self {
        Self {
            open: Arc::new(AtomicUsize::new(0)),
            max,
            by_client: Arc::default(),
        }
    }

    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// A place for one more stream of `client`'s, released when dropped.
    fn take(&self, client: Option<ClientKey>) -> Option<Held> {
        let open = self.open.fetch_add(1, Ordering::AcqRel);
        let mut held = Held {
            open: Arc::clone(&self.open),
            client: None,
        };
        if open >= self.max {
            return None;
        }
        if let Some(client) = client {
            let mut by_client = self
                .by_client
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let count = by_client.entry(client).or_insert(0);
            if *count >= PER_CLIENT {
                return None;
            }
            *count += 1;
            held.client = Some((client, Arc::clone(&self.by_client)));
        }
        Some(held)
    }
}

/// One open stream's place.
struct Held {
    open: Arc<AtomicUsize>,
    client: Option<(ClientKey, ByClient)>,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
        if let Some((client, by_client)) = &self.client {
            let mut by_client = by_client.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(count) = by_client.get_mut(client) {
                *count -= 1;
                if *count == 0 {
                    by_client.remove(client);
                }
            }
        }
    }
}

/// A stream of `contact`'s answers starting with `first`, until `expires_at` (the token's,
/// Unix seconds); `None` where this proxy does not stream, or holds as many as it may.
pub fn open(
    state: &AppState,
    contact: &str,
    allowance: Allowance,
    expires_at: u64,
    first: &Answered,
) -> Option<Response> {
    let streams = state.streams.as_ref()?;
    let held = streams.take(allowance.client())?;
    let first_age = first.age;
    let first = event(first)?;
    let (events, receiver) = mpsc::channel(4);
    let state = state.clone();
    let contact = contact.to_owned();
    tokio::spawn(async move {
        let _held = held;
        if events.send(first.0).await.is_err() {
            return;
        }
        follow(&state, &contact, &allowance, expires_at, first.1, &events).await;
    });
    let stream = ReceiverStream::new(receiver);
    let mut response = Sse::new(tokio_stream::StreamExt::map(stream, Ok::<_, Infallible>))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    // How old the first event's data is, as a poll's answer says.
    headers.insert(AGE, HeaderValue::from(first_age.as_secs()));
    Some(response)
}

/// An answer as an event, and the data it carries (to tell a change).
fn event(answered: &Answered) -> Option<(Event, String)> {
    let data = serde_json::to_string(&answered.body).ok()?;
    Some((Event::default().data(data.clone()), data))
}

/// Sends `contact`'s answer each time it differs from the last sent, until the wait ends, the
/// token expires or the client goes away.
async fn follow(
    state: &AppState,
    contact: &str,
    allowance: &Allowance,
    expires_at: u64,
    mut last: String,
    events: &mpsc::Sender<Event>,
) {
    let mut changes = state.budget.changes();
    let left = Duration::from_secs(expires_at.saturating_sub(crate::unix_now()));
    let expiry = tokio::time::sleep(left);
    tokio::pin!(expiry);
    loop {
        tokio::select! {
            changed = changes.changed() => {
                if changed.is_err() {
                    return;
                }
                tokio::time::sleep(COALESCE).await;
            }
            () = tokio::time::sleep(REFRESH) => {}
            () = &mut expiry => return,
            () = events.closed() => return,
        }
        // Busy or throttled for a moment: the next change or refresh tries again.
        let Ok(answered) = answer(state, contact, allowance).await else {
            continue;
        };
        let Some((event, data)) = event(&answered) else {
            continue;
        };
        if data != last {
            if events.send(event).await.is_err() {
                return;
            }
            last = data;
        }
        if answered.is_final() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::*;

    #[test]
    fn one_client_holds_at_most_its_share_of_the_streams_and_drops_release_them() {
        let streams = Streams::new(PER_CLIENT + 2);
        let one = Some(ClientKey::of(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))));
        let other = Some(ClientKey::of(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2))));
        let held: Vec<Held> = (0..PER_CLIENT)
            .map(|_| streams.take(one).unwrap())
            .collect();
        assert!(streams.take(one).is_none(), "past its share");
        let others = streams.take(other).unwrap();
        let unknown = streams.take(None).unwrap();
        assert!(streams.take(other).is_none(), "past the process's");
        assert_eq!(streams.open(), PER_CLIENT + 2);
        drop(held);
        drop(others);
        drop(unknown);
        assert_eq!(streams.open(), 0);
        assert!(
            streams.by_client.lock().unwrap().is_empty(),
            "nothing kept for clients with no stream"
        );
        assert!(streams.take(one).is_some());
    }
}
