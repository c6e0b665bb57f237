//! Contact events on the wire: the model logs them ([`crate::connect::models::ContactEvent`]);
//! this puts each in the envelope EventBridge delivers ([`envelope()`]) and delivers it, to
//! in-process sinks the embedder registers and by HTTP POST to a URL, as an EventBridge API
//! destination would ([`EventDelivery`], [`HttpTarget`]), with drops and reordering on purpose
//! for tests ([`Faults`]): real EventBridge is best effort and unordered.

mod delivery;
mod envelope;
mod faults;
mod http;

pub use delivery::{DeliveryStats, EventDelivery, RunningDelivery};
pub use envelope::{
    AgentInfo, ContactEventDetail, DETAIL_TYPE, EventEnvelope, QueueInfo, SOURCE, envelope,
};
pub use faults::Faults;
pub use http::HttpTarget;

/// The header an API destination's API-key connection sends the key in, unless configured.
pub const DEFAULT_SECRET_HEADER: &str = "x-waitline-events-secret";
