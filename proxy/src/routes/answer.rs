//! One contact's answer as the metrics route gives it, to a poll or as a stream's event: its
//! metrics with its place, or its stage, with how fresh it is. Apart from both routes, which
//! each use it.

use std::time::Duration;

use axum::http::HeaderValue;
use axum::http::header::{AGE, CACHE_CONTROL};
use axum::response::Response;
use waitline_core::metrics::{ContactStage, MetricsAnswer};

use crate::AppState;
use crate::clients::Allowance;
use crate::error::{ApiError, whole_seconds};
use crate::source::SourceError;

/// One answer about a contact.
#[derive(Debug)]
pub struct Answered {
    pub body: MetricsAnswer,
    pub age: Duration,
    pub max_age: Duration,
}

impl Answered {
    /// Nothing more will change for this contact: an agent has it, or it ended.
    pub fn is_final(&self) -> bool {
        matches!(
            self.body.stage,
            Some(ContactStage::WithAgent | ContactStage::Ended)
        )
    }
}

/// The contact's answer now, as a poll gets it: its metrics with its place, or its stage.
pub async fn answer(
    state: &AppState,
    contact: &str,
    allowance: &Allowance,
) -> Result<Answered, ApiError> {
    let answer =
        state
            .budget
            .get(contact, allowance)
            .await
            .map_err(|busy| ApiError::Throttled {
                retry_after: busy.retry_after,
            })?;
    let outcome = answer.outcome;
    // No position, or no such contact (Connect may answer either for a contact not in queue).
    let unplaced = match &outcome {
        Ok(metrics) => metrics.position().is_none(),
        Err(error) => *error == SourceError::NotFound,
    };
    if unplaced && let Some(stage) = state.stages.stage(contact, allowance).await {
        let mut metrics = outcome.unwrap_or_default();
        metrics.metric_results.get_or_insert_with(Vec::new);
        return Ok(Answered {
            body: MetricsAnswer {
                metrics,
                stage: Some(stage),
            },
            age: answer.age,
            max_age: answer.max_age,
        });
    }
    let metrics = outcome.map_err(|error| match error {
        SourceError::NotFound => ApiError::NotFound,
        SourceError::Invalid => {
            ApiError::InvalidParameter("Connect does not accept this contact ID")
        }
        SourceError::Throttled => ApiError::Throttled {
            retry_after: answer.max_age,
        },
        SourceError::Internal(detail) => ApiError::Internal(detail),
    })?;
    Ok(Answered {
        body: MetricsAnswer {
            metrics,
            stage: None,
        },
        age: answer.age,
        max_age: answer.max_age,
    })
}

/// Per-customer data: only the browser may keep it, and only until it could have changed. The
/// widget takes max-age as the earliest moment worth polling again.
pub fn cache_headers(response: &mut Response, age: Duration, max_age: Duration) {
    let headers = response.headers_mut();
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_str(&format!("private, max-age={}", whole_seconds(max_age)))
            .unwrap_or(HeaderValue::from_static("private, no-store")),
    );
    headers.insert(AGE, HeaderValue::from(age.as_secs()));
}
