//! Every chat, and the tokens that reach each: the participant token `StartChatContact` hands
//! out, the connection token and WebSocket token `CreateParticipantConnection` trades it for,
//! and the `ClientToken` that makes a repeated `StartChatContact` the same chat.

use std::collections::HashMap;

use super::chat::{Chat, Refused};

/// What `StartChatContact` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
}

/// What `CreateParticipantConnection` answers: the same for every call on one chat, so chatjs's
/// token refreshes and reconnections keep working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub connection_token: String,
    pub websocket_token: String,
}

#[derive(Debug)]
struct Entry {
    chat: Chat,
    participant_token: String,
    connection: Option<Connection>,
}

#[derive(Debug, Default)]
pub struct Chats {
    by_contact: HashMap<String, Entry>,
    /// Token (of either kind) to contact.
    participant_tokens: HashMap<String, String>,
    connection_tokens: HashMap<String, String>,
    websocket_tokens: HashMap<String, String>,
    client_tokens: HashMap<String, String>,
}

impl Chats {
    /// The chat an earlier `StartChatContact` with `client_token` started, if any.
    pub fn started_with(&self, client_token: &str) -> Option<Participant> {
        let contact = self.client_tokens.get(client_token)?;
        self.by_contact.get(contact).map(participant)
    }

    pub fn start(&mut self, chat: Chat, client_token: Option<String>) -> Participant {
        let contact = chat.contact_id().to_owned();
        let participant_token = new_token();
        self.participant_tokens
            .insert(participant_token.clone(), contact.clone());
        if let Some(token) = client_token {
            self.client_tokens.insert(token, contact.clone());
        }
        let entry = Entry {
            chat,
            participant_token,
            connection: None,
        };
        let answer = participant(&entry);
        self.by_contact.insert(contact, entry);
        answer
    }

    /// Trades a participant token for a connection, while the chat lasts.
    pub fn connect(&mut self, participant_token: &str) -> Result<Connection, Refused> {
        let contact = self
            .participant_tokens
            .get(participant_token)
            .ok_or(Refused::UnknownToken)?;
        let entry = self
            .by_contact
            .get_mut(contact)
            .ok_or(Refused::UnknownToken)?;
        if entry.chat.is_ended() {
            return Err(Refused::ChatEnded);
        }
        if let Some(connection) = &entry.connection {
            return Ok(connection.clone());
        }
        let connection = Connection {
            connection_token: new_token(),
            websocket_token: new_token(),
        };
        self.connection_tokens
            .insert(connection.connection_token.clone(), contact.clone());
        self.websocket_tokens
            .insert(connection.websocket_token.clone(), contact.clone());
        entry.connection = Some(connection.clone());
        Ok(connection)
    }

    /// The chat a connection token belongs to, ended or not.
    pub fn by_connection(&mut self, connection_token: &str) -> Result<&mut Chat, Refused> {
        let contact = self
            .connection_tokens
            .get(connection_token)
            .ok_or(Refused::UnknownToken)?;
        self.by_contact
            .get_mut(contact)
            .map(|entry| &mut entry.chat)
            .ok_or(Refused::UnknownToken)
    }

    /// The contact a WebSocket token is for.
    pub fn by_websocket(&self, websocket_token: &str) -> Option<&str> {
        self.websocket_tokens
            .get(websocket_token)
            .map(String::as_str)
    }

    /// The chats still going.
    pub fn active(&mut self) -> impl Iterator<Item = &mut Chat> {
        self.by_contact
            .values_mut()
            .map(|entry| &mut entry.chat)
            .filter(|chat| !chat.is_ended())
    }
}

fn participant(entry: &Entry) -> Participant {
    Participant {
        contact_id: entry.chat.contact_id().to_owned(),
        participant_id: entry.chat.customer_id().to_owned(),
        participant_token: entry.participant_token.clone(),
    }
}

/// An opaque bearer token: 256 random bits, as nobody can guess them from the queue's seed.
fn new_token() -> String {
    let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    format!("{}{}", a.simple(), b.simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started(chats: &mut Chats, contact: &str, client_token: Option<&str>) -> Participant {
        let chat = Chat::new(contact.into(), "Ana".into(), 0.0);
        chats.start(chat, client_token.map(str::to_owned))
    }

    #[test]
    fn a_participant_token_buys_one_connection_for_the_chat() {
        let mut chats = Chats::default();
        let ana = started(&mut chats, "c-1", None);
        let bo = started(&mut chats, "c-2", None);
        assert_ne!(ana.participant_token, bo.participant_token);
        let connection = chats.connect(&ana.participant_token).unwrap();
        assert_eq!(
            chats.connect(&ana.participant_token),
            Ok(connection.clone())
        );
        assert_eq!(
            chats
                .by_connection(&connection.connection_token)
                .unwrap()
                .contact_id(),
            "c-1"
        );
        assert_eq!(chats.by_websocket(&connection.websocket_token), Some("c-1"));
        // Tokens are not interchangeable.
        assert!(chats.by_connection(&ana.participant_token).is_err());
        assert_eq!(chats.by_websocket(&connection.connection_token), None);
        assert_eq!(chats.connect("nope"), Err(Refused::UnknownToken));
    }

    #[test]
    fn an_ended_chat_takes_no_new_connections_but_stays_readable() {
        let mut chats = Chats::default();
        let ana = started(&mut chats, "c-1", None);
        let connection = chats.connect(&ana.participant_token).unwrap();
        chats
            .by_connection(&connection.connection_token)
            .unwrap()
            .customer_left(1.0)
            .unwrap();
        assert_eq!(
            chats.connect(&ana.participant_token),
            Err(Refused::ChatEnded)
        );
        assert!(chats.by_connection(&connection.connection_token).is_ok());
        assert_eq!(chats.active().count(), 0);
    }

    #[test]
    fn a_client_token_finds_the_chat_it_started() {
        let mut chats = Chats::default();
        let ana = started(&mut chats, "c-1", Some("once"));
        assert_eq!(chats.started_with("once"), Some(ana));
        assert_eq!(chats.started_with("other"), None);
    }
}
