//! One chat: its transcript and the simulated agent's part in it. Pure: time is an argument, and
//! when an agent took the contact and when its call ends come from the queue ([`Progress`]), so
//! the chat lasts exactly the handle time the queue drew for it.

use super::agent;
use super::item::{Item, ItemType, Role, Sender, content_type, new_id};

/// Where the queue has the chat's contact, from its record as of now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// When an agent took the contact, if one has.
    pub joined: Option<f64>,
    /// When the contact ended, if it has.
    pub ended: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queued,
    /// An agent is in the chat and has answered `replies` messages.
    WithAgent {
        replies: usize,
    },
    Ended,
}

/// Why a participant's request about a chat is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No chat has this token.
    UnknownToken,
    /// The chat is over: its participants can read it but no longer take part.
    ChatEnded,
}

#[derive(Debug)]
struct Line {
    at: f64,
    text: String,
    /// The greeting is said even if the call ends first (then just before it ends); answers
    /// due after the end are not.
    greeting: bool,
}

#[derive(Debug)]
pub struct Chat {
    contact_id: String,
    customer: Sender,
    agent: Sender,
    phase: Phase,
    /// What has happened, in time order.
    transcript: Vec<Item>,
    /// The agent's lines not yet said, in time order.
    scheduled: Vec<Line>,
    /// `ClientToken`s of the customer's messages, so a retried send is not said twice.
    sent: Vec<(String, String)>,
}

impl Chat {
    /// A chat the customer has just started: they are its first participant.
    pub fn new(contact_id: String, customer_name: String, now: f64) -> Self {
        let customer = Sender {
            participant_id: new_id(),
            display_name: customer_name,
            role: Role::Customer,
        };
        let agent = Sender {
            participant_id: new_id(),
            display_name: agent::DISPLAY_NAME.to_owned(),
            role: Role::Agent,
        };
        let mut chat = Self {
            contact_id,
            customer,
            agent,
            phase: Phase::Queued,
            transcript: Vec::new(),
            scheduled: Vec::new(),
            sent: Vec::new(),
        };
        let joined = chat.event(now, content_type::PARTICIPANT_JOINED, Some(Role::Customer));
        chat.record(joined);
        chat
    }

    pub fn contact_id(&self) -> &str {
        &self.contact_id
    }

    pub fn customer_id(&self) -> &str {
        &self.customer.participant_id
    }

    pub fn is_ended(&self) -> bool {
        self.phase == Phase::Ended
    }

    pub fn transcript(&self) -> &[Item] {
        &self.transcript
    }

    /// Brings the chat up to `now`, given where the queue has its contact (`None`: the queue
    /// no longer knows it, so it is over). Returns what happened, in time order, for the
    /// participants' sockets.
    pub fn advance(&mut self, now: f64, progress: Option<Progress>) -> Vec<Item> {
        if self.is_ended() {
            return Vec::new();
        }
        let mark = self.transcript.len();
        let end = progress.map_or(Some(now), |p| p.ended);
        if let (Phase::Queued, Some(joined)) = (self.phase, progress.and_then(|p| p.joined)) {
            let event = self.event(joined, content_type::PARTICIPANT_JOINED, Some(Role::Agent));
            self.record(event);
            self.phase = Phase::WithAgent { replies: 0 };
            let greeting = agent::greeting(&self.customer.display_name);
            self.schedule(joined + agent::GREETING_DELAY, greeting, true);
        }
        let until = end.map_or(now, |end| end.min(now));
        while self.scheduled.first().is_some_and(|line| line.at <= until) {
            let line = self.scheduled.remove(0);
            self.say(line.at, line.text);
        }
        if let Some(end) = end.filter(|&end| end <= now) {
            for line in std::mem::take(&mut self.scheduled) {
                if line.greeting {
                    self.say(end, line.text);
                }
            }
            if matches!(self.phase, Phase::WithAgent { .. }) {
                let left = self.event(end, content_type::PARTICIPANT_LEFT, Some(Role::Agent));
                self.record(left);
            }
            self.finish(end);
        }
        self.transcript[mark..].to_vec()
    }

    /// The customer says something. Returns the message as the service echoes it, and whether
    /// it is new (a retry with the same `client_token` gets the first one back, not said again).
    /// An agent in the chat answers the first few.
    pub fn customer_message(
        &mut self,
        now: f64,
        kind: &'static str,
        content: String,
        client_token: Option<String>,
    ) -> Result<(Item, bool), Refused> {
        if self.is_ended() {
            return Err(Refused::ChatEnded);
        }
        if let Some(earlier) = client_token
            .as_deref()
            .and_then(|token| self.sent_with(token))
        {
            return Ok((earlier, false));
        }
        let message = Item {
            content_type: kind,
            ..self.message(now, content, Role::Customer)
        };
        if let Some(token) = client_token {
            self.sent.push((token, message.id.clone()));
        }
        self.record(message.clone());
        if let Phase::WithAgent { replies } = &mut self.phase
            && let Some(reply) = agent::REPLIES.get(*replies)
        {
            *replies += 1;
            self.schedule(now + agent::REPLY_DELAY, (*reply).to_owned(), false);
        }
        Ok((message, true))
    }

    /// The customer leaves: the chat ends for everyone. Returns what the others see.
    pub fn customer_left(&mut self, now: f64) -> Result<Vec<Item>, Refused> {
        if self.is_ended() {
            return Err(Refused::ChatEnded);
        }
        let mark = self.transcript.len();
        let left = self.event(now, content_type::PARTICIPANT_LEFT, Some(Role::Customer));
        self.record(left);
        self.finish(now);
        Ok(self.transcript[mark..].to_vec())
    }

    fn finish(&mut self, at: f64) {
        self.scheduled.clear();
        let ended = self.event(at, content_type::CHAT_ENDED, None);
        self.record(ended);
        self.phase = Phase::Ended;
    }

    fn sent_with(&self, token: &str) -> Option<Item> {
        let (_, id) = self.sent.iter().find(|(t, _)| t == token)?;
        self.transcript.iter().find(|item| &item.id == id).cloned()
    }

    fn schedule(&mut self, at: f64, text: String, greeting: bool) {
        let index = self.scheduled.partition_point(|line| line.at <= at);
        let line = Line { at, text, greeting };
        self.scheduled.insert(index, line);
    }

    fn say(&mut self, at: f64, text: String) {
        let line = self.message(at, text, Role::Agent);
        self.record(line);
    }

    /// Keeps the transcript in time order: the queue's news (an agent took the contact a
    /// moment ago) can arrive after a message the customer sent since.
    fn record(&mut self, item: Item) {
        let index = self.transcript.partition_point(|i| i.at <= item.at);
        self.transcript.insert(index, item);
    }

    fn sender(&self, role: Role) -> Sender {
        match role {
            Role::Agent => self.agent.clone(),
            Role::Customer => self.customer.clone(),
        }
    }

    fn event(&self, at: f64, kind: &'static str, role: Option<Role>) -> Item {
        Item {
            id: new_id(),
            at,
            item_type: ItemType::Event,
            content_type: kind,
            content: None,
            sender: role.map(|role| self.sender(role)),
            contact_id: self.contact_id.clone(),
        }
    }

    fn message(&self, at: f64, text: String, role: Role) -> Item {
        Item {
            id: new_id(),
            at,
            item_type: ItemType::Message,
            content_type: content_type::TEXT_PLAIN,
            content: Some(text),
            sender: Some(self.sender(role)),
            contact_id: self.contact_id.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
