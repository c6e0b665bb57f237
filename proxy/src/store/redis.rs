//! The store's protocol: Valkey or Redis through the `redis` crate, each operation one
//! server-side Lua script (`lua/`), so it is atomic and runs on the store's clock.
//!
//! Every call is bounded (connect and answer within [`CALL_TIMEOUT`]) and never retried
//! here: a store that does not answer at once is a store to route around (`store/mod.rs`),
//! not one to wait for while browsers wait.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, Script};

/// Longer than a healthy store ever takes on a LAN (well under a millisecond), short enough
/// that a request waiting on a refresh is not held by a store that went away.
pub const CALL_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("store: no answer within {CALL_TIMEOUT:?}")]
    Timeout,
}

/// One connection, multiplexed, reopened after a failure by the connection manager.
#[derive(Clone)]
pub struct RedisStore {
    /// For a subscription, which needs a connection of its own.
    client: Client,
    connection: ConnectionManager,
    scripts: std::sync::Arc<Scripts>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection's Debug shows the URL, which may hold a password.
        f.debug_struct("RedisStore").finish_non_exhaustive()
    }
}

struct Scripts {
    take: Script,
    throttle: Script,
    drain: Script,
    claim: Script,
    put: Script,
    release: Script,
    heartbeat: Script,
    tally: Script,
}

/// A bucket script: the shared bucket functions, then the operation.
fn bucket_script(body: &str) -> Script {
    Script::new(&format!("{}\n{body}", include_str!("lua/bucket.lua")))
}

/// A bucket's parameters as every bucket script takes them.
#[derive(Debug, Clone, Copy)]
pub struct BucketParams {
    pub rate: f64,
    pub burst: u32,
    pub recovery: Duration,
    /// A bucket idle this long is dropped (and comes back empty).
    pub ttl: Duration,
}

/// What the claim script found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The cached answer and how old it is, on the store's clock.
    pub cached: Option<(String, Duration)>,
    /// This caller now holds the contact's refresh lock.
    pub locked: bool,
}

impl RedisStore {
    /// Parses the URL (`redis://`, `rediss://` for TLS; user and password in it for AUTH/ACL,
    /// the database after the slash). Does not connect: the first call does, so a store down at
    /// start is a degraded start, not a failed one.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CALL_TIMEOUT))
            .set_response_timeout(Some(CALL_TIMEOUT))
            // One attempt per reconnection: the heartbeat tries again within a second.
            .set_number_of_retries(0);
        let connection = ConnectionManager::new_lazy_with_config(client.clone(), config)?;
        Ok(Self {
            client,
            connection,
            scripts: std::sync::Arc::new(Scripts {
                take: bucket_script(include_str!("lua/take.lua")),
                throttle: bucket_script(include_str!("lua/throttle.lua")),
                drain: bucket_script(include_str!("lua/drain.lua")),
                claim: Script::new(include_str!("lua/claim.lua")),
                put: Script::new(include_str!("lua/put.lua")),
                release: Script::new(include_str!("lua/release.lua")),
                heartbeat: Script::new(include_str!("lua/heartbeat.lua")),
                tally: Script::new(include_str!("lua/tally.lua")),
            }),
        })
    }

    /// Sends `message` to whoever subscribes to `channel` now (nobody keeps it).
    pub async fn publish(&self, channel: &str, message: &str) -> Result<(), StoreError> {
        let mut connection = self.connection.clone();
        let published: redis::RedisFuture<'_, i64> = Box::pin(async move {
            redis::cmd("PUBLISH")
                .arg(channel)
                .arg(message)
                .query_async(&mut connection)
                .await
        });
        tokio::time::timeout(CALL_TIMEOUT, published)
            .await
            .map_err(|_| StoreError::Timeout)?
            .map(drop)
            .map_err(StoreError::from)
    }

    /// Subscribes to `channel` on a connection of its own: the messages published from now
    /// on, until the connection fails (the stream ends).
    pub async fn subscribe(&self, channel: &str) -> Result<redis::aio::PubSubStream, StoreError> {
        let subscribed = async {
            let mut pubsub = self.client.get_async_pubsub().await?;
            pubsub.subscribe(channel).await?;
            Ok::<_, redis::RedisError>(pubsub.into_on_message())
        };
        tokio::time::timeout(CALL_TIMEOUT, subscribed)
            .await
            .map_err(|_| StoreError::Timeout)?
            .map_err(StoreError::from)
    }

    /// Runs a script (EVALSHA, loading it if the store lost it in a restart), bounded in time.
    async fn run<T: redis::FromRedisValue>(
        &self,
        invocation: redis::ScriptInvocation<'_>,
    ) -> Result<T, StoreError> {
        let mut connection = self.connection.clone();
        tokio::time::timeout(CALL_TIMEOUT, invocation.invoke_async(&mut connection))
            .await
            .map_err(|_| StoreError::Timeout)?
            .map_err(StoreError::from)
    }

    /// Takes `wanted` calls from every bucket in `keys`, or as many as all of them have: the
    /// calls granted, and when fewer than wanted, how long until the next.
    pub async fn take(
        &self,
        keys: &[String],
        params: BucketParams,
        wanted: u32,
    ) -> Result<(u32, Duration), StoreError> {
        let mut invocation = self.scripts.take.prepare_invoke();
        for key in keys {
            invocation.key(key);
        }
        bucket_args(&mut invocation, params).arg(wanted);
        let (granted, wait_ms): (u32, u64) = self.run(invocation).await?;
        Ok((granted, Duration::from_millis(wait_ms)))
    }

    /// Connect throttled this bucket's operation: halve its rate, down to `floor` of it.
    pub async fn throttle(
        &self,
        key: &str,
        params: BucketParams,
        floor: f64,
    ) -> Result<(), StoreError> {
        let mut invocation = self.scripts.throttle.prepare_invoke();
        invocation.key(key);
        bucket_args(&mut invocation, params).arg(floor);
        self.run::<i64>(invocation).await.map(drop)
    }

    /// Empties the buckets (see `lua/drain.lua`).
    pub async fn drain(&self, keys: &[String], params: BucketParams) -> Result<(), StoreError> {
        let mut invocation = self.scripts.drain.prepare_invoke();
        for key in keys {
            invocation.key(key);
        }
        bucket_args(&mut invocation, params);
        self.run::<i64>(invocation).await.map(drop)
    }

    /// The cached answer at `cache`, and the lock at `lock` if it is free.
    pub async fn claim(
        &self,
        cache: &str,
        lock: &str,
        token: &str,
        lock_for: Duration,
    ) -> Result<Claimed, StoreError> {
        let mut invocation = self.scripts.claim.prepare_invoke();
        invocation
            .key(cache)
            .key(lock)
            .arg(token)
            .arg(millis(lock_for));
        let (answer, age_ms, locked): (String, i64, i64) = self.run(invocation).await?;
        let cached = u64::try_from(age_ms)
            .ok()
            .map(|age| (answer, Duration::from_millis(age)));
        Ok(Claimed {
            cached,
            locked: locked == 1,
        })
    }

    /// Caches `answer` at `cache` for `keep`, and releases `lock` if `token` still holds it.
    pub async fn put(
        &self,
        cache: &str,
        lock: &str,
        token: &str,
        answer: &str,
        keep: Duration,
    ) -> Result<(), StoreError> {
        let mut invocation = self.scripts.put.prepare_invoke();
        invocation
            .key(cache)
            .key(lock)
            .arg(answer)
            .arg(millis(keep))
            .arg(token);
        self.run::<i64>(invocation).await.map(drop)
    }

    /// Releases `lock` if `token` still holds it.
    pub async fn release(&self, lock: &str, token: &str) -> Result<(), StoreError> {
        let mut invocation = self.scripts.release.prepare_invoke();
        invocation.key(lock).arg(token);
        self.run::<i64>(invocation).await.map(drop)
    }

    /// Announces `replica` in the set at `key`; the replicas that announced themselves within
    /// `alive`, this one included.
    pub async fn heartbeat(
        &self,
        key: &str,
        replica: &str,
        alive: Duration,
    ) -> Result<u32, StoreError> {
        let mut invocation = self.scripts.heartbeat.prepare_invoke();
        invocation.key(key).arg(replica).arg(millis(alive));
        self.run(invocation).await
    }
}

impl RedisStore {
    /// The count at `key` (with one added first when `add`), which lives `window` from its
    /// first add.
    pub async fn tally(&self, key: &str, add: bool, window: Duration) -> Result<u32, StoreError> {
        let mut invocation = self.scripts.tally.prepare_invoke();
        invocation
            .key(key)
            .arg(if add { "1" } else { "0" })
            .arg(millis(window));
        self.run(invocation).await
    }
}

fn bucket_args<'a, 'b>(
    invocation: &'a mut redis::ScriptInvocation<'b>,
    params: BucketParams,
) -> &'a mut redis::ScriptInvocation<'b> {
    invocation
        .arg(params.rate)
        .arg(params.burst)
        .arg(params.recovery.as_secs_f64())
        .arg(millis(params.ttl))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
