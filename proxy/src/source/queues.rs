//! `GetCurrentMetricData`: queue-level figures for the lines a site offers, one call answering
//! for every browser at once. Two calls a reading: Connect takes `ESTIMATED_WAIT_TIME` only
//! alone (filtered by queues and channels, grouped by queue then channel), and the counts in
//! another.

use std::collections::HashMap;

use aws_sdk_connect::operation::get_current_metric_data::GetCurrentMetricDataOutput;
use aws_sdk_connect::types::{Channel, CurrentMetric, CurrentMetricName, Filters, Grouping, Unit};

use super::{ConnectClient, Echo, SourceError, classify};

/// One queue on one channel, as Connect counts it now.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LineFigures {
    /// A new contact's estimated wait; `None` when Connect has no estimate (no agent staffs
    /// the queue on the channel).
    pub estimated_wait_seconds: Option<f64>,
    pub contacts_in_queue: Option<f64>,
    /// Seconds (grouped, as asked here).
    pub oldest_contact_age_seconds: Option<f64>,
    pub agents_online: Option<f64>,
}

/// Figures by (queue ID, channel as Connect names it: `VOICE`, `CHAT`, `TASK`).
pub type QueueFigures = HashMap<(String, String), LineFigures>;

impl ConnectClient {
    /// The figures of every (queue, channel) pair of `queues` (IDs) and `channels`: at most 100
    /// queues, as Connect takes.
    pub async fn queue_figures(
        &self,
        queues: &[String],
        channels: &[Channel],
    ) -> Result<QueueFigures, SourceError> {
        let ewt = self
            .current(
                queues,
                channels,
                &[(CurrentMetricName::EstimatedWaitTime, Unit::Seconds)],
            )
            .await?;
        let counts = self
            .current(
                queues,
                channels,
                &[
                    (CurrentMetricName::ContactsInQueue, Unit::Count),
                    (CurrentMetricName::OldestContactAge, Unit::Seconds),
                    (CurrentMetricName::AgentsOnline, Unit::Count),
                ],
            )
            .await?;
        let mut figures = QueueFigures::new();
        read(&ewt, &mut figures);
        read(&counts, &mut figures);
        Ok(figures)
    }

    async fn current(
        &self,
        queues: &[String],
        channels: &[Channel],
        metrics: &[(CurrentMetricName, Unit)],
    ) -> Result<GetCurrentMetricDataOutput, SourceError> {
        let filters = Filters::builder()
            .set_queues(Some(queues.to_vec()))
            .set_channels(Some(channels.to_vec()))
            .build();
        let metrics = metrics
            .iter()
            .map(|(name, unit)| {
                CurrentMetric::builder()
                    .name(name.clone())
                    .unit(unit.clone())
                    .build()
            })
            .collect();
        self.client
            .get_current_metric_data()
            .instance_id(&self.instance_id)
            .filters(filters)
            .groupings(Grouping::Queue)
            .groupings(Grouping::Channel)
            .set_current_metrics(Some(metrics))
            .send()
            .await
            .map_err(|error| classify(error, Echo::Message))
    }
}

/// Each result's values into `figures`, by its queue and channel; a result without both is not
/// one this proxy asked for, and is skipped.
fn read(output: &GetCurrentMetricDataOutput, figures: &mut QueueFigures) {
    for result in output.metric_results() {
        let Some(dimensions) = result.dimensions() else {
            continue;
        };
        let (Some(queue), Some(channel)) = (
            dimensions.queue().and_then(|queue| queue.id()),
            dimensions.channel(),
        ) else {
            continue;
        };
        let line = figures
            .entry((queue.to_owned(), channel.as_str().to_owned()))
            .or_default();
        for data in result.collections() {
            let Some(name) = data.metric().and_then(|metric| metric.name()) else {
                continue;
            };
            let slot = match name {
                CurrentMetricName::EstimatedWaitTime => &mut line.estimated_wait_seconds,
                CurrentMetricName::ContactsInQueue => &mut line.contacts_in_queue,
                CurrentMetricName::OldestContactAge => &mut line.oldest_contact_age_seconds,
                CurrentMetricName::AgentsOnline => &mut line.agents_online,
                _ => continue,
            };
            *slot = data.value();
        }
    }
}
