//! Amazon Connect's `GetContactMetrics` response, as it travels on the wire.
//!
//! The proxy serialises these types and the widget deserialises them, so both ends agree on one
//! shape. Deserialisation is deliberately tolerant: AWS adds metric names and members of the
//! `Value` union over time, and an old widget must keep working when it meets them.

use crate::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::PollError;
use crate::reading::checked;
pub use crate::reading::{ContactStage, MAX_EWT_SECONDS, MAX_POSITION, Reading, Snapshot};

pub const POSITION_IN_QUEUE: &str = "POSITION_IN_QUEUE";
pub const ESTIMATED_WAIT_TIME: &str = "ESTIMATED_WAIT_TIME";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetContactMetricsResponse {
    #[serde(
        rename = "MetricResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub metric_results: Option<Vec<MetricResult>>,
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// The proxy's answer about a contact: `GetContactMetrics`' own members and, beside them, where
/// the contact is when `MetricResults` carries no position (`ContactStage`; absent otherwise, so
/// the answer is `GetContactMetrics`' exactly).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricsAnswer {
    #[serde(flatten)]
    pub metrics: GetContactMetricsResponse,
    #[serde(
        rename = "ContactStage",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "known_stage"
    )]
    pub stage: Option<ContactStage>,
}

impl MetricsAnswer {
    /// As [`GetContactMetricsResponse::reading`], with the stage of a contact that has no
    /// position.
    pub fn reading(&self) -> Result<Reading, PollError> {
        self.metrics.reading_at(self.stage)
    }
}

/// `ContactStage` as [`ContactStage::parse`] reads it: a value of any other kind or name, `null`
/// included, is absent rather than a broken answer.
fn known_stage<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<ContactStage>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Name(String),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Wire::deserialize(deserializer)? {
        Wire::Name(name) => ContactStage::parse(&name),
        Wire::Other(_) => None,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricResult {
    /// Kept as a string, not an enum: unknown names are skipped, not rejected.
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<MetricValue>,
}

/// A union in Connect's model: exactly one member is set. Unknown members are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricValue {
    #[serde(rename = "Number", default, skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
}

impl MetricResult {
    pub fn number(name: &str, value: f64) -> Self {
        Self {
            name: name.to_owned(),
            value: Some(MetricValue {
                number: Some(value),
            }),
        }
    }
}

impl GetContactMetricsResponse {
    /// The position alone, when it is a sane number, whatever the other metrics say: enough
    /// for the proxy to decide how fresh this contact's data must be.
    pub fn position(&self) -> Option<u32> {
        let number = self
            .metric_results
            .iter()
            .flatten()
            .find(|r| r.name == POSITION_IN_QUEUE)?
            .value
            .as_ref()?
            .number?;
        checked(number, 1.0, MAX_POSITION).ok()
    }

    /// Reads position and EWT, ignoring metrics it does not know. Fails only on values no
    /// honest queue produces (NaN, negative, absurdly large), so they never reach a customer.
    pub fn reading(&self) -> Result<Reading, PollError> {
        self.reading_at(None)
    }

    fn reading_at(&self, stage: Option<ContactStage>) -> Result<Reading, PollError> {
        reading(
            self.metric_results.iter().flatten().map(|result| {
                (
                    result.name.as_str(),
                    result.value.as_ref().and_then(|v| v.number),
                )
            }),
            stage,
        )
    }
}

/// Position and EWT from `MetricResults` as (name, `Value.Number`) pairs, however they were
/// parsed: serde in the proxy, the browser's `JSON.parse` in the widget. Unknown names and
/// results without a number are skipped; values no honest queue produces are an error. Without
/// a position, the reading carries `stage` (the answer's `ContactStage`): a position wins.
pub fn reading<'a>(
    results: impl IntoIterator<Item = (&'a str, Option<f64>)>,
    stage: Option<ContactStage>,
) -> Result<Reading, PollError> {
    let mut position = None;
    let mut ewt = None;
    for (name, number) in results {
        let Some(number) = number else { continue };
        match name {
            POSITION_IN_QUEUE => position = Some(checked(number, 1.0, MAX_POSITION)?),
            ESTIMATED_WAIT_TIME => ewt = Some(checked(number, 0.0, MAX_EWT_SECONDS)?),
            _ => {}
        }
    }
    Ok(match position {
        Some(position) => Reading::InQueue(Snapshot {
            position,
            ewt_seconds: ewt,
        }),
        None => Reading::NotInQueue(stage),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Reading, PollError> {
        let response: GetContactMetricsResponse = serde_json::from_str(json).unwrap();
        response.reading()
    }

    #[test]
    fn reads_position_and_wait() {
        let reading = parse(
            r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":3.0}},
            {"Name":"ESTIMATED_WAIT_TIME","Value":{"Number":240.0}}],"Id":"c","Arn":"arn"}"#,
        );
        assert_eq!(
            reading,
            Ok(Reading::InQueue(Snapshot {
                position: 3,
                ewt_seconds: Some(240)
            }))
        );
    }

    #[test]
    fn position_without_wait_is_normal() {
        let reading =
            parse(r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":1}}]}"#);
        assert_eq!(
            reading,
            Ok(Reading::InQueue(Snapshot {
                position: 1,
                ewt_seconds: None
            }))
        );
    }

    #[test]
    fn unknown_names_and_members_are_ignored() {
        let reading = parse(
            r#"{"MetricResults":[{"Name":"FUTURE_METRIC","Value":{"Number":-5}},
            {"Name":"POSITION_IN_QUEUE","Value":{"Number":2,"Text":"two"}},
            {"Name":"ESTIMATED_WAIT_TIME","Value":{"Duration":"PT1M"}}],"Extra":true}"#,
        );
        assert_eq!(
            reading,
            Ok(Reading::InQueue(Snapshot {
                position: 2,
                ewt_seconds: None
            }))
        );
    }

    #[test]
    fn empty_or_valueless_results_mean_not_in_queue() {
        assert_eq!(
            parse(r#"{"MetricResults":[]}"#),
            Ok(Reading::NotInQueue(None))
        );
        assert_eq!(parse(r"{}"), Ok(Reading::NotInQueue(None)));
        assert_eq!(
            parse(r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE"}]}"#),
            Ok(Reading::NotInQueue(None))
        );
    }

    #[test]
    fn fractional_values_round_up() {
        let reading = parse(
            r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":1.2}},
            {"Name":"ESTIMATED_WAIT_TIME","Value":{"Number":59.1}}]}"#,
        );
        assert_eq!(
            reading,
            Ok(Reading::InQueue(Snapshot {
                position: 2,
                ewt_seconds: Some(60)
            }))
        );
    }

    #[test]
    fn impossible_values_are_rejected() {
        for bad in ["-1", "0", "1e12"] {
            let json = format!(
                r#"{{"MetricResults":[{{"Name":"POSITION_IN_QUEUE","Value":{{"Number":{bad}}}}}]}}"#
            );
            assert_eq!(parse(&json), Err(PollError::InvalidBody), "position {bad}");
        }
        for bad in ["-0.5", "1e12"] {
            let json = format!(
                r#"{{"MetricResults":[{{"Name":"POSITION_IN_QUEUE","Value":{{"Number":1}}}},
                {{"Name":"ESTIMATED_WAIT_TIME","Value":{{"Number":{bad}}}}}]}}"#
            );
            assert_eq!(parse(&json), Err(PollError::InvalidBody), "ewt {bad}");
        }
    }

    #[test]
    fn position_alone_survives_an_absurd_estimate() {
        let response = GetContactMetricsResponse {
            metric_results: Some(vec![
                MetricResult::number(POSITION_IN_QUEUE, 2.0),
                MetricResult::number(ESTIMATED_WAIT_TIME, 1e12),
            ]),
            ..Default::default()
        };
        assert_eq!(response.reading(), Err(PollError::InvalidBody));
        assert_eq!(response.position(), Some(2));
        assert_eq!(GetContactMetricsResponse::default().position(), None);
    }

    #[test]
    fn nan_is_rejected() {
        let response = GetContactMetricsResponse {
            metric_results: Some(vec![MetricResult::number(POSITION_IN_QUEUE, f64::NAN)]),
            ..Default::default()
        };
        assert_eq!(response.reading(), Err(PollError::InvalidBody));
    }

    fn answer(json: &str) -> Result<Reading, PollError> {
        let answer: MetricsAnswer = serde_json::from_str(json).unwrap();
        answer.reading()
    }

    #[test]
    fn the_stage_says_where_a_contact_without_a_position_is() {
        for (stage, expected) in [
            ("IN_FLOW", ContactStage::InFlow),
            ("WITH_AGENT", ContactStage::WithAgent),
            ("ENDED", ContactStage::Ended),
        ] {
            let json = format!(r#"{{"MetricResults":[],"ContactStage":"{stage}"}}"#);
            assert_eq!(answer(&json), Ok(Reading::NotInQueue(Some(expected))));
        }
        assert_eq!(
            answer(r#"{"ContactStage":"ENDED","Id":"c"}"#),
            Ok(Reading::NotInQueue(Some(ContactStage::Ended)))
        );
        assert_eq!(
            answer(r#"{"MetricResults":[]}"#),
            Ok(Reading::NotInQueue(None))
        );
    }

    #[test]
    fn a_position_wins_over_a_stage() {
        assert_eq!(
            answer(
                r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":2}}],
                "ContactStage":"ENDED"}"#
            ),
            Ok(Reading::InQueue(Snapshot {
                position: 2,
                ewt_seconds: None
            }))
        );
    }

    #[test]
    fn an_unknown_stage_is_no_stage() {
        for stage in [
            r#""QUEUED_ELSEWHERE""#,
            r#""in_flow""#,
            r#""""#,
            "null",
            "7",
            "true",
            r#"["IN_FLOW"]"#,
            r#"{"Name":"IN_FLOW"}"#,
        ] {
            let json = format!(r#"{{"MetricResults":[],"ContactStage":{stage}}}"#);
            assert_eq!(answer(&json), Ok(Reading::NotInQueue(None)), "{stage}");
        }
    }

    #[test]
    fn without_a_stage_the_answer_is_get_contact_metrics_exactly() {
        let metrics = GetContactMetricsResponse {
            metric_results: Some(vec![MetricResult::number(POSITION_IN_QUEUE, 4.0)]),
            id: Some("c-1".into()),
            arn: None,
        };
        let plain = serde_json::to_string(&metrics).unwrap();
        let answer = MetricsAnswer {
            metrics: metrics.clone(),
            stage: None,
        };
        assert_eq!(serde_json::to_string(&answer).unwrap(), plain);
        let staged = MetricsAnswer {
            metrics: GetContactMetricsResponse::default(),
            stage: Some(ContactStage::InFlow),
        };
        let json = serde_json::to_string(&staged).unwrap();
        assert_eq!(json, r#"{"ContactStage":"IN_FLOW"}"#);
        assert_eq!(
            serde_json::from_str::<MetricsAnswer>(&json).unwrap(),
            staged
        );
    }

    #[test]
    fn serialises_in_connects_shape() {
        let response = GetContactMetricsResponse {
            metric_results: Some(vec![MetricResult::number(POSITION_IN_QUEUE, 4.0)]),
            id: Some("c-1".into()),
            arn: None,
        };
        assert_eq!(
            serde_json::to_string(&response).unwrap(),
            r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":4.0}}],"Id":"c-1"}"#
        );
    }
}
