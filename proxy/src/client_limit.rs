//! Per-client rate limit on the API: one client (an IP address, or an IPv6 /64) cannot flood
//! the proxy, whatever it sends. A widget polls at most every 2 s, so the default (5 requests/s,
//! burst 20) leaves room for a few dozen customers behind one NAT.
//!
//! The Connect budget already caps calls to AWS; this caps the work and the log volume one
//! client can cause, and the contacts one client can create in the demo.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::budget::TokenBucket;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientLimitConfig {
    /// Requests per second per client.
    pub rate: f64,
    pub burst: u32,
    /// Take the client's address from the last `X-Forwarded-For` entry (what the nearest load
    /// balancer saw) instead of the TCP peer. Only behind a load balancer that sets it.
    pub trust_forwarded_for: bool,
}

impl Default for ClientLimitConfig {
    fn default() -> Self {
        Self {
            rate: 5.0,
            burst: 20,
            trust_forwarded_for: false,
        }
    }
}

/// Clients remembered at once. Beyond it, new clients share one bucket until idle ones are
/// forgotten, so a flood from many addresses costs bounded memory.
const MAX_CLIENTS: usize = 100_000;
const SWEEP_EVERY: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct ClientLimiter {
    config: ClientLimitConfig,
    state: Arc<Mutex<Clients>>,
}

#[derive(Debug)]
struct Clients {
    buckets: HashMap<IpAddr, TokenBucket>,
    overflow: TokenBucket,
    swept: Instant,
}

impl ClientLimiter {
    pub fn new(config: ClientLimitConfig) -> Self {
        let now = Instant::now();
        Self {
            config,
            state: Arc::new(Mutex::new(Clients {
                buckets: HashMap::new(),
                overflow: TokenBucket::new(config.rate, config.burst, now),
                swept: now,
            })),
        }
    }

    /// Takes one request from `client`'s allowance, or says how long until there is one.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut clients = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if now.saturating_duration_since(clients.swept) >= SWEEP_EVERY {
            // A bucket that has refilled says nothing a new one would not.
            clients.buckets.retain(|_, bucket| !bucket.is_full(now));
            clients.swept = now;
        }
        let key = group(client);
        let full = clients.buckets.len() >= MAX_CLIENTS;
        let bucket = match clients.buckets.get_mut(&key) {
            Some(bucket) => bucket,
            None if full => &mut clients.overflow,
            None => clients
                .buckets
                .entry(key)
                .or_insert_with(|| TokenBucket::new(self.config.rate, self.config.burst, now)),
        };
        if bucket.try_take(now) {
            Ok(())
        } else {
            Err(bucket.wait(now))
        }
    }

    pub fn tracked_clients(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .buckets
            .len()
    }

    /// The client's address: the TCP peer, or the last `X-Forwarded-For` hop when trusted.
    /// `None` when neither is known (in-process calls), and such requests are not limited.
    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        if self.config.trust_forwarded_for {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .last()
                .and_then(|hop| hop.trim().parse().ok());
            if forwarded.is_some() {
                return forwarded;
            }
        }
        peer.map(|p| p.ip())
    }
}

/// One IPv6 client usually holds a whole /64; limiting single addresses would let it rotate.
fn group(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::from(segments)
            }
        },
    }
}

/// Middleware on the API routes.
pub async fn limit_clients(
    State(limiter): State<Option<ClientLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limiter) = &limiter {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        if let Some(client) = limiter.client(request.headers(), peer)
            && let Err(wait) = limiter.check(client, Instant::now())
        {
            return ApiError::Throttled { retry_after: wait }.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(trust_forwarded_for: bool) -> ClientLimiter {
        ClientLimiter::new(ClientLimitConfig {
            rate: 1.0,
            burst: 3,
            trust_forwarded_for,
        })
    }

    #[test]
    fn each_client_has_its_own_allowance() {
        let limiter = limiter(false);
        let now = Instant::now();
        let a: IpAddr = "192.0.2.1".parse().unwrap_or(IpAddr::from([0; 4]));
        let b: IpAddr = "192.0.2.2".parse().unwrap_or(IpAddr::from([0; 4]));
        for _ in 0..3 {
            assert_eq!(limiter.check(a, now), Ok(()));
        }
        assert_eq!(limiter.check(a, now), Err(Duration::from_secs(1)));
        assert_eq!(limiter.check(b, now), Ok(()));
        assert_eq!(limiter.check(a, now + Duration::from_secs(1)), Ok(()));
    }

    #[test]
    fn an_ipv6_64_is_one_client() {
        let limiter = limiter(false);
        let now = Instant::now();
        for host in 1..=3u16 {
            let address = IpAddr::from([0x2001, 0xdb8, 0, 1, 0, 0, 0, host]);
            assert_eq!(limiter.check(address, now), Ok(()));
        }
        let next = IpAddr::from([0x2001, 0xdb8, 0, 1, 9, 9, 9, 9]);
        assert!(limiter.check(next, now).is_err());
        let other_network = IpAddr::from([0x2001, 0xdb8, 0, 2, 0, 0, 0, 1]);
        assert_eq!(limiter.check(other_network, now), Ok(()));
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let limiter = limiter(false);
        let now = Instant::now();
        for last in 0..50u8 {
            let _ = limiter.check(IpAddr::from([10, 0, 0, last]), now);
        }
        assert_eq!(limiter.tracked_clients(), 50);
        let _ = limiter.check(IpAddr::from([10, 0, 1, 0]), now + Duration::from_secs(11));
        assert_eq!(limiter.tracked_clients(), 1);
    }

    #[test]
    fn forwarded_for_is_read_only_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("203.0.113.9, 198.51.100.7"),
        );
        let peer = Some(SocketAddr::from(([10, 0, 0, 1], 5000)));
        assert_eq!(
            limiter(false).client(&headers, peer),
            Some(IpAddr::from([10, 0, 0, 1]))
        );
        // The last hop is what the load balancer saw; earlier ones are the client's to forge.
        assert_eq!(
            limiter(true).client(&headers, peer),
            Some(IpAddr::from([198, 51, 100, 7]))
        );
        assert_eq!(limiter(true).client(&HeaderMap::new(), None), None);
    }
}
