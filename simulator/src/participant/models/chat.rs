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
mod tests {
    use super::*;

    const QUEUED: Option<Progress> = Some(Progress {
        joined: None,
        ended: None,
    });

    fn with_agent(joined: f64) -> Option<Progress> {
        Some(Progress {
            joined: Some(joined),
            ended: None,
        })
    }

    fn over(joined: Option<f64>, ended: f64) -> Option<Progress> {
        Some(Progress {
            joined,
            ended: Some(ended),
        })
    }

    fn kinds(items: &[Item]) -> Vec<(&'static str, Option<Role>)> {
        items
            .iter()
            .map(|i| (i.content_type, i.sender.as_ref().map(|s| s.role)))
            .collect()
    }

    #[test]
    fn the_customer_joins_first_and_waits_with_nobody_else() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 10.0);
        assert_eq!(
            kinds(chat.transcript()),
            [(content_type::PARTICIPANT_JOINED, Some(Role::Customer))]
        );
        assert!(chat.advance(100.0, QUEUED).is_empty());
    }

    #[test]
    fn an_agent_joins_when_the_queue_says_greets_and_answers_a_few_messages() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
        let (early, _) = chat
            .customer_message(5.0, content_type::TEXT_PLAIN, "hi?".into(), None)
            .unwrap();
        assert!(
            chat.advance(20.0, QUEUED).is_empty(),
            "nobody answers in queue"
        );
        let joined = chat.advance(31.0, with_agent(30.0));
        assert_eq!(
            kinds(&joined),
            [(content_type::PARTICIPANT_JOINED, Some(Role::Agent))]
        );
        assert_eq!(joined[0].at, 30.0, "stamped when the agent took it");
        let greeting = chat.advance(30.0 + agent::GREETING_DELAY, with_agent(30.0));
        assert_eq!(greeting.len(), 1);
        assert!(greeting[0].content.as_deref().unwrap().contains("Ana"));
        assert!(greeting[0].is_message());
        for (n, reply) in agent::REPLIES.iter().enumerate() {
            let at = 40.0 + 10.0 * n as f64;
            chat.customer_message(at, content_type::TEXT_PLAIN, format!("question {n}"), None)
                .unwrap();
            assert!(chat.advance(at + 1.0, with_agent(30.0)).is_empty());
            let answer = chat.advance(at + agent::REPLY_DELAY, with_agent(30.0));
            assert_eq!(answer[0].content.as_deref(), Some(*reply));
            assert_eq!(answer[0].sender.as_ref().unwrap().role, Role::Agent);
        }
        chat.customer_message(90.0, content_type::TEXT_PLAIN, "thanks".into(), None)
            .unwrap();
        assert!(
            chat.advance(200.0, with_agent(30.0)).is_empty(),
            "only a few answers"
        );
        // The message sent while waiting is where it was said, before the agent joined.
        assert_eq!(chat.transcript()[1].id, early.id);
    }

    #[test]
    fn the_chat_ends_when_the_queue_ends_the_contact_and_says_nothing_after() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
        chat.advance(31.0, with_agent(30.0));
        chat.customer_message(32.0, content_type::TEXT_PLAIN, "help".into(), None)
            .unwrap();
        // The call ends at 34: the greeting (due at 33) is said, the reply (due at 36) is not.
        let last = chat.advance(50.0, over(Some(30.0), 34.0));
        assert_eq!(
            kinds(&last),
            [
                (content_type::TEXT_PLAIN, Some(Role::Agent)),
                (content_type::PARTICIPANT_LEFT, Some(Role::Agent)),
                (content_type::CHAT_ENDED, None),
            ]
        );
        assert_eq!(last[2].at, 34.0);
        assert!(chat.is_ended());
        assert!(chat.advance(60.0, over(Some(30.0), 34.0)).is_empty());
        assert_eq!(
            chat.customer_message(61.0, content_type::TEXT_PLAIN, "hello?".into(), None),
            Err(Refused::ChatEnded)
        );
    }

    #[test]
    fn a_call_shorter_than_the_greeting_delay_still_has_the_greeting_in_order() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
        // Seen as taken first, then (next look) as over before the greeting was due.
        chat.advance(30.2, with_agent(30.0));
        let all = chat.advance(100.0, over(Some(30.0), 30.5));
        assert_eq!(
            kinds(&all),
            [
                (content_type::TEXT_PLAIN, Some(Role::Agent)),
                (content_type::PARTICIPANT_LEFT, Some(Role::Agent)),
                (content_type::CHAT_ENDED, None),
            ]
        );
        assert!(all.iter().all(|item| item.at == 30.5));
        let joined_and_over =
            Chat::new("c-2".into(), "Bo".into(), 0.0).advance(9.0, over(Some(1.0), 2.0));
        assert_eq!(joined_and_over.len(), 4, "joined, greeting, left, ended");
    }

    #[test]
    fn a_contact_the_queue_forgot_is_over() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
        let last = chat.advance(700.0, None);
        assert_eq!(kinds(&last), [(content_type::CHAT_ENDED, None)]);
    }

    #[test]
    fn a_retried_message_is_said_once() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
        let token = Some("t-1".to_owned());
        let (first, new) = chat
            .customer_message(1.0, content_type::TEXT_PLAIN, "hi".into(), token.clone())
            .unwrap();
        assert!(new);
        let (again, new) = chat
            .customer_message(2.0, content_type::TEXT_PLAIN, "hi".into(), token)
            .unwrap();
        assert!(!new);
        assert_eq!(again, first);
        assert_eq!(chat.transcript().len(), 2);
    }

    #[test]
    fn the_customer_leaving_ends_the_chat_once() {
        let mut chat = Chat::new("c-1".into(), "Ana".into(), 0.0);
        let last = chat.customer_left(5.0).unwrap();
        assert_eq!(
            kinds(&last),
            [
                (content_type::PARTICIPANT_LEFT, Some(Role::Customer)),
                (content_type::CHAT_ENDED, None),
            ]
        );
        assert_eq!(chat.customer_left(6.0), Err(Refused::ChatEnded));
    }
}
