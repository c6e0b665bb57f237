//! Amazon Connect: a simulated queue (`models`) served as Connect's restJson1 API
//! (`responses`). What the wire needs from the state goes through the few types re-exported here.

pub mod models;
pub mod responses;

pub use models::{
    CallbackRefused, ContactRecord, ContactStatus, Initiation, Queue, QueueConfig, Quota,
    SIMULATED_INSTANCE_ID, SIMULATED_REGION, Simulator,
};
pub use responses::{ConnectApi, ConnectError, EndpointStats, RunningEndpoint};
