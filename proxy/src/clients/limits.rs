//! What one client may make the contact center spend, whatever it sends:
//! - **requests**: API requests per second (the work and log volume it causes), and a larger
//!   allowance for a whole IPv6 /48, which one owner can fill with 65,536 /64 "clients";
//! - **creations**: contacts it may start (chats, callbacks, demo contacts), per hour: each one
//!   spends a write of Connect's and, for a chat or a callback, an agent's time;
//! - **Connect shares**: of each Connect operation's rate, the part its requests may cause, so
//!   no one client takes more than a share of any operation whatever tokens it holds.
//!
//! Every allowance is a GCRA (governor) kept per key in a bounded LRU map (`Bounded`): memory
//! and the cost of a request stay fixed however many addresses a client uses.

use std::net::IpAddr;
use std::num::{NonZeroU32, NonZeroUsize};
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, ReasonablyRealtime};
use governor::middleware::NoOpMiddleware;
use governor::{Quota, RateLimiter};

use super::address::{ClientKey, NetworkKey};
use super::bounded::Bounded;
use crate::budget::operations::Operation;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientPolicy {
    /// API requests per second one client may make, and at once.
    pub request_rate: f64,
    pub request_burst: u32,
    /// How many clients' worth of requests an IPv6 /48 may make together.
    pub network_clients: u32,
    /// Contacts one client may start per hour, and at once.
    pub creations_per_hour: f64,
    pub creation_burst: u32,
    /// The part (0 to 1] of each Connect operation's rate one client's requests may cause.
    pub connect_share: f64,
    /// Connect calls per second of each operation (the account's quota the budgets spend).
    pub connect_rate: f64,
    /// `X-Forwarded-For` entries appended by the operator's own proxies (0: the TCP peer).
    pub trusted_hops: u8,
    /// Clients each allowance remembers; beyond it the least recently seen is forgotten.
    pub max_clients: NonZeroUsize,
}

pub const DEFAULT_MAX_CLIENTS: usize = 100_000;
/// Requests per second one client may make: a widget polls at most every 2 s.
pub const DEFAULT_REQUEST_RATE: f64 = 5.0;
pub const DEFAULT_REQUEST_BURST: u32 = 20;
pub const DEFAULT_CREATIONS_PER_HOUR: f64 = 20.0;
pub const DEFAULT_CREATION_BURST: u32 = 5;
/// A client's part of each Connect operation's rate.
pub const DEFAULT_CONNECT_SHARE: f64 = 0.25;

impl Default for ClientPolicy {
    fn default() -> Self {
        Self {
            request_rate: DEFAULT_REQUEST_RATE,
            request_burst: DEFAULT_REQUEST_BURST,
            network_clients: 16,
            creations_per_hour: DEFAULT_CREATIONS_PER_HOUR,
            creation_burst: DEFAULT_CREATION_BURST,
            connect_share: DEFAULT_CONNECT_SHARE,
            connect_rate: crate::budget::CONNECT_QUOTA_RATE,
            trusted_hops: 0,
            max_clients: NonZeroUsize::new(DEFAULT_MAX_CLIENTS).unwrap_or(NonZeroUsize::MIN),
        }
    }
}

/// The clock every allowance runs on: Tokio's, as the budget's, so a paused test moves both.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    type Instant = std::time::Instant;

    fn now(&self) -> Self::Instant {
        crate::budget::now()
    }
}

impl ReasonablyRealtime for TokioClock {}

type Keyed<K> = RateLimiter<K, Bounded<K>, TokioClock, NoOpMiddleware<std::time::Instant>>;

/// The allowances of every client. Cheap to clone; clones share them.
#[derive(Clone)]
pub struct ClientLimits {
    shared: Arc<Limits>,
}

struct Limits {
    policy: ClientPolicy,
    requests: Allowances<ClientKey>,
    networks: Allowances<NetworkKey>,
    creations: Allowances<ClientKey>,
    shares: Allowances<(ClientKey, Operation)>,
}

/// One allowance per key, and the map they live in (to count them).
struct Allowances<K: std::hash::Hash + Eq + Clone> {
    limiter: Keyed<K>,
    store: Bounded<K>,
}

impl<K: std::hash::Hash + Eq + Clone> Allowances<K> {
    fn new(rate: f64, burst: u32, capacity: NonZeroUsize) -> Self {
        let store = Bounded::new(capacity);
        Self {
            limiter: Keyed::new(quota(rate, burst), store.clone(), TokioClock),
            store,
        }
    }

    /// One from `key`'s allowance, or how long until there is one.
    fn take(&self, key: &K) -> Result<(), Duration> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(TokioClock.now()))
    }
}

impl std::fmt::Debug for ClientLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientLimits")
            .field("policy", &self.shared.policy)
            .finish_non_exhaustive()
    }
}

/// How many entries each allowance holds now, for tests and `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remembered {
    pub requests: usize,
    pub networks: usize,
    pub creations: usize,
    pub shares: usize,
}

impl ClientLimits {
    pub fn new(policy: ClientPolicy) -> Self {
        let capacity = policy.max_clients;
        let network_clients = f64::from(policy.network_clients.max(1));
        Self {
            shared: Arc::new(Limits {
                requests: Allowances::new(policy.request_rate, policy.request_burst, capacity),
                networks: Allowances::new(
                    policy.request_rate * network_clients,
                    policy
                        .request_burst
                        .saturating_mul(policy.network_clients.max(1)),
                    capacity,
                ),
                creations: Allowances::new(
                    policy.creations_per_hour / 3600.0,
                    policy.creation_burst,
                    capacity,
                ),
                // Two calls at once: a widget's poll and its callback's, say.
                shares: Allowances::new(policy.connect_rate * policy.connect_share, 2, capacity),
                policy,
            }),
        }
    }

    pub fn policy(&self) -> &ClientPolicy {
        &self.shared.policy
    }

    /// One API request of `client`'s (and its network's), or how long until there is one.
    pub fn request(&self, client: ClientKey) -> Result<(), Duration> {
        let limits = &self.shared;
        if let Some(network) = client.network() {
            limits.networks.take(&network)?;
        }
        limits.requests.take(&client)
    }

    /// One new contact of `client`'s, or how long until there is one.
    pub fn creation(&self, client: ClientKey) -> Result<(), Duration> {
        self.shared.creations.take(&client)
    }

    /// One call of each of `operations` from `client`'s shares, or how long until there is
    /// one of each. Shares are the client's own, so a refusal after a first share was taken
    /// costs only this client.
    pub fn share(&self, client: ClientKey, operations: &[Operation]) -> Result<(), Duration> {
        for &operation in operations {
            self.shared.shares.take(&(client, operation))?;
        }
        Ok(())
    }

    pub fn remembered(&self) -> Remembered {
        let limits = &self.shared;
        Remembered {
            requests: limits.requests.store.len(),
            networks: limits.networks.store.len(),
            creations: limits.creations.store.len(),
            shares: limits.shares.store.len(),
        }
    }
}

/// `rate` per second with `burst` at once. The configuration's ranges keep the period positive
/// and finite; the fallbacks only guard the arithmetic.
fn quota(rate: f64, burst: u32) -> Quota {
    let period = Duration::try_from_secs_f64(1.0 / rate).unwrap_or(Duration::from_secs(3600));
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period.max(Duration::from_nanos(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

/// What a request may spend of Connect on its client's behalf: the client's shares, or nothing
/// to count against (the limits are off, or the client is unknown: in-process calls).
#[derive(Debug, Clone, Default)]
pub struct Allowance {
    limited: Option<(ClientLimits, ClientKey)>,
}

impl Allowance {
    pub fn new(limits: Option<&ClientLimits>, client: Option<IpAddr>) -> Self {
        Self {
            limited: limits.cloned().zip(client.map(ClientKey::of)),
        }
    }

    /// Counts against nothing.
    pub fn unlimited() -> Self {
        Self::default()
    }

    pub fn client(&self) -> Option<ClientKey> {
        self.limited.as_ref().map(|(_, client)| *client)
    }

    /// One call of each of `operations` from the client's shares.
    pub fn share(&self, operations: &[Operation]) -> Result<(), Duration> {
        match &self.limited {
            Some((limits, client)) => limits.share(*client, operations),
            None => Ok(()),
        }
    }

    /// One new contact from the client's allowance.
    pub fn creation(&self) -> Result<(), Duration> {
        match &self.limited {
            Some((limits, client)) => limits.creation(*client),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0; 4]))
    }

    fn limits() -> ClientLimits {
        ClientLimits::new(ClientPolicy {
            request_rate: 1.0,
            request_burst: 3,
            network_clients: 4,
            creations_per_hour: 60.0,
            creation_burst: 2,
            max_clients: NonZeroUsize::new(1000).unwrap_or(NonZeroUsize::MIN),
            ..ClientPolicy::default()
        })
    }

    #[tokio::test(start_paused = true)]
    async fn each_client_has_its_own_allowance() {
        let limits = limits();
        let a = ClientKey::of(ip("192.0.2.1"));
        let b = ClientKey::of(ip("192.0.2.2"));
        for _ in 0..3 {
            assert_eq!(limits.request(a), Ok(()));
        }
        assert_eq!(limits.request(a), Err(Duration::from_secs(1)));
        assert_eq!(limits.request(b), Ok(()));
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(limits.request(a), Ok(()));
        assert!(
            limits.request(a).is_err(),
            "one a second, once the burst is spent"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_48_shares_a_larger_allowance_however_many_64s_it_uses() {
        let limits = limits();
        // Four clients' worth (12 at once) for the whole /48, spread over 100 /64s.
        let allowed = (0..100u16)
            .filter(|&n| {
                let address = IpAddr::from([0x2001, 0xdb8, 7, n, 0, 0, 0, 1]);
                limits.request(ClientKey::of(address)).is_ok()
            })
            .count();
        assert_eq!(allowed, 12);
        let elsewhere = ClientKey::of(ip("2001:db8:8::1"));
        assert_eq!(limits.request(elsewhere), Ok(()), "another /48");
    }

    #[tokio::test(start_paused = true)]
    async fn memory_is_bounded_whatever_the_number_of_addresses() {
        let limits = ClientLimits::new(ClientPolicy {
            max_clients: NonZeroUsize::new(1000).unwrap_or(NonZeroUsize::MIN),
            ..ClientPolicy::default()
        });
        // 100,000 addresses: two IPv6 /48s' worth of /64s, and IPv4.
        for n in 0..50_000u32 {
            let [hi, lo] = [(n >> 16) as u16, n as u16];
            let _ = limits.request(ClientKey::of(IpAddr::from([
                0x2001, 0xdb8, hi, lo, 0, 0, 0, 1,
            ])));
            let _ = limits.request(ClientKey::of(IpAddr::from(n.to_be_bytes())));
        }
        let remembered = limits.remembered();
        assert_eq!(remembered.requests, 1000);
        assert!(remembered.networks <= 2, "{remembered:?}");
        // The newest clients have their own allowance, not a shared one.
        let newest = ClientKey::of(IpAddr::from(49_999u32.to_be_bytes()));
        let fresh = ClientKey::of(ip("198.51.100.1"));
        assert!(limits.request(newest).is_ok());
        assert!(limits.request(fresh).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn shares_are_per_client_and_per_operation() {
        // 2 calls/s, a quarter each: 0.5/s per client and operation, two at once.
        let limits = ClientLimits::new(ClientPolicy::default());
        let a = ClientKey::of(ip("192.0.2.1"));
        let describe = [Operation::DescribeContact];
        assert_eq!(limits.share(a, &describe), Ok(()));
        assert_eq!(limits.share(a, &describe), Ok(()));
        assert_eq!(limits.share(a, &describe), Err(Duration::from_secs(2)));
        assert_eq!(limits.share(a, &[Operation::GetContactMetrics]), Ok(()));
        assert_eq!(
            limits.share(ClientKey::of(ip("192.0.2.2")), &describe),
            Ok(())
        );
        let unlimited = Allowance::unlimited();
        for _ in 0..100 {
            assert_eq!(unlimited.share(&describe), Ok(()));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn creations_refill_by_the_hour() {
        let limits = limits(); // 60 an hour, two at once
        let a = ClientKey::of(ip("192.0.2.1"));
        assert_eq!(limits.creation(a), Ok(()));
        assert_eq!(limits.creation(a), Ok(()));
        assert_eq!(limits.creation(a), Err(Duration::from_secs(60)));
        tokio::time::advance(Duration::from_secs(60)).await;
        assert_eq!(limits.creation(a), Ok(()));
    }
}
