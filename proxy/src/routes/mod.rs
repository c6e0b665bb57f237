pub mod demo;
pub mod health;
pub mod metrics;
