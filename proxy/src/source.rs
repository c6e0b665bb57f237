//! Where contact metrics come from. Today the embedded simulator; Amazon Connect through the
//! AWS SDK joins as a second variant, behind the same call.

use std::sync::Arc;

use waitline_core::metrics::{ESTIMATED_WAIT_TIME, POSITION_IN_QUEUE};
use waitline_core::{GetContactMetricsResponse, MetricResult};

use crate::simulator::{ContactStatus, Simulator};

#[derive(Debug, Clone)]
pub enum MetricsSource {
    Simulator(Arc<Simulator>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Connect's `ResourceNotFoundException`.
    NotFound,
    /// Connect's `ThrottlingException`: the account's quota is spent.
    Throttled,
    /// Anything else; the detail is logged, never sent to a browser.
    Internal(String),
}

impl MetricsSource {
    pub async fn contact_metrics(
        &self,
        contact_id: &str,
    ) -> Result<GetContactMetricsResponse, SourceError> {
        match self {
            Self::Simulator(simulator) => {
                let status = simulator.status(contact_id).ok_or(SourceError::NotFound)?;
                Ok(simulated_response(contact_id, status))
            }
        }
    }
}

fn simulated_response(contact_id: &str, status: ContactStatus) -> GetContactMetricsResponse {
    let metric_results = match status {
        ContactStatus::Queued {
            position,
            ewt_seconds,
        } => {
            let mut results = vec![MetricResult::number(POSITION_IN_QUEUE, f64::from(position))];
            // An unbounded wait (no agents staffed) has no honest number: leave EWT out, as
            // Connect does when it has no estimate.
            if ewt_seconds.is_finite() {
                results.push(MetricResult::number(
                    ESTIMATED_WAIT_TIME,
                    ewt_seconds.round(),
                ));
            }
            results
        }
        ContactStatus::WithAgent => Vec::new(),
    };
    GetContactMetricsResponse {
        metric_results: Some(metric_results),
        id: Some(contact_id.to_owned()),
        arn: Some(format!(
            "arn:aws:connect:local:000000000000:instance/00000000-0000-4000-8000-000000000000/contact/{contact_id}"
        )),
    }
}
