//! Tasks and stopping contacts: what a web callback is made of. A site's backend creates a task
//! (`StartTaskContact`) linked to the customer's contact, scheduled for after the callback's
//! initial delay; the task's flow puts it in the callback queue at that time; an agent accepts
//! it and dials the customer. The customer's own contact is stopped (`StopContact`), which takes
//! it out of the queue.

use std::collections::BTreeMap;

use super::events::ContactEventKind as Step;
use super::{Contact, ContactRecord, Initiation, Queue, Stage};

/// `StartTaskContact` takes a `ScheduledTime` up to six days ahead.
pub const MAX_SCHEDULE_AHEAD_SECONDS: f64 = 6.0 * 86_400.0;

/// A task to create, in the model's terms (times in simulated seconds).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTask {
    pub name: String,
    /// The contact it follows up (`PreviousContactId`); it must exist.
    pub previous: Option<String>,
    /// When its flow runs and it enters the callback queue; `None`: now.
    pub scheduled_at: Option<f64>,
    /// A repeat with the same token returns the same task and creates nothing.
    pub client_token: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub references: BTreeMap<String, String>,
}

/// Why a task could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskRefused {
    UnknownPreviousContact,
    ScheduledInThePast,
    ScheduledTooFarAhead,
}

/// Why a contact could not be stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopRefused {
    UnknownContact,
    /// It has ended already (Connect's `ContactNotFoundException`: "not active").
    NotActive,
}

impl Queue {
    /// Creates a task that enters the callback queue at its scheduled time, or returns the one
    /// its client token created before. A token is looked up among the contacts known, O(n): a
    /// call the account's quota limits to a few a second.
    pub fn start_task(&mut self, task: NewTask) -> Result<String, TaskRefused> {
        if let Some(token) = &task.client_token
            && let Some((existing, _)) = self
                .contacts
                .iter()
                .find(|(_, contact)| contact.client_token.as_ref() == Some(token))
        {
            return Ok(existing.clone());
        }
        if task
            .previous
            .as_ref()
            .is_some_and(|previous| !self.contacts.contains_key(previous))
        {
            return Err(TaskRefused::UnknownPreviousContact);
        }
        let at = task.scheduled_at.unwrap_or(self.now);
        if at < self.now {
            return Err(TaskRefused::ScheduledInThePast);
        }
        if at > self.now + MAX_SCHEDULE_AHEAD_SECONDS {
            return Err(TaskRefused::ScheduledTooFarAhead);
        }
        let id = self.rng.uuid();
        let queue = self.center.callback_queue();
        let mut record = ContactRecord::new(id.clone(), Initiation::Api, queue, self.now);
        record.scheduled = Some(at);
        record.previous = task.previous;
        record.name = Some(task.name);
        record.attributes = task.attributes;
        record.references = task.references;
        let contact = Contact {
            client_token: task.client_token,
            ..Contact::new(record, Stage::Scheduled)
        };
        self.contacts.insert(id.clone(), contact);
        self.emit(&id, Step::Initiated);
        self.scheduled.push((at, id.clone()));
        self.tasks_started += 1;
        // A task scheduled for now enters its queue at once.
        self.advance_to(self.now);
        Ok(id)
    }

    /// Ends a contact now, wherever it is: out of the queue, out of its initial delay or its
    /// flow (never to enter the queue), or off the agent's line.
    pub fn stop(&mut self, id: &str) -> Result<(), StopRefused> {
        let now = self.now;
        let contact = self.contacts.get(id).ok_or(StopRefused::UnknownContact)?;
        if contact.record.disconnected.is_some_and(|t| t <= now) {
            return Err(StopRefused::NotActive);
        }
        match contact.stage {
            Stage::Queued(_) => self.end_waiting(id),
            Stage::Scheduled | Stage::InFlow => {
                self.scheduled.retain(|(_, s)| s != id);
                self.end_waiting(id);
            }
            Stage::WithAgent { .. } => self.hang_up(id),
            Stage::Ended { .. } => return Err(StopRefused::NotActive),
        }
        // Leaving the queue moves everyone behind up; a free agent may take the next one.
        self.dispatch();
        Ok(())
    }

    /// Tasks created so far.
    pub fn tasks_started(&self) -> u64 {
        self.tasks_started
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::one_agent_busy_until;
    use super::super::{ContactStatus, QueueConfig};
    use super::*;
    use crate::connect::models::Channel;

    fn queue() -> Queue {
        one_agent_busy_until(240.0)
    }

    fn callback_for(previous: &str, at: f64) -> NewTask {
        NewTask {
            name: "Callback".into(),
            previous: Some(previous.to_owned()),
            scheduled_at: Some(at),
            client_token: Some(format!("token-{previous}")),
            attributes: BTreeMap::from([("number".into(), "+14255550123".into())]),
            references: BTreeMap::new(),
        }
    }

    #[test]
    fn a_scheduled_task_waits_then_queues_then_an_agent_takes_it_then_it_ends() {
        let mut queue = queue();
        let john = queue.join(); // 0 s, in queue
        queue.advance_to(120.0);
        let task = queue.start_task(callback_for(&john, 219.0)).unwrap();
        queue.stop(&john).unwrap();

        let inbound = queue.record(&john).unwrap();
        assert_eq!(inbound.disconnected, Some(120.0));
        assert_eq!(queue.status(&john), Some(ContactStatus::Ended));

        let record = queue.record(&task).unwrap();
        assert_eq!(record.initiation, Initiation::Api);
        assert_eq!(record.channel, Channel::Task);
        assert_eq!(record.previous.as_deref(), Some(john.as_str()));
        assert_eq!(record.initiated, 120.0);
        assert_eq!(record.scheduled, Some(219.0));
        assert_eq!(record.enqueued, None, "scheduled: not in queue yet");
        assert_eq!(record.attributes["number"], "+14255550123");
        assert_eq!(queue.status(&task), Some(ContactStatus::Scheduled));

        queue.advance_to(218.9);
        assert_eq!(queue.status(&task), Some(ContactStatus::Scheduled));
        queue.advance_to(230.0);
        assert_eq!(queue.record(&task).unwrap().enqueued, Some(219.0));
        assert!(matches!(
            queue.status(&task),
            Some(ContactStatus::Queued { position: 1, .. })
        ));

        queue.advance_to(240.0); // the agent frees up and accepts, and is on the line at once
        let taken = queue.record(&task).unwrap();
        assert_eq!(taken.accepted, Some(240.0));
        assert_eq!(taken.connected_to_agent, Some(240.0));
        assert_eq!(taken.disconnected, None);
        assert_eq!(taken.queue_duration(), Some(120.0));
        assert_eq!(queue.status(&task), Some(ContactStatus::WithAgent));

        queue.advance_to(600.0);
        queue.stop(&task).unwrap(); // the agent ends the call
        assert_eq!(queue.record(&task).unwrap().disconnected, Some(600.0));
        assert_eq!(queue.stop(&task), Err(StopRefused::NotActive));
    }

    #[test]
    fn a_task_ends_by_itself_after_its_handle_time() {
        let mut queue = Queue::new(QueueConfig {
            agents: 1,
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            mean_handle_seconds: 30.0,
            ..QueueConfig::default()
        });
        queue.advance_to(1000.0); // the agent is idle
        let john = queue.join(); // straight to the agent
        let task = queue
            .start_task(NewTask {
                name: "Callback".into(),
                previous: Some(john.clone()),
                ..NewTask::default()
            })
            .unwrap();
        queue.stop(&john).unwrap(); // frees the agent, who takes the task at once
        let record = queue.record(&task).unwrap();
        assert_eq!(record.enqueued, Some(1000.0), "unscheduled: queued at once");
        assert_eq!(record.accepted, Some(1000.0));
        queue.advance_to(100_000.0);
        let ended = queue.record(&task);
        // Ended within the day, then forgotten 600 s later: either way no longer live.
        assert!(
            ended.is_none() || ended.unwrap().disconnected.is_some(),
            "the task never ended"
        );
    }

    #[test]
    fn the_client_token_makes_a_repeat_return_the_same_task() {
        let mut queue = queue();
        let john = queue.join();
        let first = queue.start_task(callback_for(&john, 99.0)).unwrap();
        queue.stop(&john).unwrap();
        // Even with the original stopped and another time asked, the token decides.
        let again = queue.start_task(callback_for(&john, 150.0)).unwrap();
        assert_eq!(again, first);
        assert_eq!(queue.tasks_started(), 1);
        assert_eq!(queue.record(&first).unwrap().scheduled, Some(99.0));
        // Another token is another task.
        let other = NewTask {
            client_token: Some("other".into()),
            ..callback_for(&john, 99.0)
        };
        assert_ne!(queue.start_task(other).unwrap(), first);
        assert_eq!(queue.tasks_started(), 2);
    }

    #[test]
    fn tasks_are_refused_for_unknown_contacts_and_times_out_of_range() {
        let mut queue = queue();
        let john = queue.join();
        queue.advance_to(100.0);
        for (task, refusal) in [
            (
                callback_for("unknown", 200.0),
                TaskRefused::UnknownPreviousContact,
            ),
            (callback_for(&john, 99.0), TaskRefused::ScheduledInThePast),
            (
                callback_for(&john, 100.0 + MAX_SCHEDULE_AHEAD_SECONDS + 1.0),
                TaskRefused::ScheduledTooFarAhead,
            ),
        ] {
            assert_eq!(queue.start_task(task), Err(refusal));
        }
        assert_eq!(queue.tasks_started(), 0);
        assert!(
            queue
                .start_task(callback_for(&john, 100.0 + MAX_SCHEDULE_AHEAD_SECONDS))
                .is_ok(),
            "six days ahead is allowed"
        );
    }

    #[test]
    fn stopping_a_contact_in_the_middle_moves_up_everyone_behind_it() {
        let mut queue = Queue::new(QueueConfig {
            agents: 0,
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            ..QueueConfig::default()
        });
        let ids: Vec<String> = (0..4).map(|_| queue.join()).collect();
        queue.stop(&ids[1]).unwrap();
        let positions: Vec<Option<u32>> = ids
            .iter()
            .map(|id| match queue.status(id) {
                Some(ContactStatus::Queued { position, .. }) => Some(position),
                _ => None,
            })
            .collect();
        assert_eq!(positions, [Some(1), None, Some(2), Some(3)]);
        assert_eq!(queue.waiting(), 3);
    }

    #[test]
    fn stopping_a_queued_contact_moves_the_queue_up_and_a_scheduled_task_never_queues() {
        let mut queue = queue();
        let first = queue.join();
        let second = queue.join();
        assert!(matches!(
            queue.status(&second),
            Some(ContactStatus::Queued { position: 2, .. })
        ));
        queue.advance_to(10.0);
        queue.stop(&first).unwrap();
        assert!(matches!(
            queue.status(&second),
            Some(ContactStatus::Queued { position: 1, .. })
        ));
        assert_eq!(queue.stop(&first), Err(StopRefused::NotActive));
        assert_eq!(queue.stop("unknown"), Err(StopRefused::UnknownContact));

        let task = queue.start_task(callback_for(&second, 50.0)).unwrap();
        queue.advance_to(20.0);
        queue.stop(&task).unwrap();
        queue.advance_to(300.0);
        let record = queue.record(&task).unwrap();
        assert_eq!(record.disconnected, Some(20.0));
        assert_eq!(record.enqueued, None, "stopped in its delay: never queued");
        assert_eq!(record.accepted, None);
    }
}
