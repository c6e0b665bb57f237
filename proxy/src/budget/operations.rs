//! The budgets of Connect's other operations. Connect's quotas are per operation and per
//! account (2 calls/s, burst 5, by default for each): `DescribeContact`, `StartTaskContact`,
//! `StopContact`, `StartChatContact` and `GetCurrentMetricData` each spend a bucket of their
//! own, apart from `GetContactMetrics`' (the refresher's, in `budget/refresher.rs`: never taken
//! here). A request that needs several takes a call from each at once or from none, so a
//! refusal never leaves work half done.
//!
//! With a shared store the buckets are the store's, taken together by one script, so the
//! replicas share each operation's quota; while the store is unreachable, local buckets at
//! this replica's share of it (`store/mod.rs`).

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::limiter::{AdaptiveBucket, FLOOR_SHARE};
use crate::store::{Mode, ModeSeen, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    GetContactMetrics,
    DescribeContact,
    StartTaskContact,
    StopContact,
    StartChatContact,
    /// The lines a site offers (`GET /v1/queues`): one call's figures answer every browser.
    GetCurrentMetricData,
}

impl Operation {
    /// Every Connect operation the proxy calls.
    pub const ALL: [Self; 6] = [
        Self::GetContactMetrics,
        Self::DescribeContact,
        Self::StartTaskContact,
        Self::StopContact,
        Self::StartChatContact,
        Self::GetCurrentMetricData,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::GetContactMetrics => "GetContactMetrics",
            Self::DescribeContact => "DescribeContact",
            Self::StartTaskContact => "StartTaskContact",
            Self::StopContact => "StopContact",
            Self::StartChatContact => "StartChatContact",
            Self::GetCurrentMetricData => "GetCurrentMetricData",
        }
    }

    /// The operation's bucket in the shared store.
    pub fn bucket(self) -> String {
        // One hash tag for every bucket: a script taking several needs them in one slot.
        format!("waitline:{{budget}}:{}", self.name())
    }

    /// Every shared bucket the proxy spends.
    pub fn all_buckets() -> Vec<String> {
        Self::ALL.iter().map(|op| op.bucket()).collect()
    }
}

/// The longest a request waits for its operations' next calls. A budget that is merely empty
/// for now, a burst just spent or the local buckets a replica empties when its store fails
/// (refilled within a second at a third of the default quota), makes a browser wait a moment
/// rather than be refused; a callback request, which may wait twice (`DescribeContact`, then
/// its writes), still answers well within the widget's 8 s.
pub const MAX_WAIT: Duration = Duration::from_secs(2);

/// The longest `Retry-After` a refusal says while the store is unreachable.
const RETRY_WHILE_DEGRADED: Duration = Duration::from_secs(5);

/// No call left within [`MAX_WAIT`]: nothing was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    pub retry_after: Duration,
    /// Refused while the shared store is unreachable, on this replica's share of the budget:
    /// the browser is told to slow down (429), never that the service failed (503).
    pub degraded: bool,
}

#[derive(Debug)]
pub struct OperationBudgets {
    local: Mutex<Local>,
    store: Store,
}

#[derive(Debug)]
struct Local {
    buckets: [AdaptiveBucket; Operation::ALL.len()],
    /// The store's mode the buckets last followed ([`Store::share_change`]).
    mode_seen: ModeSeen,
}

impl OperationBudgets {
    /// `rate` calls per second and a burst of `burst` for each operation, part of the burst
    /// held back for jitter as for `GetContactMetrics` (`AdaptiveBucket::for_account`).
    pub fn new(rate: f64, burst: u32, now: Instant) -> Self {
        let bucket = || AdaptiveBucket::for_account(rate, burst, now);
        Self {
            local: Mutex::new(Local {
                buckets: Operation::ALL.map(|_| bucket()),
                mode_seen: ModeSeen::default(),
            }),
            store: Store::InProcess,
        }
    }

    /// The same budgets, spent through `store` (made with the same rate and burst).
    #[must_use]
    pub fn with_store(self, store: Store) -> Self {
        Self { store, ..self }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// One call of each of `operations`, waiting for them up to `max_wait` (at most
    /// [`MAX_WAIT`]) when the budget says they will be there by then; else none, and how long
    /// until they are.
    pub async fn take(&self, operations: &[Operation], max_wait: Duration) -> Result<(), Spent> {
        let deadline = tokio::time::Instant::now() + max_wait.min(MAX_WAIT);
        loop {
            let Err(wait) = self.try_take(operations, super::now()).await else {
                return Ok(());
            };
            // Compared, not added: a share of nothing waits `Duration::MAX`.
            if wait > deadline.saturating_duration_since(tokio::time::Instant::now()) {
                let degraded = matches!(self.store.mode(), Mode::Degraded { .. });
                // While degraded the store may be back within a heartbeat, and the share with
                // it: a browser should ask again soon, not when a share of nothing would say.
                let retry_after = if degraded {
                    wait.min(RETRY_WHILE_DEGRADED)
                } else {
                    wait
                };
                return Err(Spent {
                    retry_after,
                    degraded,
                });
            }
            // Another request may take the call first: then the budget says how long again.
            tokio::time::sleep(wait).await;
        }
    }

    /// One call of each of `operations`, or none and how long until all are there.
    pub async fn try_take(&self, operations: &[Operation], now: Instant) -> Result<(), Duration> {
        if let (Store::Shared(shared), Mode::Shared { .. }) = (&self.store, self.store.mode()) {
            let keys: Vec<String> = operations.iter().map(|op| op.bucket()).collect();
            match shared.redis().take(&keys, shared.params(), 1).await {
                Ok((1, _)) => return Ok(()),
                Ok((_, wait)) => return Err(wait.max(Duration::from_millis(1))),
                // Degraded from now: the local buckets, emptied as they take their share.
                Err(error) => shared.failed(&error),
            }
        }
        self.take_local(operations, now)
    }

    fn take_local(&self, operations: &[Operation], now: Instant) -> Result<(), Duration> {
        let mut local = self.local.lock().unwrap_or_else(PoisonError::into_inner);
        let Local { buckets, mode_seen } = &mut *local;
        if let Some((share, empty)) = self.store.share_change(mode_seen) {
            for bucket in buckets.iter_mut() {
                bucket.set_share(share, empty, now);
            }
        }
        let wait = operations
            .iter()
            .map(|op| buckets[op.index()].wait(now))
            .max()
            .unwrap_or_default();
        if !wait.is_zero() {
            return Err(wait);
        }
        for op in operations {
            buckets[op.index()].try_take(now);
        }
        Ok(())
    }

    /// Connect said `ThrottlingException` to this operation: something else in the account
    /// spends its quota, so slow down (in the store too, without waiting for it).
    pub fn throttled(&self, operation: Operation, now: Instant) {
        self.local
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .buckets[operation.index()]
        .throttled(now);
        if let Some(shared) = self.store.shared().cloned() {
            tokio::spawn(async move {
                let params = shared.params();
                let result = shared
                    .redis()
                    .throttle(&operation.bucket(), params, FLOOR_SHARE)
                    .await;
                shared.ok(result);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_operation_has_its_own_bucket() {
        let t0 = Instant::now();
        // Burst 5, one held back: four at once.
        let budgets = OperationBudgets::new(2.0, 5, t0);
        for _ in 0..4 {
            assert_eq!(
                budgets.take_local(&[Operation::StartTaskContact], t0),
                Ok(())
            );
        }
        assert_eq!(
            budgets.take_local(&[Operation::StartTaskContact], t0),
            Err(Duration::from_millis(500))
        );
        assert_eq!(
            budgets.take_local(&[Operation::DescribeContact], t0),
            Ok(())
        );
        assert_eq!(
            budgets.take_local(
                &[Operation::StartTaskContact],
                t0 + Duration::from_millis(500)
            ),
            Ok(())
        );
    }

    #[test]
    fn several_operations_are_taken_together_or_not_at_all() {
        let t0 = Instant::now();
        let budgets = OperationBudgets::new(1.0, 2, t0); // one call each at once
        assert_eq!(budgets.take_local(&[Operation::StopContact], t0), Ok(()));
        let all = [
            Operation::DescribeContact,
            Operation::StartTaskContact,
            Operation::StopContact,
        ];
        assert_eq!(budgets.take_local(&all, t0), Err(Duration::from_secs(1)));
        // Nothing was spent by the refusal: the other two still have their call.
        assert_eq!(
            budgets.take_local(
                &[Operation::DescribeContact, Operation::StartTaskContact],
                t0
            ),
            Ok(())
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_waits_for_a_call_due_soon_and_not_for_a_later_one() {
        // Burst 2, one held back: one call at once, then one every 500 ms.
        let budgets = OperationBudgets::new(2.0, 2, crate::budget::now());
        let chat = [Operation::StartChatContact];
        assert_eq!(budgets.take(&chat, MAX_WAIT).await, Ok(()));
        let started = tokio::time::Instant::now();
        assert_eq!(budgets.take(&chat, MAX_WAIT).await, Ok(()));
        assert_eq!(started.elapsed(), Duration::from_millis(500));
        // Not at once: refused without waiting.
        assert_eq!(
            budgets.take(&chat, Duration::ZERO).await,
            Err(Spent {
                retry_after: Duration::from_millis(500),
                degraded: false
            })
        );
        // A call further off than MAX_WAIT: refused at once, saying when.
        let slow = OperationBudgets::new(0.1, 2, crate::budget::now());
        assert_eq!(slow.take(&chat, MAX_WAIT).await, Ok(()));
        let started = tokio::time::Instant::now();
        let refused = slow.take(&chat, MAX_WAIT).await;
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert_eq!(
            refused,
            Err(Spent {
                retry_after: Duration::from_secs(10),
                degraded: false
            })
        );
    }

    #[test]
    fn a_throttle_slows_that_operation_only() {
        let t0 = Instant::now();
        let budgets = OperationBudgets::new(2.0, 2, t0);
        budgets.throttled(Operation::DescribeContact, t0);
        assert!(
            budgets
                .take_local(&[Operation::DescribeContact], t0)
                .is_err()
        );
        assert_eq!(budgets.take_local(&[Operation::StopContact], t0), Ok(()));
    }
}
