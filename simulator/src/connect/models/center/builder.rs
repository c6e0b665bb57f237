//! Building a [`ContactCenter`] from names, checked: every name a route or share gives is a
//! queue's, queue IDs are Connect-shaped and unique.

use std::fmt;

use waitline_core::connect_id::is_uuid;

use super::{ArrivalShare, ContactCenter, QueueRef, QueueSpec, Route, RoutingProfile};
use crate::connect::models::channel::Channel;

/// Why a layout was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CenterError {
    NoQueues,
    DuplicateQueueName(String),
    DuplicateQueueId(String),
    /// Not a lowercase UUID.
    BadQueueId(String),
    UnknownQueue(String),
    BadWeight(String),
    DuplicateRoute {
        profile: String,
        queue: String,
    },
}

impl fmt::Display for CenterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoQueues => write!(f, "a contact center needs at least one queue"),
            Self::DuplicateQueueName(name) => write!(f, "two queues are named `{name}`"),
            Self::DuplicateQueueId(id) => write!(f, "two queues have the ID `{id}`"),
            Self::BadQueueId(id) => {
                write!(
                    f,
                    "queue ID `{id}` is not a lowercase UUID, as Connect's are"
                )
            }
            Self::UnknownQueue(name) => write!(f, "no queue is named `{name}`"),
            Self::BadWeight(name) => write!(
                f,
                "the arrival weight for `{name}` must be a positive finite number"
            ),
            Self::DuplicateRoute { profile, queue } => write!(
                f,
                "routing profile `{profile}` lists queue `{queue}` twice on one channel"
            ),
        }
    }
}

impl std::error::Error for CenterError {}

/// A route as the builder takes it: (queue name, channel, priority).
type NamedRoute = (String, Channel, u32);

/// Builds a [`ContactCenter`] by names; [`CenterBuilder::build`] checks that the names agree.
/// Without `default_queue` or `callback_queue`, the first queue is both; without arrival
/// shares, background callers call the default queue on voice.
#[derive(Debug, Clone, Default)]
pub struct CenterBuilder {
    queues: Vec<(String, String)>,
    default_queue: Option<String>,
    callback_queue: Option<String>,
    profiles: Vec<(String, u32, Vec<NamedRoute>)>,
    arrivals: Vec<(String, Channel, f64)>,
}

impl CenterBuilder {
    pub fn queue(mut self, name: &str, id: &str) -> Self {
        self.queues.push((name.into(), id.into()));
        self
    }

    pub fn default_queue(mut self, name: &str) -> Self {
        self.default_queue = Some(name.into());
        self
    }

    pub fn callback_queue(mut self, name: &str) -> Self {
        self.callback_queue = Some(name.into());
        self
    }

    /// A routing profile with `agents` agents and its routes as (queue, channel, priority).
    pub fn profile(mut self, name: &str, agents: u32, routes: &[(&str, Channel, u32)]) -> Self {
        let routes = routes
            .iter()
            .map(|&(queue, channel, priority)| (queue.to_owned(), channel, priority))
            .collect();
        self.profiles.push((name.into(), agents, routes));
        self
    }

    pub fn arrivals(mut self, queue: &str, channel: Channel, weight: f64) -> Self {
        self.arrivals.push((queue.into(), channel, weight));
        self
    }

    pub fn build(self) -> Result<ContactCenter, CenterError> {
        if self.queues.is_empty() {
            return Err(CenterError::NoQueues);
        }
        let mut queues: Vec<QueueSpec> = Vec::new();
        for (name, id) in self.queues {
            if queues.iter().any(|q| q.name == name) {
                return Err(CenterError::DuplicateQueueName(name));
            }
            if queues.iter().any(|q| q.id == id) {
                return Err(CenterError::DuplicateQueueId(id));
            }
            if !is_uuid(&id) {
                return Err(CenterError::BadQueueId(id));
            }
            queues.push(QueueSpec { name, id });
        }
        let find = |name: &str| {
            queues
                .iter()
                .position(|q| q.name == name)
                .map(QueueRef)
                .ok_or_else(|| CenterError::UnknownQueue(name.to_owned()))
        };
        let default_queue = self
            .default_queue
            .as_deref()
            .map_or(Ok(QueueRef(0)), find)?;
        let callback_queue = self
            .callback_queue
            .as_deref()
            .map_or(Ok(QueueRef(0)), find)?;
        let mut profiles = Vec::new();
        for (name, agents, listed) in self.profiles {
            let mut routes: Vec<Route> = Vec::new();
            for (queue, channel, priority) in listed {
                let queue_ref = find(&queue)?;
                if routes
                    .iter()
                    .any(|r| r.queue == queue_ref && r.channel == channel)
                {
                    return Err(CenterError::DuplicateRoute {
                        profile: name,
                        queue,
                    });
                }
                routes.push(Route {
                    queue: queue_ref,
                    channel,
                    priority,
                });
            }
            routes.sort_by_key(|route| route.priority);
            profiles.push(RoutingProfile {
                name,
                agents,
                routes,
            });
        }
        let mut arrivals = Vec::new();
        for (queue, channel, weight) in self.arrivals {
            if !(weight.is_finite() && weight > 0.0) {
                return Err(CenterError::BadWeight(queue));
            }
            arrivals.push(ArrivalShare {
                queue: find(&queue)?,
                channel,
                weight,
            });
        }
        if arrivals.is_empty() {
            arrivals.push(ArrivalShare {
                queue: default_queue,
                channel: Channel::Voice,
                weight: 1.0,
            });
        }
        Ok(ContactCenter {
            queues,
            profiles,
            default_queue,
            callback_queue,
            arrivals,
        })
    }
}
