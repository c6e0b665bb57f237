//! The latest reading of the lines, refreshed in the background on the account's
//! `GetCurrentMetricData` budget: browsers read the board, never Connect, so a crowd asking for
//! the lines costs Connect nothing more.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use aws_sdk_connect::types::Channel;

use super::{Line, LineStatus, statuses};
use crate::budget::operations::{Operation, OperationBudgets};
use crate::source::{ConnectClient, SourceError};
use crate::tasks::TaskGuard;

/// How often the lines are read unless configured: two calls each time, 0.4 calls a second of
/// an operation whose quota is 5.
pub const DEFAULT_REFRESH: Duration = Duration::from_secs(5);

/// One reading: every line's status, and when it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub lines: Vec<LineStatus>,
    pub read_at: Instant,
}

/// The lines and their latest reading.
#[derive(Debug)]
pub struct Board {
    lines: Vec<Line>,
    /// Each queue once, in the lines' order: the call's filter.
    queue_ids: Vec<String>,
    channels: Vec<Channel>,
    /// How often the lines are read.
    refresh: Duration,
    latest: RwLock<Option<Arc<Reading>>>,
}

impl Board {
    pub fn new(lines: Vec<Line>, refresh: Duration) -> Self {
        let mut queue_ids: Vec<String> = Vec::new();
        let mut channels: Vec<Channel> = Vec::new();
        for line in &lines {
            if !queue_ids.contains(&line.queue_id) {
                queue_ids.push(line.queue_id.clone());
            }
            let channel = Channel::from(line.channel);
            if !channels.contains(&channel) {
                channels.push(channel);
            }
        }
        Self {
            lines,
            queue_ids,
            channels,
            refresh,
            latest: RwLock::new(None),
        }
    }

    /// How often the lines are read: a reading is fresh until the next.
    pub fn every(&self) -> Duration {
        self.refresh
    }

    /// The latest reading; `None` until the first has come.
    pub fn latest(&self) -> Option<Arc<Reading>> {
        self.latest
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Reads the lines once, if the budget has the two calls now; a throttle is told to the
    /// budget. The previous reading stays until a new one comes.
    pub async fn read_lines(
        &self,
        client: &ConnectClient,
        operations: &OperationBudgets,
    ) -> Result<(), SourceError> {
        // One call at a time from the budget: a second refused after the first was taken
        // leaves that call unspent by Connect, never a call made without the budget's leave.
        let calls = [Operation::GetCurrentMetricData];
        for _ in 0..2 {
            if operations
                .try_take(&calls, crate::budget::now())
                .await
                .is_err()
            {
                return Err(SourceError::Throttled);
            }
        }
        match client.queue_figures(&self.queue_ids, &self.channels).await {
            Ok(figures) => {
                let reading = Reading {
                    lines: statuses(&self.lines, &figures),
                    read_at: Instant::now(),
                };
                *self.latest.write().unwrap_or_else(PoisonError::into_inner) =
                    Some(Arc::new(reading));
                Ok(())
            }
            Err(error) => {
                if error == SourceError::Throttled {
                    operations.throttled(Operation::GetCurrentMetricData, crate::budget::now());
                }
                Err(error)
            }
        }
    }

    /// Reads the lines now and at every refresh until the guard is dropped.
    pub fn start(
        self: &Arc<Self>,
        client: ConnectClient,
        operations: Arc<OperationBudgets>,
    ) -> TaskGuard {
        let board = Arc::clone(self);
        let every = self.refresh;
        let mut guard = TaskGuard::default();
        guard.spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(error) = board.read_lines(&client, &operations).await {
                    tracing::debug!(?error, "the lines were not read this time");
                }
            }
        });
        guard
    }
}
