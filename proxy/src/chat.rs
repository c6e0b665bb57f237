//! Chats started through the proxy: a site replaces the start-chat Lambda it deployed from AWS's
//! examples with `POST /v1/chats`, and the page gets, beside what its chat client connects with,
//! a waitline token for the chat's contact, so the wait can be shown while an agent is found.
//!
//! `StartChatContact` has a quota of its own in the account; the proxy spends it from its
//! operation's budget, as callbacks spend theirs: it waits up to 2 s for a call, then answers 503
//! with `Retry-After` rather than exceed it (429 while the shared store is away).

use std::sync::Arc;
use std::time::Duration;

use crate::budget;
use crate::budget::operations::{MAX_WAIT, Operation, OperationBudgets};
use crate::clients::Allowance;
use crate::source::{ChatStart, ConnectClient, SourceError, StartedChat};

/// The flow a chat starts in with the embedded simulator, which runs no flows (any ID would do).
pub const SIMULATED_CHAT_FLOW_ID: &str = "00000000-0000-4000-8000-0000000000c7";
/// How long the waitline token a chat's answer carries lasts, unless configured.
pub const DEFAULT_TOKEN_TTL_SECONDS: u64 = 86_400;
/// Connect's bounds for a participant's display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 256;
/// Attributes are for routing and the agent's screen; more than this is a misuse.
pub const MAX_ATTRIBUTES: usize = 32;
pub const MAX_ATTRIBUTE_CHARS: usize = 1024;
/// Connect's bounds for a chat's first message and its duration.
pub const MAX_INITIAL_MESSAGE_CHARS: usize = 1024;
pub const CHAT_MINUTES: std::ops::RangeInclusive<i32> = 60..=10_080;
/// The content types a customer's chat client may say it displays (StartChatContact's list).
pub const CONTENT_TYPES: [&str; 5] = [
    "text/plain",
    "text/markdown",
    "application/json",
    "application/vnd.amazonaws.connect.message.interactive",
    "application/vnd.amazonaws.connect.message.interactive.response",
];

/// A chat a page asks for, in either shape the route takes.
#[derive(Default)]
pub struct NewChat {
    pub display_name: String,
    /// The page's attributes: only those `--chat-attributes` allows.
    pub attributes: Vec<(String, String)>,
    /// The proxy's own attribute set to the display name (as AWS's start-chat Lambda sets
    /// `customerName`), unless the page set it.
    pub name_attribute: Option<&'static str>,
    /// Content type and content.
    pub initial_message: Option<(String, String)>,
    pub content_types: Vec<String>,
    pub duration_minutes: Option<i32>,
}

impl std::fmt::Debug for NewChat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A customer's name and first message are personal data.
        f.debug_struct("NewChat")
            .field("attributes", &self.attributes.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatConfig {
    pub flow_id: String,
    /// The only attribute names a page may set; others are refused.
    pub allowed_attributes: Vec<String>,
    /// How long the waitline token for the chat's contact lasts.
    pub token_ttl: Duration,
}

impl ChatConfig {
    pub fn simulated() -> Self {
        Self {
            flow_id: SIMULATED_CHAT_FLOW_ID.to_owned(),
            allowed_attributes: Vec::new(),
            token_ttl: Duration::from_secs(DEFAULT_TOKEN_TTL_SECONDS),
        }
    }
}

/// Why no chat was started. The refusals are the client's, in words for the 400's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatError {
    Refused(&'static str),
    /// The client has started as many contacts as it may for now, or spent its share of
    /// `StartChatContact`: nothing was called.
    ClientLimited {
        retry_after: Duration,
    },
    /// No `StartChatContact` call left now: nothing was called.
    BudgetSpent {
        retry_after: Duration,
    },
    /// The same while the shared store is unreachable, on this replica's share of the budget:
    /// a 429, since nothing failed but the pace (the store never brings a browser a 5xx).
    Throttled {
        retry_after: Duration,
    },
    /// Logged, never sent.
    Internal(String),
}

/// Cheap to clone; clones share the budget.
#[derive(Debug, Clone)]
pub struct ChatStarter {
    connect: ConnectClient,
    config: Arc<ChatConfig>,
    /// The account's operation budgets, shared with everything else that calls Connect.
    budget: Arc<OperationBudgets>,
}

impl ChatStarter {
    pub fn new(
        connect: ConnectClient,
        config: ChatConfig,
        operations: Arc<OperationBudgets>,
    ) -> Self {
        Self {
            connect,
            config: Arc::new(config),
            budget: operations,
        }
    }

    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    /// The instance chats start in (an ID or an ARN, as configured).
    pub fn instance_id(&self) -> &str {
        self.connect.instance_id()
    }

    /// Checks what the page sent, then starts the chat, if the client may start one.
    pub async fn start(
        &self,
        chat: &NewChat,
        allowance: &Allowance,
    ) -> Result<StartedChat, ChatError> {
        let display_name = chat.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
            return Err(ChatError::Refused(
                "displayName must be 1 to 256 characters",
            ));
        }
        let attributes = &chat.attributes;
        if attributes.len() > MAX_ATTRIBUTES {
            return Err(ChatError::Refused("at most 32 attributes"));
        }
        for (name, value) in attributes {
            if !self.config.allowed_attributes.contains(name) {
                return Err(ChatError::Refused(
                    "an attribute this proxy does not allow (--chat-attributes)",
                ));
            }
            if value.chars().count() > MAX_ATTRIBUTE_CHARS {
                return Err(ChatError::Refused(
                    "an attribute value over 1024 characters",
                ));
            }
        }
        if let Some((content_type, content)) = &chat.initial_message
            && (!matches!(content_type.as_str(), "text/plain" | "text/markdown")
                || content.trim().is_empty()
                || content.chars().count() > MAX_INITIAL_MESSAGE_CHARS)
        {
            return Err(ChatError::Refused(
                "InitialMessage must be text/plain or text/markdown, 1 to 1024 characters",
            ));
        }
        if chat.content_types.len() > CONTENT_TYPES.len()
            || chat
                .content_types
                .iter()
                .any(|t| !CONTENT_TYPES.contains(&t.as_str()))
        {
            return Err(ChatError::Refused(
                "SupportedMessagingContentTypes lists a type StartChatContact does not know",
            ));
        }
        if chat
            .duration_minutes
            .is_some_and(|minutes| !CHAT_MINUTES.contains(&minutes))
        {
            return Err(ChatError::Refused(
                "ChatDurationInMinutes must be 60 to 10080",
            ));
        }
        let limited = |retry_after: Duration| ChatError::ClientLimited {
            retry_after: retry_after.max(Duration::from_secs(1)),
        };
        allowance.creation().map_err(limited)?;
        allowance
            .share(&[Operation::StartChatContact])
            .map_err(limited)?;
        self.budget
            .take(&[Operation::StartChatContact], MAX_WAIT)
            .await
            .map_err(|spent| {
                let retry_after = spent.retry_after.max(Duration::from_secs(1));
                if spent.degraded {
                    ChatError::Throttled { retry_after }
                } else {
                    ChatError::BudgetSpent { retry_after }
                }
            })?;
        let mut attributes = attributes.clone();
        if let Some(name) = chat.name_attribute
            && !attributes.iter().any(|(set, _)| set == name)
        {
            attributes.push((name.to_owned(), display_name.to_owned()));
        }
        let client_token = uuid::Uuid::new_v4().to_string();
        let chat = ChatStart {
            flow_id: &self.config.flow_id,
            display_name,
            attributes: &attributes,
            initial_message: chat
                .initial_message
                .as_ref()
                .map(|(content_type, content)| (content_type.as_str(), content.as_str())),
            content_types: &chat.content_types,
            duration_minutes: chat.duration_minutes,
            client_token: &client_token,
        };
        self.connect
            .start_chat_contact(&chat)
            .await
            .map_err(|error| match error {
                SourceError::Throttled => {
                    self.budget
                        .throttled(Operation::StartChatContact, budget::now());
                    ChatError::BudgetSpent {
                        retry_after: Duration::from_secs(1),
                    }
                }
                SourceError::Invalid => ChatError::Refused("Connect refused the chat's parameters"),
                SourceError::NotFound => ChatError::Internal(
                    "StartChatContact: the instance or flow was not found".into(),
                ),
                SourceError::Internal(detail) => ChatError::Internal(detail),
            })
    }
}
