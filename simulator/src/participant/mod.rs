//! Amazon Connect's Participant Service, the API a chat's customer talks to (through
//! amazon-connect-chatjs): chats on the simulated queue and the simulated agents who take them
//! (`models`), served as the service's restJson1 API and WebSocket (`responses`).
//!
//! A chat starts on the Connect side (`StartChatContact`), whose answer carries the participant
//! token this service takes; the simulated Connect endpoint serves both, so the one URL is also
//! what chatjs's `setGlobalConfig({ endpoint })` is given.

pub mod models;
pub mod responses;

pub use models::{ChatService, NewChat, Participant};
pub use responses::{ParticipantApi, ParticipantError};
