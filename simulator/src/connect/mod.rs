//! Amazon Connect: a simulated queue (`models`) served as Connect's restJson1 API
//! (`responses`). What the wire needs from the state goes through the few types re-exported here.

pub mod arns;
pub mod events;
pub mod models;
pub mod responses;

pub use models::{
    CallbackRefused, CellMetrics, CenterBuilder, CenterError, Channel, ContactCenter, ContactEvent,
    ContactEventKind, ContactRecord, ContactStatus, Initiation, ManualClock, NewTask, Queue,
    QueueConfig, QueueRef, QueueSpec, Quota, RoutingRefused, RoutingUpdate,
    SIMULATED_CALLBACK_FLOW_ID, SIMULATED_INSTANCE_ID, SIMULATED_REGION, Simulator, StopRefused,
    TaskRefused, UnknownQueue,
};
pub use responses::{ConnectApi, ConnectError, EndpointStats, RunningEndpoint};
