//! One entry of a chat's transcript, as the Participant Service's `Item` shape has it: a message
//! or an event, who sent it, and when (simulated seconds here; the wire writes ISO 8601).

/// Content types the simulated chat produces or accepts, as chatjs 5.0.0 names them.
pub mod content_type {
    pub const TEXT_PLAIN: &str = "text/plain";
    pub const TEXT_MARKDOWN: &str = "text/markdown";
    pub const APPLICATION_JSON: &str = "application/json";
    pub const INTERACTIVE_RESPONSE: &str =
        "application/vnd.amazonaws.connect.message.interactive.response";
    pub const PARTICIPANT_JOINED: &str =
        "application/vnd.amazonaws.connect.event.participant.joined";
    pub const PARTICIPANT_LEFT: &str = "application/vnd.amazonaws.connect.event.participant.left";
    pub const CHAT_ENDED: &str = "application/vnd.amazonaws.connect.event.chat.ended";
    pub const TYPING: &str = "application/vnd.amazonaws.connect.event.typing";
    pub const CONNECTION_ACKNOWLEDGED: &str =
        "application/vnd.amazonaws.connect.event.connection.acknowledged";
    pub const MESSAGE_DELIVERED: &str = "application/vnd.amazonaws.connect.event.message.delivered";
    pub const MESSAGE_READ: &str = "application/vnd.amazonaws.connect.event.message.read";
}

/// `Type` of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemType {
    Message,
    Event,
}

impl ItemType {
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Message => "MESSAGE",
            Self::Event => "EVENT",
        }
    }
}

/// `ParticipantRole` of an item's sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    Customer,
}

impl Role {
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Agent => "AGENT",
            Self::Customer => "CUSTOMER",
        }
    }
}

/// Who an item is from. `chat.ended` is from nobody in particular.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub participant_id: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    /// Simulated seconds, on the queue's clock.
    pub at: f64,
    pub item_type: ItemType,
    pub content_type: &'static str,
    /// Present on messages; events carry none.
    pub content: Option<String>,
    pub sender: Option<Sender>,
    /// Both the chat's contact and its initial contact: the simulator never transfers a chat,
    /// so they are the same, and chatjs drops items whose IDs do not match its session.
    pub contact_id: String,
}

impl Item {
    pub fn is_message(&self) -> bool {
        self.item_type == ItemType::Message
    }
}

/// A fresh item ID, shaped like Connect's (a UUID).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
