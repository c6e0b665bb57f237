//! `UpdateContactRoutingData`: a contact's `QueuePriority` (lower is served first) and its
//! `QueueTimeAdjustmentSeconds` (served as if queued that much earlier, its reported enqueue
//! time unchanged). A contact waiting moves to its new place at once; one still in its flow or
//! delay takes the values into the queue with it, as a flow's "Set routing priority / age"
//! block does before the transfer. A later adjustment replaces an earlier one: the contact
//! carries one adjustment, which `DescribeContact` reports.

use super::super::record::ContactRecord;
use super::lines::Key;
use super::{Contact, Queue, Stage};

/// What to change; `None` leaves a value as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoutingUpdate {
    /// 1 or more.
    pub priority: Option<u64>,
    pub time_adjustment_seconds: Option<i64>,
}

/// Why a contact's routing data could not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutingRefused {
    UnknownContact,
    /// With an agent or ended: there is no place in queue to change.
    NotInQueue,
    /// A `QueuePriority` below 1.
    InvalidPriority,
}

impl Queue {
    pub fn update_routing(
        &mut self,
        id: &str,
        update: RoutingUpdate,
    ) -> Result<(), RoutingRefused> {
        if update.priority == Some(0) {
            return Err(RoutingRefused::InvalidPriority);
        }
        let Contact { record, stage, .. } = self
            .contacts
            .get_mut(id)
            .ok_or(RoutingRefused::UnknownContact)?;
        match *stage {
            Stage::WithAgent { .. } | Stage::Ended { .. } => Err(RoutingRefused::NotInQueue),
            Stage::Scheduled | Stage::InFlow => {
                apply(record, update);
                Ok(())
            }
            Stage::Queued(old) => {
                apply(record, update);
                let enqueued = record.enqueued.unwrap_or(self.now);
                let key = Key::new(
                    record.priority,
                    enqueued - record.time_adjustment_seconds as f64,
                    old.seq,
                );
                let (queue, channel) = (record.queue, record.channel);
                let id = self
                    .lines
                    .remove(queue, channel, old)
                    .unwrap_or_else(|| id.to_owned());
                self.lines.insert(queue, channel, key, id);
                *stage = Stage::Queued(key);
                // Agents idle now take none of these lines' contacts, whatever their order:
                // nobody new can be dispatched, so there is nothing else to do.
                Ok(())
            }
        }
    }
}

fn apply(record: &mut ContactRecord, update: RoutingUpdate) {
    if let Some(priority) = update.priority {
        record.priority = priority;
    }
    if let Some(seconds) = update.time_adjustment_seconds {
        record.time_adjustment_seconds = seconds;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ContactStatus, QueueConfig};
    use super::*;

    fn nobody_serving() -> Queue {
        Queue::new(QueueConfig {
            agents: 0,
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            ..QueueConfig::default()
        })
    }

    fn positions(queue: &Queue, ids: &[String]) -> Vec<Option<u32>> {
        ids.iter()
            .map(|id| match queue.status(id) {
                Some(ContactStatus::Queued { position, .. }) => Some(position),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_higher_priority_moves_ahead_and_a_lower_one_behind() {
        let mut queue = nobody_serving();
        let ids: Vec<String> = (0..4)
            .map(|i| {
                queue.advance_to(f64::from(i) * 10.0);
                queue.join()
            })
            .collect();
        let urgent = RoutingUpdate {
            priority: Some(1),
            ..RoutingUpdate::default()
        };
        queue.update_routing(&ids[3], urgent).unwrap();
        assert_eq!(
            positions(&queue, &ids),
            [Some(2), Some(3), Some(4), Some(1)]
        );
        let later = RoutingUpdate {
            priority: Some(9),
            ..RoutingUpdate::default()
        };
        queue.update_routing(&ids[0], later).unwrap();
        assert_eq!(
            positions(&queue, &ids),
            [Some(4), Some(2), Some(3), Some(1)]
        );
        let record = queue.record(&ids[0]).unwrap();
        assert_eq!(record.priority, 9);
        assert_eq!(record.enqueued, Some(0.0), "its enqueue time stands");
    }

    #[test]
    fn a_time_adjustment_counts_it_as_queued_earlier_and_a_new_one_replaces_it() {
        let mut queue = nobody_serving();
        let ids: Vec<String> = (0..3)
            .map(|i| {
                queue.advance_to(f64::from(i) * 10.0);
                queue.join()
            })
            .collect();
        let by = |seconds| RoutingUpdate {
            time_adjustment_seconds: Some(seconds),
            ..RoutingUpdate::default()
        };
        // Queued at 20 s, routed as of 5 s: behind the one of 0 s, ahead of the one of 10 s.
        queue.update_routing(&ids[2], by(15)).unwrap();
        assert_eq!(positions(&queue, &ids), [Some(1), Some(3), Some(2)]);
        queue.update_routing(&ids[2], by(25)).unwrap();
        assert_eq!(positions(&queue, &ids), [Some(2), Some(3), Some(1)]);
        queue.update_routing(&ids[0], by(-30)).unwrap();
        assert_eq!(positions(&queue, &ids), [Some(3), Some(2), Some(1)]);
        let record = queue.record(&ids[2]).unwrap();
        assert_eq!(record.enqueued, Some(20.0));
        assert_eq!(record.time_adjustment_seconds, 25);
    }

    #[test]
    fn a_contact_on_its_way_takes_its_routing_data_into_the_queue() {
        let mut queue = Queue::new(QueueConfig {
            flow_seconds: 30.0,
            ..nobody_serving().config
        });
        let first = queue.join();
        queue.advance_to(5.0);
        let second = queue.join();
        let urgent = RoutingUpdate {
            priority: Some(2),
            ..RoutingUpdate::default()
        };
        queue.update_routing(&second, urgent).unwrap();
        assert_eq!(queue.status(&second), Some(ContactStatus::InFlow));
        queue.advance_to(40.0);
        assert_eq!(positions(&queue, &[first, second]), [Some(2), Some(1)]);
    }

    #[test]
    fn refusals() {
        let mut queue = Queue::new(QueueConfig {
            agents: 1,
            agents_start_busy: false,
            ..nobody_serving().config
        });
        let taken = queue.join();
        let waiting = queue.join();
        let any = RoutingUpdate {
            priority: Some(3),
            ..RoutingUpdate::default()
        };
        assert_eq!(
            queue.update_routing(&taken, any),
            Err(RoutingRefused::NotInQueue)
        );
        assert_eq!(
            queue.update_routing("unknown", any),
            Err(RoutingRefused::UnknownContact)
        );
        let zero = RoutingUpdate {
            priority: Some(0),
            ..RoutingUpdate::default()
        };
        assert_eq!(
            queue.update_routing(&waiting, zero),
            Err(RoutingRefused::InvalidPriority)
        );
        queue.stop(&waiting).unwrap();
        assert_eq!(
            queue.update_routing(&waiting, any),
            Err(RoutingRefused::NotInQueue)
        );
    }
}
