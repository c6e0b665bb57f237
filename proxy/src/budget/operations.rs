//! The budgets of Connect's other operations. Connect's quotas are per operation and per
//! account (2 calls/s, burst 5, by default for each): `DescribeContact`, `StartTaskContact`,
//! `StopContact` and `StartChatContact` each spend a bucket of their own, apart from `GetContactMetrics`' (the
//! refresher's). A request that needs several takes a call from each at once or from none,
//! so a refusal never leaves work half done.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::limiter::TokenBucket;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    DescribeContact,
    StartTaskContact,
    StopContact,
    StartChatContact,
}

impl Operation {
    const ALL: [Self; 4] = [
        Self::DescribeContact,
        Self::StartTaskContact,
        Self::StopContact,
        Self::StartChatContact,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug)]
pub struct OperationBudgets {
    buckets: Mutex<[TokenBucket; Operation::ALL.len()]>,
}

impl OperationBudgets {
    /// `rate` calls per second and a burst of `burst` for each operation. As for
    /// `GetContactMetrics`, one call of the burst is held back: calls reach Connect with some
    /// jitter, and a whole burst arriving a little bunched trips Connect's limiter.
    pub fn new(rate: f64, burst: u32, now: Instant) -> Self {
        let bucket = || TokenBucket::new(rate, burst.saturating_sub(1).max(1), now);
        Self {
            buckets: Mutex::new(Operation::ALL.map(|_| bucket())),
        }
    }

    /// One call of each of `operations`, or none and how long until all are there.
    pub fn try_take(&self, operations: &[Operation], now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
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
    /// spends its quota, so slow down.
    pub fn throttled(&self, operation: Operation, now: Instant) {
        self.buckets.lock().unwrap_or_else(PoisonError::into_inner)[operation.index()]
            .throttled(now);
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
            assert_eq!(budgets.try_take(&[Operation::StartTaskContact], t0), Ok(()));
        }
        assert_eq!(
            budgets.try_take(&[Operation::StartTaskContact], t0),
            Err(Duration::from_millis(500))
        );
        assert_eq!(budgets.try_take(&[Operation::DescribeContact], t0), Ok(()));
        assert_eq!(
            budgets.try_take(
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
        assert_eq!(budgets.try_take(&[Operation::StopContact], t0), Ok(()));
        let all = [
            Operation::DescribeContact,
            Operation::StartTaskContact,
            Operation::StopContact,
        ];
        assert_eq!(budgets.try_take(&all, t0), Err(Duration::from_secs(1)));
        // Nothing was spent by the refusal: the other two still have their call.
        assert_eq!(
            budgets.try_take(
                &[Operation::DescribeContact, Operation::StartTaskContact],
                t0
            ),
            Ok(())
        );
    }

    #[test]
    fn a_throttle_slows_that_operation_only() {
        let t0 = Instant::now();
        let budgets = OperationBudgets::new(2.0, 2, t0);
        budgets.throttled(Operation::DescribeContact, t0);
        assert!(budgets.try_take(&[Operation::DescribeContact], t0).is_err());
        assert_eq!(budgets.try_take(&[Operation::StopContact], t0), Ok(()));
    }
}
