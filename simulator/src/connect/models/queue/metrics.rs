//! Queue-level figures, as `GetCurrentMetricData` reports them for a set of queues and
//! channels (one cell of its answer). Computed when asked, in O(contacts waiting in those lines
//! plus agents × routes): a call the account's quota limits to a few a second, so keeping them
//! up to date on every event would cost more than it saves.

use super::super::center::QueueRef;
use super::super::channel::Channel;
use super::super::record::DEFAULT_QUEUE_PRIORITY;
use super::Queue;
use super::lines::Key;

/// One cell's figures: every waiting contact and every agent of the queues and channels in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellMetrics {
    /// `CONTACTS_IN_QUEUE`.
    pub contacts_in_queue: u64,
    /// When the contact waiting longest entered its queue (its real enqueue time, whatever
    /// its routing age), for `OLDEST_CONTACT_AGE`; `None` when nobody waits.
    pub oldest_enqueued: Option<f64>,
    /// `AGENTS_ONLINE`: agents whose routing profile takes any of the cell's queues on any of
    /// its channels (every simulated agent is logged in and available).
    pub agents_online: u64,
    /// `AGENTS_AVAILABLE`: those of them on no contact now.
    pub agents_available: u64,
}

impl Queue {
    pub fn cell_metrics(&self, queues: &[QueueRef], channels: &[Channel]) -> CellMetrics {
        let mut contacts_in_queue = 0;
        let mut oldest_enqueued: Option<f64> = None;
        for &queue in queues {
            for &channel in channels {
                contacts_in_queue += self.lines.len(queue, channel) as u64;
                for id in self.lines.ids(queue, channel) {
                    let enqueued = self
                        .contacts
                        .get(id)
                        .and_then(|contact| contact.record.enqueued);
                    if let Some(enqueued) = enqueued {
                        oldest_enqueued =
                            Some(oldest_enqueued.map_or(enqueued, |o| o.min(enqueued)));
                    }
                }
            }
        }
        let profiles = self.center.profiles();
        let mut agents_online = 0;
        let mut agents_available = 0;
        for agent in 0..self.agents.len() {
            let profile = &profiles[self.agents.profile_of(agent)];
            let takes = profile
                .routes()
                .iter()
                .any(|route| queues.contains(&route.queue) && channels.contains(&route.channel));
            if takes {
                agents_online += 1;
                agents_available += u64::from(self.agents.is_idle(agent));
            }
        }
        CellMetrics {
            contacts_in_queue,
            oldest_enqueued,
            agents_online,
            agents_available,
        }
    }

    /// `ESTIMATED_WAIT_TIME` for `queue` on `channel`: the estimated wait of a contact of the
    /// default priority joining it now. Infinite when no agent takes it.
    pub fn new_contact_wait(&self, queue: QueueRef, channel: Channel) -> f64 {
        let ahead = self
            .lines
            .ahead(queue, Key::newcomer(DEFAULT_QUEUE_PRIORITY, self.now));
        let position = u32::try_from(ahead + 1).unwrap_or(u32::MAX);
        self.estimated_wait(queue, channel, position)
    }
}
