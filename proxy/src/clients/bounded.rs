//! A governor state store that remembers at most a fixed number of keys and forgets the least
//! recently seen when full, each step O(1). governor's own keyed stores grow with every key and
//! are pruned by scanning them all; keys here are what clients send (their addresses, their
//! numbers), so their number must be bounded whatever a client sends, and evicting one must not
//! cost a scan. A forgotten key starts again with a full allowance: the bound costs strictness
//! toward the least active clients, never memory.

use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use governor::nanos::Nanos;
use governor::state::StateStore;
use lru::LruCache;

/// Clones share the map: the limiter holds one, its owner another to count the keys.
#[derive(Debug, Clone)]
pub struct Bounded<K: Hash + Eq> {
    map: Arc<Mutex<LruCache<K, Nanos>>>,
}

impl<K: Hash + Eq> Bounded<K> {
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self {
            map: Arc::new(Mutex::new(LruCache::new(capacity))),
        }
    }

    pub fn len(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl<K: Hash + Eq + Clone> StateStore for Bounded<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        // `get` marks the key as seen, refused or not: a client that keeps asking stays known.
        let (outcome, state) = f(map.get(key).copied())?;
        map.put(key.clone(), state);
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_seen_key_is_forgotten_first() {
        let store = Bounded::new(NonZeroUsize::MIN.saturating_add(1));
        let set = |key: u32, value: u64| {
            store.measure_and_replace(&key, |_| Ok::<_, ()>(((), Nanos::from(value))))
        };
        // A refusal carrying the old state: reads without writing.
        let read = |key: u32| {
            store
                .measure_and_replace(&key, Err::<((), Nanos), _>)
                .err()
                .flatten()
        };
        let _ = set(1, 10);
        let _ = set(2, 20);
        assert_eq!(
            read(1),
            Some(Nanos::from(10u64)),
            "1 is now the most recent"
        );
        let _ = set(3, 30);
        assert_eq!(store.len(), 2);
        assert_eq!(read(2), None, "2 was the least recently seen");
        assert_eq!(read(1), Some(Nanos::from(10u64)));
        assert_eq!(read(3), Some(Nanos::from(30u64)));
        assert_eq!(store.len(), 2, "a refusal adds no key");
    }
}
