//! How many callbacks each number and each client has asked for within a day, so one script
//! cannot make the contact center's agents dial one number (a harassed person's, a premium
//! line's) or dial for one client by the hundred. A count lives a day from its first callback.
//!
//! Counted once a callback is created, never for a refused request: a stranger cannot use up
//! someone else's number by asking for callbacks that are refused. With a shared store the
//! counts are the store's, so replicas count together; while it is away, each replica's own.
//! Numbers are kept only as hashes, here and in the store.

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::budget;
use crate::clients::ClientKey;
use crate::store::{Mode, Store};

pub const DAY: Duration = Duration::from_secs(86_400);

/// Numbers and clients remembered in one process; beyond it the least recently seen is
/// forgotten (and may ask again).
const MAX_KEYS: usize = 100_000;

/// What a count is kept under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TallyKey(String);

impl TallyKey {
    pub fn number(e164: &str) -> Self {
        let digest = Sha256::digest(format!("waitline-callback-number-v1\n{e164}"));
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Self(format!("number:{hex}"))
    }

    pub fn client(client: ClientKey) -> Self {
        Self(format!("client:{}", client.address()))
    }

    fn shared(&self) -> String {
        format!("waitline:{{callbacks}}:{}", self.0)
    }
}

#[derive(Debug)]
pub struct DailyCounts {
    local: Mutex<LruCache<TallyKey, (u32, Instant)>>,
    store: Store,
}

impl DailyCounts {
    pub fn new(store: Store) -> Self {
        Self {
            local: Mutex::new(LruCache::new(
                NonZeroUsize::new(MAX_KEYS).unwrap_or(NonZeroUsize::MIN),
            )),
            store,
        }
    }

    /// The callbacks counted under `key` within the last day.
    pub async fn count(&self, key: &TallyKey) -> u32 {
        self.tally(key, false).await
    }

    /// Counts one more callback under `key`.
    pub async fn add(&self, key: &TallyKey) {
        self.tally(key, true).await;
    }

    async fn tally(&self, key: &TallyKey, add: bool) -> u32 {
        if let (Store::Shared(shared), Mode::Shared { .. }) = (&self.store, self.store.mode())
            && let Some(count) = shared.ok(shared.redis().tally(&key.shared(), add, DAY).await)
        {
            return count;
        }
        self.tally_local(key, add, budget::now())
    }

    fn tally_local(&self, key: &TallyKey, add: bool, now: Instant) -> u32 {
        let mut local = self.local.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, since) = local
            .get(key)
            .copied()
            .filter(|(_, since)| now.saturating_duration_since(*since) < DAY)
            .unwrap_or((0, now));
        if !add {
            return count;
        }
        let count = count.saturating_add(1);
        local.put(key.clone(), (count, since));
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_lives_a_day_from_its_first_callback() {
        let counts = DailyCounts::new(Store::InProcess);
        let key = TallyKey::number("+12015550123");
        let t0 = Instant::now();
        assert_eq!(counts.tally_local(&key, false, t0), 0);
        assert_eq!(counts.tally_local(&key, true, t0), 1);
        assert_eq!(counts.tally_local(&key, true, t0 + DAY / 2), 2);
        assert_eq!(counts.tally_local(&key, false, t0 + DAY / 2), 2);
        assert_eq!(
            counts.tally_local(&key, false, t0 + DAY),
            0,
            "a day after the first"
        );
        let other = TallyKey::number("+12015550124");
        assert_eq!(counts.tally_local(&other, false, t0), 0);
    }

    #[test]
    fn numbers_are_kept_only_as_hashes() {
        let key = TallyKey::number("+12015550123");
        assert!(!key.0.contains("2015550123"), "{key:?}");
        assert_eq!(key, TallyKey::number("+12015550123"));
        assert_ne!(key, TallyKey::number("+12015550124"));
    }
}
