//! waitline's stand-in for Amazon Connect, so the whole product runs on one machine with no AWS
//! account: any AWS SDK or the AWS CLI pointed at it gets Connect's answers and typed errors.
//!
//! Laid out like moto, the AWS emulator: one module per service, and in each the state
//! (`models`, pure and testable without a network) apart from the wire (`responses`, the HTTP
//! routes speaking the service's protocol). Two services: Connect, and the Participant Service
//! its chats are carried on, served from the same address.

pub mod connect;
mod iso_time;
pub mod participant;
pub mod restjson;
