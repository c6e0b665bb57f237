//! The lines a site offers a customer before a contact exists (`GET /v1/queues`): each a queue
//! on a channel, under the name the site knows it by, with Connect's estimated wait for a new
//! contact and whether anyone staffs it. Queue-level figures are not personal, so the route
//! needs no token; one reading answers every browser.

mod board;
#[cfg(test)]
mod tests;

pub use board::{Board, DEFAULT_REFRESH, Reading};

use waitline_core::connect_id::queue_uuid;

use crate::source::QueueFigures;

/// The most lines one proxy offers: each is a (queue, channel) pair of one
/// `GetCurrentMetricData` page (Connect answers at most 100 results a page).
pub const MAX_LINES: usize = 100;
/// The longest name a line may have: a label for a page, not a description.
const MAX_NAME: usize = 32;

/// What `GET /v1/queues` offers, and how often it reads Connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuesConfig {
    pub lines: Vec<Line>,
    pub refresh: std::time::Duration,
}

/// A line a site offers: a queue on a channel, under the site's name for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `[a-z0-9-]`, at most 32: what a page asks for and shows (`support`, `sales`).
    pub name: String,
    /// The queue's UUID (from an ID or an ARN).
    pub queue_id: String,
    /// One of [`CHANNELS`].
    pub channel: &'static str,
}

/// The channels a line may be on, as Connect names them.
pub const CHANNELS: [&str; 3] = ["VOICE", "CHAT", "TASK"];

/// `name` as one of [`CHANNELS`], exactly.
pub fn channel_named(name: &str) -> Option<&'static str> {
    CHANNELS.into_iter().find(|channel| *channel == name)
}

/// `name=queue,...` (`--queues`), each queue an ID or ARN, offered on every one of `channels`
/// (`VOICE`, `CHAT`, `TASK`), in the order given.
pub fn parse_lines(queues: &str, channels: &str) -> Result<Vec<Line>, String> {
    let channels = parse_channels(channels)?;
    let mut lines = Vec::new();
    for entry in queues.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (name, queue) = entry
            .split_once('=')
            .ok_or_else(|| format!("`{entry}` is not name=queue (a queue ID or ARN)"))?;
        let name = name.trim();
        if name.is_empty()
            || name.len() > MAX_NAME
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "`{name}`: a line's name is 1 to {MAX_NAME} of a-z, 0-9 and -"
            ));
        }
        let (_, queue_id) = queue_uuid(queue.trim())
            .ok_or_else(|| format!("`{queue}` is not a queue ID or a queue ARN"))?;
        if lines.iter().any(|line: &Line| line.name == name) {
            return Err(format!("`{name}` is named twice"));
        }
        for &channel in &channels {
            lines.push(Line {
                name: name.to_owned(),
                queue_id: queue_id.to_owned(),
                channel,
            });
        }
    }
    if lines.len() > MAX_LINES {
        return Err(format!(
            "{} lines (queues times channels): at most {MAX_LINES}",
            lines.len()
        ));
    }
    Ok(lines)
}

fn parse_channels(channels: &str) -> Result<Vec<&'static str>, String> {
    let mut parsed = Vec::new();
    for name in channels.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let channel = channel_named(&name.to_ascii_uppercase())
            .ok_or_else(|| format!("`{name}` is not a channel: VOICE, CHAT or TASK"))?;
        if !parsed.contains(&channel) {
            parsed.push(channel);
        }
    }
    if parsed.is_empty() {
        return Err("no channel: name at least one of VOICE, CHAT and TASK".into());
    }
    Ok(parsed)
}

/// One line as a browser reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineStatus {
    pub name: String,
    /// `VOICE`, `CHAT` or `TASK`.
    pub channel: &'static str,
    /// Whole seconds, rounded up; `None` when Connect has no estimate.
    pub estimated_wait_seconds: Option<u64>,
    pub contacts_in_queue: Option<u64>,
    /// Someone staffs it: Connect counts agents online for it.
    pub open: bool,
}

/// Each line's status from one reading, in the order the lines were given. A line Connect did
/// not answer for is closed, with no figures: never a wait it did not give.
pub fn statuses(lines: &[Line], figures: &QueueFigures) -> Vec<LineStatus> {
    lines
        .iter()
        .map(|line| {
            let found = figures.get(&(line.queue_id.clone(), line.channel.to_owned()));
            let whole = |value: Option<f64>| {
                value
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .map(|v| v.ceil() as u64)
            };
            LineStatus {
                name: line.name.clone(),
                channel: line.channel,
                estimated_wait_seconds: found.and_then(|f| whole(f.estimated_wait_seconds)),
                contacts_in_queue: found.and_then(|f| whole(f.contacts_in_queue)),
                open: found
                    .and_then(|f| f.agents_online)
                    .is_some_and(|agents| agents > 0.0),
            }
        })
        .collect()
}
