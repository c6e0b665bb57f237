//! The simulated contact center's layout: its queues (named, with Connect-shaped IDs), its
//! routing profiles (which queues their agents take, on which channels, at which priority), and
//! where background callers, callbacks and API contacts go. Built once, checked when built, and
//! shared read-only by the queue model and the wire.

mod builder;

use super::channel::Channel;

pub use builder::{CenterBuilder, CenterError};

/// One of the center's queues, by its place in [`ContactCenter::queues`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueueRef(usize);

impl QueueRef {
    pub fn index(self) -> usize {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSpec {
    pub name: String,
    /// The queue's ID, a lowercase UUID as Connect gives queues; its ARN ends in it.
    pub id: String,
}

/// A routing profile's entry: its agents take contacts of `channel` from `queue`, before those
/// of any entry with a higher `priority` number (1 first, as Connect numbers them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub queue: QueueRef,
    pub channel: Channel,
    pub priority: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoutingProfile {
    pub name: String,
    pub agents: u32,
    /// Sorted by priority, lowest number first.
    routes: Vec<Route>,
}

impl RoutingProfile {
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The routes grouped by priority, most preferred group first.
    pub fn groups(&self) -> impl Iterator<Item = &[Route]> {
        self.routes.chunk_by(|a, b| a.priority == b.priority)
    }

    /// The priority this profile gives `queue` on `channel`, if it takes it at all.
    pub fn priority_of(&self, queue: QueueRef, channel: Channel) -> Option<u32> {
        self.routes
            .iter()
            .find(|route| route.queue == queue && route.channel == channel)
            .map(|route| route.priority)
    }
}

/// Where background callers (the initial queue and arrivals) go: a share of them, by weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArrivalShare {
    pub queue: QueueRef,
    pub channel: Channel,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactCenter {
    queues: Vec<QueueSpec>,
    profiles: Vec<RoutingProfile>,
    default_queue: QueueRef,
    callback_queue: QueueRef,
    arrivals: Vec<ArrivalShare>,
}

/// The single queue's ID in the default layout.
pub const INBOUND_QUEUE_ID: &str = "00000000-0000-4000-8000-0000000000a1";
/// The queues of [`ContactCenter::sales_support_callback`].
pub const SALES_QUEUE_ID: &str = "00000000-0000-4000-8000-0000000000a2";
pub const SUPPORT_QUEUE_ID: &str = "00000000-0000-4000-8000-0000000000a3";
pub const CALLBACK_QUEUE_ID: &str = "00000000-0000-4000-8000-0000000000c1";

impl ContactCenter {
    /// The default layout: one queue, `inbound`, that every contact waits in (callbacks and
    /// tasks included), served first come first served by `agents` agents on every channel.
    pub fn single(agents: u32) -> Self {
        let inbound = QueueRef(0);
        Self {
            queues: vec![QueueSpec {
                name: "inbound".into(),
                id: INBOUND_QUEUE_ID.into(),
            }],
            profiles: vec![RoutingProfile {
                name: "all".into(),
                agents,
                routes: Channel::ALL
                    .into_iter()
                    .map(|channel| Route {
                        queue: inbound,
                        channel,
                        priority: 1,
                    })
                    .collect(),
            }],
            default_queue: inbound,
            callback_queue: inbound,
            arrivals: vec![ArrivalShare {
                queue: inbound,
                channel: Channel::Voice,
                weight: 1.0,
            }],
        }
    }

    /// Three queues on voice and chat: `sales` (the default), `support`, and `callback` (where
    /// callbacks and tasks go). Sales agents take sales first and callbacks after; support
    /// agents likewise with support; blended agents take sales and support alike, callbacks
    /// after. Background callers: 30 % sales voice, 20 % sales chat, 30 % support voice, 20 %
    /// support chat.
    pub fn sales_support_callback(sales: u32, support: u32, blended: u32) -> Self {
        let talk = [Channel::Voice, Channel::Chat];
        let callback = [
            ("callback", Channel::Voice, 2),
            ("callback", Channel::Task, 2),
        ];
        let own = |queue: &'static str| talk.map(|channel| (queue, channel, 1));
        let built = Self::builder()
            .queue("sales", SALES_QUEUE_ID)
            .queue("support", SUPPORT_QUEUE_ID)
            .queue("callback", CALLBACK_QUEUE_ID)
            .default_queue("sales")
            .callback_queue("callback")
            .profile(
                "sales",
                sales,
                &[own("sales").as_slice(), &callback].concat(),
            )
            .profile(
                "support",
                support,
                &[own("support").as_slice(), &callback].concat(),
            )
            .profile(
                "blended",
                blended,
                &[own("sales").as_slice(), &own("support"), &callback].concat(),
            )
            .arrivals("sales", Channel::Voice, 0.3)
            .arrivals("sales", Channel::Chat, 0.2)
            .arrivals("support", Channel::Voice, 0.3)
            .arrivals("support", Channel::Chat, 0.2)
            .build();
        // The layout above is fixed and valid; the fallback only keeps this free of panics.
        built.unwrap_or_else(|_| Self::single(sales + support + blended))
    }

    pub fn builder() -> CenterBuilder {
        CenterBuilder::default()
    }

    pub fn queues(&self) -> &[QueueSpec] {
        &self.queues
    }

    pub fn queue_refs(&self) -> impl Iterator<Item = QueueRef> + use<> {
        (0..self.queues.len()).map(QueueRef)
    }

    pub fn queue(&self, queue: QueueRef) -> &QueueSpec {
        &self.queues[queue.0]
    }

    pub fn find(&self, name: &str) -> Option<QueueRef> {
        self.queues
            .iter()
            .position(|q| q.name == name)
            .map(QueueRef)
    }

    pub fn by_id(&self, id: &str) -> Option<QueueRef> {
        self.queues.iter().position(|q| q.id == id).map(QueueRef)
    }

    /// Where `join()`, chats and background callers go unless told otherwise.
    pub fn default_queue(&self) -> QueueRef {
        self.default_queue
    }

    /// Where queued callbacks and tasks wait.
    pub fn callback_queue(&self) -> QueueRef {
        self.callback_queue
    }

    pub fn profiles(&self) -> &[RoutingProfile] {
        &self.profiles
    }

    pub fn arrivals(&self) -> &[ArrivalShare] {
        &self.arrivals
    }

    /// Every agent's routing profile, agents numbered profile by profile.
    pub fn agent_profiles(&self) -> Vec<usize> {
        self.profiles
            .iter()
            .enumerate()
            .flat_map(|(index, profile)| (0..profile.agents).map(move |_| index))
            .collect()
    }

    /// Agent `index`'s user ID: a UUID of Connect's shape, the same every run.
    pub fn agent_id(index: usize) -> String {
        format!("00000000-0000-4000-8001-{:012x}", index & 0xffff_ffff_ffff)
    }
}

#[cfg(test)]
mod tests;
