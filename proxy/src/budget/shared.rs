//! A contact's refresh when replicas share the store: the shared cache first, then one replica
//! calls Connect (the one holding the contact's lock, with a call from the account's shared
//! budget), and the others wait for its answer. The refresher planned the fetch with a token
//! of its local bucket; the outcome says whether that token was used.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use waitline_core::GetContactMetricsResponse;

use super::scheduler::{Outcome, freshness_target};
use crate::clock::ConnectClock;
use crate::source::{ConnectClient, SourceError};
use crate::store::{SharedStore, StoreError};

/// The shared bucket of `GetContactMetrics`.
pub const BUCKET: &str = "waitline:{budget}:GetContactMetrics";
/// Longer than a Connect call can take (5 s), so a replica that died holding the lock holds it
/// no longer than that.
const LOCK_FOR: Duration = Duration::from_secs(7);
/// How often a replica waiting for another's answer looks for it.
const POLL: Duration = Duration::from_millis(50);
/// A call of the shared budget due within this is waited for, up to [`TAKE_TRIES`] takes.
const TAKE_WAIT: Duration = Duration::from_millis(100);
const TAKE_TRIES: usize = 3;

/// What a refresh brought.
#[derive(Debug, Clone, PartialEq)]
pub enum Refreshed {
    /// This replica called Connect.
    Called(Outcome),
    /// Another replica's answer, this old on the store's clock.
    Cached {
        outcome: Outcome,
        age: Duration,
        /// Within its freshness target: no call of this replica's was needed for it.
        fresh: bool,
        /// When the calling replica asked Connect and when the answer came (Connect's
        /// clock), if it said.
        asked: Option<Asked>,
    },
    /// Nothing new: the shared budget is spent for now, the store failed, or the replica
    /// holding the lock gave up.
    Nothing,
}

/// When a call was asked and answered, Connect's clock (Unix seconds): the places count
/// departures against these, so they travel with the answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    pub sent: f64,
    pub landed: f64,
}

/// An answer as the store keeps it, with when it was asked for.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    answer: Stored,
    asked: Option<Asked>,
}

/// Throttles are never stored: the cache keeps older data.
#[derive(Debug, Serialize, Deserialize)]
enum Stored {
    Metrics(GetContactMetricsResponse),
    NotFound,
    Invalid,
    Internal(String),
}

fn encode(outcome: &Outcome, asked: Option<Asked>) -> Option<String> {
    let answer = match outcome {
        Ok(metrics) => Stored::Metrics(metrics.clone()),
        Err(SourceError::NotFound) => Stored::NotFound,
        Err(SourceError::Invalid) => Stored::Invalid,
        Err(SourceError::Internal(detail)) => Stored::Internal(detail.clone()),
        Err(SourceError::Throttled) => return None,
    };
    serde_json::to_string(&Entry { answer, asked }).ok()
}

fn decode(text: &str) -> Option<(Outcome, Option<Asked>)> {
    let entry: Entry = serde_json::from_str(text).ok()?;
    let outcome = match entry.answer {
        Stored::Metrics(metrics) => Ok(metrics),
        Stored::NotFound => Err(SourceError::NotFound),
        Stored::Invalid => Err(SourceError::Invalid),
        Stored::Internal(detail) => Err(SourceError::Internal(detail)),
    };
    Some((outcome, entry.asked))
}

fn cache_key(contact: &str) -> String {
    // The braces keep a contact's cache and lock in one cluster slot, as scripts need.
    format!("waitline:contact:{{{contact}}}")
}

fn lock_key(contact: &str) -> String {
    format!("waitline:lock:{{{contact}}}")
}

/// A cached answer, decoded, with whether it is fresh: younger than `fresh_for` (the caller's
/// target for the contact), or for a contact the caller never fetched, than the target for
/// its position. With the caller's own target, what it takes as fresh is never due for it
/// again at once: a replica does not fetch the same answer over and over.
fn cached(
    entry: Option<(String, Duration)>,
    fresh_for: Option<Duration>,
) -> Option<(Outcome, Duration, bool, Option<Asked>)> {
    let (text, age) = entry?;
    let (outcome, asked) = decode(&text)?;
    let position = outcome
        .as_ref()
        .ok()
        .and_then(GetContactMetricsResponse::position);
    let fresh = age < fresh_for.unwrap_or_else(|| freshness_target(position));
    Some((outcome, age, fresh, asked))
}

/// Refreshes `contact`, whose answers this replica wants fresher than `fresh_for` (`None`:
/// never fetched here): `on_call` runs just before this replica calls Connect; `clock` is
/// Connect's.
pub async fn refresh(
    store: &SharedStore,
    source: &ConnectClient,
    contact: &str,
    keep: Duration,
    fresh_for: Option<Duration>,
    clock: &ConnectClock,
    on_call: impl FnOnce(),
) -> Refreshed {
    match try_refresh(store, source, contact, keep, fresh_for, clock, on_call).await {
        Ok(refreshed) => refreshed,
        Err(error) => {
            store.failed(&error);
            Refreshed::Nothing
        }
    }
}

async fn try_refresh(
    store: &SharedStore,
    source: &ConnectClient,
    contact: &str,
    keep: Duration,
    fresh_for: Option<Duration>,
    clock: &ConnectClock,
    on_call: impl FnOnce(),
) -> Result<Refreshed, StoreError> {
    let redis = store.redis();
    let (cache, lock) = (cache_key(contact), lock_key(contact));
    let token = uuid::Uuid::new_v4().to_string();
    let waiting_since = tokio::time::Instant::now();
    let mut stale = None;
    loop {
        let claimed = redis.claim(&cache, &lock, &token, LOCK_FOR).await?;
        match cached(claimed.cached, fresh_for) {
            Some((outcome, age, true, asked)) => {
                if claimed.locked {
                    redis.release(&lock, &token).await?;
                }
                return Ok(Refreshed::Cached {
                    outcome,
                    age,
                    fresh: true,
                    asked,
                });
            }
            Some((outcome, age, false, asked)) => stale = Some((outcome, age, asked)),
            None => {}
        }
        if claimed.locked {
            break;
        }
        // Another replica is calling Connect for this contact: wait for its answer, for as
        // long as its lock can last.
        if waiting_since.elapsed() > LOCK_FOR {
            return Ok(stale_or_nothing(stale));
        }
        tokio::time::sleep(POLL).await;
    }
    // This replica holds the lock: a call from the account's budget, or none. The bucket's
    // burst is small (see `bucket_params`), so replicas taking at once often find it empty
    // for a few milliseconds: a call due that soon is waited for, not given up.
    let params = store.params();
    let mut granted = 0;
    for _ in 0..TAKE_TRIES {
        let (got, wait) = match redis.take(&[BUCKET.to_owned()], params, 1).await {
            Ok(taken) => taken,
            Err(error) => {
                let _ = redis.release(&lock, &token).await;
                return Err(error);
            }
        };
        granted = got;
        if granted > 0 || wait > TAKE_WAIT {
            break;
        }
        tokio::time::sleep(wait).await;
    }
    if granted == 0 {
        redis.release(&lock, &token).await?;
        return Ok(stale_or_nothing(stale));
    }
    on_call();
    let sent = clock();
    let outcome = source.contact_metrics(contact).await;
    let asked = Asked {
        sent,
        landed: clock(),
    };
    match encode(&outcome, Some(asked)) {
        Some(answer) => {
            if let Err(error) = redis.put(&cache, &lock, &token, &answer, keep).await {
                // The answer is good: this replica keeps it; the others will call again.
                store.failed(&error);
            }
        }
        None => {
            // Throttled: the shared rate halves, as a replica's own would.
            let throttled = redis
                .throttle(BUCKET, params, super::limiter::FLOOR_SHARE)
                .await;
            let released = redis.release(&lock, &token).await;
            if let Some(error) = throttled.err().or(released.err()) {
                store.failed(&error);
            }
        }
    }
    Ok(Refreshed::Called(outcome))
}

/// Old data beats none: the scheduler keeps it due, so it is refreshed when it can be.
fn stale_or_nothing(stale: Option<(Outcome, Duration, Option<Asked>)>) -> Refreshed {
    match stale {
        Some((outcome, age, asked)) => Refreshed::Cached {
            outcome,
            age,
            fresh: false,
            asked,
        },
        None => Refreshed::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use waitline_core::MetricResult;

    use super::*;

    #[test]
    fn answers_round_trip_and_throttles_are_not_stored() {
        let metrics = GetContactMetricsResponse {
            metric_results: Some(vec![MetricResult::number("POSITION_IN_QUEUE", 3.0)]),
            id: Some("c".into()),
            arn: None,
        };
        for outcome in [
            Ok(metrics),
            Err(SourceError::NotFound),
            Err(SourceError::Invalid),
            Err(SourceError::Internal("boom".into())),
        ] {
            let asked = Some(Asked {
                sent: 100.0,
                landed: 100.25,
            });
            let text = encode(&outcome, asked).unwrap();
            assert_eq!(decode(&text), Some((outcome, asked)));
        }
        assert_eq!(encode(&Err(SourceError::Throttled), None), None);
        assert_eq!(decode("not json"), None);
    }

    #[test]
    fn freshness_follows_the_cached_position() {
        let at = |position: f64| {
            let metrics = GetContactMetricsResponse {
                metric_results: Some(vec![MetricResult::number("POSITION_IN_QUEUE", position)]),
                id: None,
                arn: None,
            };
            encode(&Ok(metrics), None).unwrap()
        };
        let age = Duration::from_secs(3);
        // Position 2: a 2 s target; position 50: 15 s.
        assert!(!cached(Some((at(2.0), age)), None).unwrap().2);
        assert!(cached(Some((at(50.0), age)), None).unwrap().2);
        assert!(cached(None, None).is_none());
        // The caller's own target wins: a front far back refreshed every 2 s takes no
        // 3 s-old answer as fresh.
        let front = Some(Duration::from_secs(2));
        assert!(!cached(Some((at(50.0), age)), front).unwrap().2);
        assert!(
            cached(Some((at(50.0), Duration::from_secs(1))), front)
                .unwrap()
                .2
        );
    }
}
