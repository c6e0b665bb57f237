//! Who serves whom. A free agent takes, from the queues its routing profile lists on each
//! channel, the contact served first of its most preferred group of routes that has anyone
//! waiting: lowest routing-profile priority number first; among queues at the same priority,
//! the contact their own order puts first (`QueuePriority`, then routing time). And the
//! estimated wait that follows from it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::super::center::QueueRef;
use super::super::channel::Channel;
use super::super::record::{ContactRecord, Initiation};
use super::events::ContactEventKind as Step;
use super::lines::{Key, ordered, unordered};
use super::{Queue, QueueConfig, Stage};

impl Queue {
    /// Idle agents take contacts, lowest-numbered agent first. One pass is enough: contacts
    /// only leave the lines here, so an agent that finds nothing would find nothing later in
    /// the pass either. O(idle agents × routes) when anyone waits, nothing otherwise.
    pub(super) fn dispatch(&mut self) {
        if self.lines.total() == 0 {
            return;
        }
        let idle: Vec<usize> = self.agents.idle().collect();
        for agent in idle {
            let Some((queue, channel, key)) = self.pick(agent) else {
                continue;
            };
            let taken = self.lines.remove(queue, channel, key);
            let handle = self.rng.exponential(self.config.mean_handle_seconds);
            let mut busy_until = self.now + handle;
            if let Some(id) = taken
                && let Some(contact) = self.contacts.get_mut(&id)
            {
                busy_until = connect(&mut contact.record, agent, self.now, handle, &self.config);
                contact.stage = Stage::WithAgent { since: self.now };
                if contact.record.initiation == Initiation::Callback {
                    self.announce(&id, Step::ConnectedToSystem);
                }
                self.announce(&id, Step::ConnectedToAgent);
                self.announce(&id, Step::Disconnected);
            }
            self.agents.set(agent, Some(busy_until));
            if self.lines.total() == 0 {
                break;
            }
        }
    }

    /// The contact `agent` would take now, if any.
    pub(super) fn pick(&self, agent: usize) -> Option<(QueueRef, Channel, Key)> {
        let profile = &self.center.profiles()[self.agents.profile_of(agent)];
        profile.groups().find_map(|group| {
            group
                .iter()
                .filter_map(|route| {
                    self.lines
                        .head(route.queue, route.channel)
                        .map(|key| (route.queue, route.channel, key))
                })
                .min_by_key(|&(_, _, key)| key)
        })
    }

    /// How long the contact at `position` in `queue`, on `channel`, will wait, assuming every
    /// call from now on takes the mean handle time: the release, among the agents who take
    /// that queue on that channel, that serves it. Those agents first serve the contacts ahead
    /// of it in its queue and everyone waiting in queues any of them prefers, so those count
    /// as ahead too. Infinite when no agent takes the queue on that channel.
    pub(super) fn estimated_wait(&self, queue: QueueRef, channel: Channel, position: u32) -> f64 {
        let profiles = self.center.profiles();
        let eligible: Vec<usize> = (0..self.agents.len())
            .filter(|&agent| {
                profiles[self.agents.profile_of(agent)]
                    .priority_of(queue, channel)
                    .is_some()
            })
            .collect();
        let mut preferred_waiting = 0;
        for other in self.center.queue_refs().filter(|&other| other != queue) {
            for other_channel in Channel::ALL {
                let preferred = profiles.iter().any(|profile| {
                    let mine = profile.priority_of(queue, channel);
                    let theirs = profile.priority_of(other, other_channel);
                    profile.agents > 0 && matches!((mine, theirs), (Some(m), Some(t)) if t < m)
                });
                if preferred {
                    preferred_waiting += self.lines.len(other, other_channel);
                }
            }
        }
        let served = u64::from(position) + preferred_waiting as u64;
        self.wait_for_release(&eligible, served)
    }

    /// When the `served`-th release among `agents` comes, each agent taking a contact of mean
    /// handle time at each release, less now. O((agents + served) log agents).
    fn wait_for_release(&self, agents: &[usize], served: u64) -> f64 {
        let mut releases: BinaryHeap<Reverse<u64>> = agents
            .iter()
            .map(|&agent| {
                let free_at = self.agents.busy_until(agent).unwrap_or(self.now);
                Reverse(ordered(free_at.max(self.now)))
            })
            .collect();
        let mut taken_at = self.now;
        for _ in 0..served {
            let Some(Reverse(bits)) = releases.pop() else {
                return f64::INFINITY; // no agents: the wait has no end
            };
            taken_at = unordered(bits);
            releases.push(Reverse(ordered(taken_at + self.config.mean_handle_seconds)));
        }
        taken_at - self.now
    }
}

/// `agent` accepts `record` at `now`: fills in when it connects and ends, and returns when the
/// agent is free again. An inbound caller or chat is on the line already, and so is the agent
/// on a task (a web callback's agent dials from the task, outside the model); a queued
/// callback first plays the agent a whisper, then dials the customer, who hears a whisper of
/// their own.
fn connect(
    record: &mut ContactRecord,
    agent: usize,
    now: f64,
    talk: f64,
    config: &QueueConfig,
) -> f64 {
    record.accepted = Some(now);
    record.agent = Some(agent);
    let joined = match record.initiation {
        Initiation::Inbound | Initiation::Api => now,
        Initiation::Callback => {
            let dialed = now + config.agent_whisper_seconds;
            record.connected_to_system = Some(dialed);
            dialed + config.outbound_whisper_seconds
        }
    };
    record.connected_to_agent = Some(joined);
    record.disconnected = Some(joined + talk);
    joined + talk
}
