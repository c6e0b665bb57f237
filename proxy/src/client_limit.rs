//! Per-client rate limit on the API: one client (an IP address, or an IPv6 /64) cannot flood
//! the proxy, whatever it sends. A widget polls at most every 2 s, so the default (5 requests/s,
//! burst 20) leaves room for a few dozen customers behind one NAT.
//!
//! The Connect budget already caps calls to AWS; this caps the work and the log volume one
//! client can cause, and the contacts one client can create in the demo.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

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

/// Clients remembered at once. Beyond it, every client shares one allowance until idle ones
/// are forgotten, so a flood from many addresses costs bounded memory.
const MAX_CLIENTS: usize = 100_000;
const SWEEP_EVERY: Duration = Duration::from_secs(10);

type Clients<C> =
    RateLimiter<IpAddr, DashMapStateStore<IpAddr>, C, NoOpMiddleware<<C as Clock>::Instant>>;
type Shared<C> = RateLimiter<NotKeyed, InMemoryState, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// governor's GCRA limiter, one allowance per client. Generic over the clock so tests step it.
#[derive(Clone)]
pub struct ClientLimiter<C: Clock = DefaultClock> {
    config: ClientLimitConfig,
    clients: Arc<Clients<C>>,
    overflow: Arc<Shared<C>>,
    clock: C,
    swept: Arc<Mutex<C::Instant>>,
}

impl<C: Clock> std::fmt::Debug for ClientLimiter<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientLimiter")
            .field("config", &self.config)
            .field("clients", &self.clients.len())
            .finish_non_exhaustive()
    }
}

impl ClientLimiter {
    pub fn new(config: ClientLimitConfig) -> Self {
        Self::with_clock(config, DefaultClock::default())
    }
}

impl<C: Clock + Clone> ClientLimiter<C> {
    pub fn with_clock(config: ClientLimitConfig, clock: C) -> Self {
        // The configuration's ranges (0.01 to 10000 per second, a burst of at least 1) keep the
        // period positive and finite; the fallbacks only guard the arithmetic.
        let period =
            Duration::try_from_secs_f64(1.0 / config.rate).unwrap_or(Duration::from_secs(1));
        let burst = NonZeroU32::new(config.burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        Self {
            config,
            clients: Arc::new(RateLimiter::dashmap_with_clock(quota, clock.clone())),
            overflow: Arc::new(RateLimiter::direct_with_clock(quota, clock.clone())),
            swept: Arc::new(Mutex::new(clock.now())),
            clock,
        }
    }

    /// Takes one request from `client`'s allowance, or says how long until there is one.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let now = self.clock.now();
        {
            let mut swept = self.swept.lock().unwrap_or_else(PoisonError::into_inner);
            if Duration::from(now.duration_since(*swept)) >= SWEEP_EVERY {
                // A client whose allowance has refilled says nothing a new one would not.
                self.clients.retain_recent();
                self.clients.shrink_to_fit();
                *swept = now;
            }
        }
        let outcome = if self.clients.len() >= MAX_CLIENTS {
            self.overflow.check()
        } else {
            self.clients.check_key(&group(client))
        };
        outcome.map_err(|not_until| not_until.wait_time_from(now))
    }

    pub fn tracked_clients(&self) -> usize {
        self.clients.len()
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
            && let Err(wait) = limiter.check(client)
        {
            return ApiError::Throttled { retry_after: wait }.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn limiter(trust_forwarded_for: bool) -> (ClientLimiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        let config = ClientLimitConfig {
            rate: 1.0,
            burst: 3,
            trust_forwarded_for,
        };
        (ClientLimiter::with_clock(config, clock.clone()), clock)
    }

    #[test]
    fn each_client_has_its_own_allowance() {
        let (limiter, clock) = limiter(false);
        let a: IpAddr = "192.0.2.1".parse().unwrap_or(IpAddr::from([0; 4]));
        let b: IpAddr = "192.0.2.2".parse().unwrap_or(IpAddr::from([0; 4]));
        for _ in 0..3 {
            assert_eq!(limiter.check(a), Ok(()));
        }
        assert_eq!(limiter.check(a), Err(Duration::from_secs(1)));
        assert_eq!(limiter.check(b), Ok(()));
        clock.advance(Duration::from_secs(1));
        assert_eq!(limiter.check(a), Ok(()));
        assert!(
            limiter.check(a).is_err(),
            "one a second, once the burst is spent"
        );
    }

    #[test]
    fn an_ipv6_64_is_one_client() {
        let (limiter, _clock) = limiter(false);
        for host in 1..=3u16 {
            let address = IpAddr::from([0x2001, 0xdb8, 0, 1, 0, 0, 0, host]);
            assert_eq!(limiter.check(address), Ok(()));
        }
        let next = IpAddr::from([0x2001, 0xdb8, 0, 1, 9, 9, 9, 9]);
        assert!(limiter.check(next).is_err());
        let other_network = IpAddr::from([0x2001, 0xdb8, 0, 2, 0, 0, 0, 1]);
        assert_eq!(limiter.check(other_network), Ok(()));
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let (limiter, clock) = limiter(false);
        for last in 0..50u8 {
            let _ = limiter.check(IpAddr::from([10, 0, 0, last]));
        }
        assert_eq!(limiter.tracked_clients(), 50);
        clock.advance(Duration::from_secs(11));
        let _ = limiter.check(IpAddr::from([10, 0, 1, 0]));
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
            limiter(false).0.client(&headers, peer),
            Some(IpAddr::from([10, 0, 0, 1]))
        );
        // The last hop is what the load balancer saw; earlier ones are the client's to forge.
        assert_eq!(
            limiter(true).0.client(&headers, peer),
            Some(IpAddr::from([198, 51, 100, 7]))
        );
        assert_eq!(limiter(true).0.client(&HeaderMap::new(), None), None);
    }
}
