//! Amazon Connect: a simulated queue (`models`) served as Connect's restJson1 API
//! (`responses`). What the wire needs from the state goes through the few types re-exported here.

pub mod models;
pub mod responses;

pub use models::{
    CallbackRefused, Channel, ContactRecord, ContactStatus, Initiation, ManualClock, NewTask,
    Queue, QueueConfig, Quota, SIMULATED_CALLBACK_FLOW_ID, SIMULATED_INSTANCE_ID, SIMULATED_REGION,
    Simulator, StopRefused, TaskRefused,
};
pub use responses::{ConnectApi, ConnectError, EndpointStats, RunningEndpoint};
