mod auth;
pub mod callback;
pub mod chats;
pub mod demo;
pub mod events;
pub mod health;
pub mod metrics;
pub mod openapi;
pub mod stream;
