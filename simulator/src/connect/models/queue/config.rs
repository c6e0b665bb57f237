//! What a simulated contact center is made of: its layout (queues and routing profiles), its
//! agents, its callers, and the delays of its flows and callbacks. [`QueueConfig::DEMO`] is the
//! demo's; [`QueueConfig::default`] a plainer one tests adjust.

use std::sync::Arc;

use super::super::center::ContactCenter;

#[derive(Debug, Clone, PartialEq)]
pub struct QueueConfig {
    /// The queues and routing profiles. `None`: one queue, `inbound`, that every contact waits
    /// in, served by [`Self::agents`] agents on every channel.
    pub center: Option<Arc<ContactCenter>>,
    /// Agents of the one-queue layout. A `center` says in its routing profiles how many
    /// agents it has, and this is not read.
    pub agents: u32,
    pub mean_handle_seconds: f64,
    /// 0 turns arrivals off.
    pub arrivals_per_minute: f64,
    /// Contacts already waiting when the simulation starts.
    pub initial_queue: u32,
    /// Agents start mid-call (staggered over one mean handle time), as in a contact center that
    /// was already open; `false` starts them free, so a scripted scenario knows who takes what.
    pub agents_start_busy: bool,
    /// How long a contact that reached an agent is still known (then: not found).
    pub forget_after_seconds: f64,
    pub seed: u64,
    /// A callback's initial delay: created at once, in the callback queue this much later.
    pub callback_delay_seconds: f64,
    /// What the agent hears after accepting a callback, before the customer is dialed.
    pub agent_whisper_seconds: f64,
    /// What the customer hears after picking up, before being joined to the agent.
    pub outbound_whisper_seconds: f64,
    /// Mean patience of a background caller (the initial queue and arrivals), exponentially
    /// distributed: one still queued when it runs out hangs up. `None` or 0: nobody abandons.
    /// Contacts created through the API never abandon.
    pub mean_patience_seconds: Option<f64>,
    /// How long a contact started through the API (`join`, chats) spends in its flow (an IVR,
    /// a bot) before it is queued: created and connected to the system at once, in queue this
    /// much later. 0: straight to the queue.
    pub flow_seconds: f64,
    /// Contact events kept until drained; beyond it the oldest are dropped (and counted). 0
    /// keeps none.
    pub event_capacity: usize,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self::BASE
    }
}

impl QueueConfig {
    /// A plain queue for tests to adjust: arrivals below capacity, nobody giving up, no flow.
    pub const BASE: Self = Self {
        center: None,
        agents: 4,
        mean_handle_seconds: 180.0,
        arrivals_per_minute: 1.2,
        initial_queue: 8,
        agents_start_busy: true,
        forget_after_seconds: 600.0,
        seed: 1,
        callback_delay_seconds: 99.0,
        agent_whisper_seconds: 10.0,
        outbound_whisper_seconds: 15.0,
        mean_patience_seconds: None,
        flow_seconds: 0.0,
        event_capacity: 10_000,
    };

    /// The demo's queue, which the proxy's simulator flags default to: four agents on
    /// three-minute calls (1.33 contacts a minute) and callers arriving faster (2.4 a minute),
    /// the excess kept in check by callers giving up after 10 minutes on average. The queue
    /// settles around ten waiting, where abandonment takes the excess ((2.4 - 1.33) a minute ×
    /// 10 minutes), and is rarely empty, so a newcomer at almost any moment starts several
    /// places back and moves up every few seconds at the demo's ×10.
    pub const DEMO: Self = Self {
        arrivals_per_minute: 2.4,
        initial_queue: 10,
        mean_patience_seconds: Some(600.0),
        ..Self::BASE
    };
}
