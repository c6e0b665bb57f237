//! `GetCurrentMetricData`'s request, checked as botocore's model and Connect's documentation
//! describe it, in that order: filters (1 to 100 queues by ID or ARN; channels VOICE, CHAT,
//! TASK), groupings (at most 2, of QUEUE and CHANNEL), metrics (a name and, if given, its
//! unit), `ESTIMATED_WAIT_TIME` only alone and only in its documented shape (queues and channels
//! filtered, grouped by QUEUE and CHANNEL), `MaxResults` 1 to 100, and a `NextToken` from the
//! same request. What the simulator does not model (routing-profile filters and groupings,
//! agent statuses, sort criteria, metric IDs) is refused with a message saying so.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde::Deserialize;
use serde_json::Value;
use waitline_core::connect_id;

use super::super::{ConnectError, Endpoint, invalid};
use crate::connect::models::{Channel, QueueRef};

/// Every member optional, so a missing one gets Connect's `InvalidParameterException` naming
/// it rather than serde's parse error.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Request {
    filters: Option<Filters>,
    groupings: Option<Vec<String>>,
    current_metrics: Option<Vec<CurrentMetric>>,
    next_token: Option<String>,
    max_results: Option<Value>,
    sort_criteria: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Filters {
    queues: Option<Vec<String>>,
    channels: Option<Vec<String>>,
    routing_profiles: Option<Value>,
    routing_step_expressions: Option<Value>,
    agent_statuses: Option<Value>,
    subtypes: Option<Value>,
    validation_test_types: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CurrentMetric {
    name: Option<String>,
    unit: Option<String>,
    metric_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Grouping {
    Queue,
    Channel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Metric {
    ContactsInQueue,
    OldestContactAge,
    AgentsOnline,
    AgentsAvailable,
    EstimatedWaitTime,
}

impl Metric {
    const ALL: [Self; 5] = [
        Self::ContactsInQueue,
        Self::OldestContactAge,
        Self::AgentsOnline,
        Self::AgentsAvailable,
        Self::EstimatedWaitTime,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Self::ContactsInQueue => "CONTACTS_IN_QUEUE",
            Self::OldestContactAge => "OLDEST_CONTACT_AGE",
            Self::AgentsOnline => "AGENTS_ONLINE",
            Self::AgentsAvailable => "AGENTS_AVAILABLE",
            Self::EstimatedWaitTime => "ESTIMATED_WAIT_TIME",
        }
    }

    pub(super) fn unit(self) -> &'static str {
        match self {
            Self::OldestContactAge | Self::EstimatedWaitTime => "SECONDS",
            Self::ContactsInQueue | Self::AgentsOnline | Self::AgentsAvailable => "COUNT",
        }
    }
}

/// A checked request.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Query {
    /// Each once, in the order asked.
    pub queues: Vec<QueueRef>,
    /// The channels asked for, or all three when the filter has none.
    pub channels: Vec<Channel>,
    pub groupings: Vec<Grouping>,
    pub metrics: Vec<Metric>,
    pub offset: usize,
    pub max_results: usize,
}

pub(super) const MAX_QUEUES: usize = 100;
const MAX_RESULTS: i64 = 100;

impl Query {
    pub(super) fn parse(endpoint: &Endpoint, body: &[u8]) -> Result<Self, ConnectError> {
        let request: Request = serde_json::from_slice(body).map_err(|_| {
            ConnectError::InvalidRequest("The request body is not a GetCurrentMetricData request")
        })?;
        let filters = request
            .filters
            .ok_or_else(|| invalid("Filters is required"))?;
        if filters.routing_profiles.is_some()
            || filters.routing_step_expressions.is_some()
            || filters.agent_statuses.is_some()
            || filters.subtypes.is_some()
            || filters.validation_test_types.is_some()
        {
            return Err(invalid(
                "The simulated instance filters current metrics by Queues and Channels only",
            ));
        }
        let queues = queues(endpoint, filters.queues.unwrap_or_default())?;
        let channels_filtered = filters.channels.is_some();
        let channels = match filters.channels {
            Some(names) => channels(names)?,
            None => Channel::ALL.to_vec(),
        };
        let groupings = groupings(request.groupings.unwrap_or_default())?;
        let metrics = metrics(request.current_metrics.unwrap_or_default())?;
        if metrics.contains(&Metric::EstimatedWaitTime) {
            let documented = metrics.len() == 1
                && channels_filtered
                && groupings.len() == 2
                && groupings[0] == Grouping::Queue
                && groupings[1] == Grouping::Channel;
            if !documented {
                return Err(invalid(
                    "ESTIMATED_WAIT_TIME is asked for alone, with Queues and Channels filters, grouped by QUEUE then CHANNEL",
                ));
            }
        }
        if request.sort_criteria.is_some() {
            return Err(invalid(
                "The simulated instance does not sort current metrics by SortCriteria",
            ));
        }
        let max_results = match request.max_results {
            None => MAX_RESULTS,
            Some(value) => value
                .as_i64()
                .filter(|n| (1..=MAX_RESULTS).contains(n))
                .ok_or_else(|| invalid("MaxResults must be 1 to 100"))?,
        };
        let mut query = Self {
            queues,
            channels,
            groupings,
            metrics,
            offset: 0,
            max_results: usize::try_from(max_results).unwrap_or(100),
        };
        if let Some(token) = request.next_token {
            query.offset = query.read_token(&token)?;
        }
        Ok(query)
    }

    /// The token for the page that starts at `offset`: the offset and the request it belongs
    /// to, so it is refused with another request.
    pub(super) fn token(&self, offset: usize) -> String {
        format!("{offset}.{:016x}", self.fingerprint())
    }

    fn read_token(&self, token: &str) -> Result<usize, ConnectError> {
        let refused = || invalid("NextToken is not one this request was given");
        let (offset, fingerprint) = token.split_once('.').ok_or_else(refused)?;
        if fingerprint != format!("{:016x}", self.fingerprint()) {
            return Err(refused());
        }
        offset.parse().map_err(|_| refused())
    }

    fn fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.queues.hash(&mut hasher);
        self.channels.hash(&mut hasher);
        self.groupings.hash(&mut hasher);
        self.metrics.hash(&mut hasher);
        self.max_results.hash(&mut hasher);
        hasher.finish()
    }
}

fn queues(endpoint: &Endpoint, listed: Vec<String>) -> Result<Vec<QueueRef>, ConnectError> {
    if listed.is_empty() {
        return Err(invalid("Filters.Queues must list 1 to 100 queues"));
    }
    if listed.len() > MAX_QUEUES {
        return Err(invalid("Filters.Queues lists more than 100 queues"));
    }
    let center = endpoint.simulator.center();
    let mut queues = Vec::new();
    for text in &listed {
        let (instance, queue) = connect_id::queue_uuid(text)
            .ok_or_else(|| invalid(format!("Not a queue ID or ARN: {}", cut(text))))?;
        let queue = instance
            .is_none_or(|instance| instance == endpoint.instance_id)
            .then(|| center.by_id(queue))
            .flatten()
            .ok_or(ConnectError::ResourceNotFound("Queue not found"))?;
        if !queues.contains(&queue) {
            queues.push(queue);
        }
    }
    Ok(queues)
}

fn channels(names: Vec<String>) -> Result<Vec<Channel>, ConnectError> {
    if names.len() > Channel::ALL.len() {
        return Err(invalid("Filters.Channels lists at most 3 channels"));
    }
    let mut channels = Vec::new();
    for name in &names {
        let channel = Channel::from_wire(name).ok_or_else(|| {
            invalid(format!(
                "Filters.Channels takes VOICE, CHAT and TASK, not {}",
                cut(name)
            ))
        })?;
        if !channels.contains(&channel) {
            channels.push(channel);
        }
    }
    Ok(channels)
}

fn groupings(names: Vec<String>) -> Result<Vec<Grouping>, ConnectError> {
    if names.len() > 2 {
        return Err(invalid("Groupings lists at most 2 groupings"));
    }
    let mut groupings = Vec::new();
    for name in &names {
        let grouping = match name.as_str() {
            "QUEUE" => Grouping::Queue,
            "CHANNEL" => Grouping::Channel,
            "ROUTING_PROFILE"
            | "ROUTING_STEP_EXPRESSION"
            | "AGENT_STATUS"
            | "SUBTYPE"
            | "VALIDATION_TEST_TYPE" => {
                return Err(invalid(format!(
                    "The simulated instance groups current metrics by QUEUE and CHANNEL only, not {name}"
                )));
            }
            other => return Err(invalid(format!("Unknown grouping: {}", cut(other)))),
        };
        if groupings.contains(&grouping) {
            return Err(invalid(format!("Groupings lists {name} twice")));
        }
        groupings.push(grouping);
    }
    Ok(groupings)
}

fn metrics(listed: Vec<CurrentMetric>) -> Result<Vec<Metric>, ConnectError> {
    if listed.is_empty() {
        return Err(invalid("CurrentMetrics must name at least one metric"));
    }
    listed
        .into_iter()
        .map(|metric| {
            if metric.metric_id.is_some() {
                return Err(invalid(
                    "The simulated instance names current metrics by Name, not MetricId",
                ));
            }
            let name = metric
                .name
                .ok_or_else(|| invalid("Each metric needs a Name"))?;
            let known = Metric::ALL
                .into_iter()
                .find(|m| m.name() == name)
                .ok_or_else(|| invalid(format!("Unsupported metric: {}", cut(&name))))?;
            match metric.unit {
                Some(unit) if unit != known.unit() => Err(invalid(format!(
                    "{} is measured in {}, not {}",
                    known.name(),
                    known.unit(),
                    cut(&unit)
                ))),
                _ => Ok(known),
            }
        })
        .collect()
}

/// The caller's text in a message, cut so that it cannot make the message unbounded.
fn cut(text: &str) -> String {
    text.chars().take(64).collect()
}
