//! Per-contact async slots: a request takes its contact's slot and holds it while it calls
//! Connect, so concurrent requests for one contact share one call, and a later one finds what
//! the first learned. Keyed by contacts that tokens name, so bounded: at most `capacity` slots,
//! the least recently used forgotten first, each step O(1). A forgotten slot costs a Connect
//! call when its contact is asked about again, never memory; a slot in use lives on with its
//! holders.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use lru::LruCache;

pub type Slot<T> = Arc<tokio::sync::Mutex<Option<T>>>;

pub struct Slots<T> {
    map: Mutex<LruCache<String, Slot<T>>>,
}

/// Slots kept per kind (callbacks created, callbacks' statuses).
pub const DEFAULT_CAPACITY: usize = 50_000;

impl<T> Slots<T> {
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self {
            map: Mutex::new(LruCache::new(capacity)),
        }
    }

    pub fn get(&self, key: &str) -> Slot<T> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = map.get(key) {
            return Arc::clone(slot);
        }
        let slot = Slot::default();
        map.put(key.to_owned(), Arc::clone(&slot));
        slot
    }

    pub fn len(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Self::new(NonZeroUsize::new(DEFAULT_CAPACITY).unwrap_or(NonZeroUsize::MIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slots_are_shared_per_key_and_bounded() {
        let slots: Slots<u32> = Slots::new(NonZeroUsize::new(3).unwrap_or(NonZeroUsize::MIN));
        *slots.get("a").lock().await = Some(1);
        assert_eq!(*slots.get("a").lock().await, Some(1));
        for key in ["b", "c", "d"] {
            *slots.get(key).lock().await = Some(2);
        }
        assert_eq!(slots.len(), 3);
        assert_eq!(
            *slots.get("a").lock().await,
            None,
            "the least recently used went first"
        );
    }
}
