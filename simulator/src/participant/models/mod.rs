//! The Participant Service's state, with no wire in sight: each chat and its transcript
//! ([`Chat`]), the tokens that reach it ([`Chats`]), what the simulated agent says (`agent`),
//! and the [`ChatService`] that ties the chats to the simulated queue and its clock.

mod agent;
mod chat;
mod chats;
mod item;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub use chat::{Chat, Progress, Refused};
pub use chats::{Chats, Connection, Participant};
pub use item::{Item, ItemType, Role, Sender, content_type};

use crate::connect::{Channel, ContactRecord, Simulator};

/// What a customer gives `StartChatContact`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChat {
    pub display_name: String,
    /// The first message, said as the chat starts (`InitialMessage`).
    pub initial_message: Option<(&'static str, String)>,
    pub client_token: Option<String>,
}

/// A chat's transcript as `GetTranscript` reads it.
#[derive(Debug, Clone)]
pub struct Transcript {
    pub contact_id: String,
    /// In time order.
    pub items: Vec<Item>,
    /// What happened while catching up, for the sockets.
    pub pushed: Vec<Item>,
}

/// The chats, on the simulated queue: a chat's contact waits in the queue like any other, and
/// its agent comes and goes as the queue decides. Lock order, everywhere: the chats, then the
/// queue (through [`Simulator::update`]).
#[derive(Debug)]
pub struct ChatService {
    simulator: Arc<Simulator>,
    chats: Mutex<Chats>,
}

impl ChatService {
    pub fn new(simulator: Arc<Simulator>) -> Self {
        Self {
            simulator,
            chats: Mutex::new(Chats::default()),
        }
    }

    /// Unix time of simulated second 0, for writing item times.
    pub fn epoch(&self) -> f64 {
        self.simulator.epoch()
    }

    /// Starts a chat: its contact joins the back of the queue. The same `client_token` again
    /// gets the same chat, with nobody joining twice.
    pub fn start(&self, request: NewChat) -> Participant {
        let mut chats = self.lock();
        if let Some(earlier) = request
            .client_token
            .as_deref()
            .and_then(|token| chats.started_with(token))
        {
            return earlier;
        }
        let (contact, now) = self
            .simulator
            .update(|queue| (queue.join_channel(Channel::Chat), queue.now()));
        let mut chat = Chat::new(contact, request.display_name, now);
        if let Some((kind, content)) = request.initial_message {
            // A new chat cannot have ended, so the first message is always taken.
            let _ = chat.customer_message(now, kind, content, None);
        }
        chats.start(chat, request.client_token)
    }

    pub fn connect(&self, participant_token: &str) -> Result<Connection, Refused> {
        self.lock().connect(participant_token)
    }

    /// The contact a WebSocket token is for.
    pub fn websocket_contact(&self, websocket_token: &str) -> Option<String> {
        self.lock().by_websocket(websocket_token).map(str::to_owned)
    }

    /// The customer's message, and everything to push to the chat's sockets: what happened
    /// since the chat last looked at the queue, then the message itself (the service echoes
    /// it) unless it is a retry.
    pub fn send_message(
        &self,
        connection_token: &str,
        kind: &'static str,
        content: String,
        client_token: Option<String>,
    ) -> Result<(Item, Vec<Item>), Refused> {
        let mut chats = self.lock();
        let chat = chats.by_connection(connection_token)?;
        let (now, mut pushed) = self.catch_up(chat);
        let (message, new) = chat.customer_message(now, kind, content, client_token)?;
        if new {
            pushed.push(message.clone());
        }
        Ok((message, pushed))
    }

    /// An event from the customer (typing, read receipts): acknowledged with an ID and a time,
    /// nothing the simulated agent reacts to.
    pub fn send_event(&self, connection_token: &str) -> Result<(String, f64), Refused> {
        let mut chats = self.lock();
        let chat = chats.by_connection(connection_token)?;
        if chat.is_ended() {
            return Err(Refused::ChatEnded);
        }
        let now = self.simulator.update(|queue| queue.now());
        Ok((item::new_id(), now))
    }

    /// The chat's transcript so far, after catching up with the queue; and what to push.
    pub fn transcript(&self, connection_token: &str) -> Result<Transcript, Refused> {
        let mut chats = self.lock();
        let chat = chats.by_connection(connection_token)?;
        let (_, pushed) = self.catch_up(chat);
        Ok(Transcript {
            contact_id: chat.contact_id().to_owned(),
            items: chat.transcript().to_vec(),
            pushed,
        })
    }

    /// The customer leaves: the chat ends, and an agent on it is free again.
    pub fn disconnect(&self, connection_token: &str) -> Result<Vec<Item>, Refused> {
        let mut chats = self.lock();
        let chat = chats.by_connection(connection_token)?;
        let (now, mut pushed) = self.catch_up(chat);
        pushed.extend(chat.customer_left(now)?);
        let contact = chat.contact_id().to_owned();
        // A contact still waiting stays in the queue: in the queue model only background
        // callers abandon, never contacts created through the API.
        self.simulator.update(|queue| queue.hang_up(&contact));
        Ok(pushed)
    }

    /// Brings every chat up to the queue's present: agents join, speak and leave. Returns what
    /// happened, for the sockets.
    pub fn advance(&self) -> Vec<Item> {
        let mut chats = self.lock();
        let mut active: Vec<&mut Chat> = chats.active().collect();
        if active.is_empty() {
            return Vec::new();
        }
        let (now, progress): (f64, Vec<Option<Progress>>) = self.simulator.update(|queue| {
            let progress = active
                .iter()
                .map(|chat| queue.record(chat.contact_id()).as_ref().map(progress))
                .collect();
            (queue.now(), progress)
        });
        active
            .iter_mut()
            .zip(progress)
            .flat_map(|(chat, progress)| chat.advance(now, progress))
            .collect()
    }

    fn catch_up(&self, chat: &mut Chat) -> (f64, Vec<Item>) {
        let (now, record) = self
            .simulator
            .update(|queue| (queue.now(), queue.record(chat.contact_id())));
        let pushed = chat.advance(now, record.as_ref().map(progress));
        (now, pushed)
    }

    fn lock(&self) -> MutexGuard<'_, Chats> {
        // As with the queue: a panic mid-update costs the demo at most one chat's consistency.
        self.chats.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a chat needs from its contact's record: when an agent took it, and when it ended.
fn progress(record: &ContactRecord) -> Progress {
    Progress {
        joined: record.connected_to_agent,
        ended: record.disconnected,
    }
}
