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
use crate::source::{ChatStart, ConnectSource, SourceError, StartedChat};
use crate::store::Store;

/// The flow a chat starts in with the embedded simulator, which runs no flows (any ID would do).
pub const SIMULATED_CHAT_FLOW_ID: &str = "00000000-0000-4000-8000-0000000000c7";
/// Connect's bounds for a participant's display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 256;
/// Attributes are for routing and the agent's screen; more than this is a misuse.
pub const MAX_ATTRIBUTES: usize = 32;
pub const MAX_ATTRIBUTE_CHARS: usize = 1024;

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
            token_ttl: Duration::from_secs(86_400),
        }
    }
}

/// Why no chat was started. The refusals are the client's, in words for the 400's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatError {
    Refused(&'static str),
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
pub struct Chats {
    connect: ConnectSource,
    config: Arc<ChatConfig>,
    /// `StartChatContact`'s quota, calls per second and burst.
    quota: (f64, u32),
    budget: Arc<OperationBudgets>,
}

impl Chats {
    /// `rate` and `burst`: `StartChatContact`'s quota (`--connect-rate`, `--connect-burst`).
    pub fn new(connect: ConnectSource, config: ChatConfig, rate: f64, burst: u32) -> Self {
        Self {
            connect,
            config: Arc::new(config),
            quota: (rate, burst),
            budget: Arc::new(OperationBudgets::new(rate, burst, budget::now())),
        }
    }

    /// The same, spending `StartChatContact`'s budget through `store`.
    #[must_use]
    pub fn with_store(&self, store: Store) -> Self {
        let (rate, burst) = self.quota;
        Self {
            budget: Arc::new(OperationBudgets::new(rate, burst, budget::now()).with_store(store)),
            ..self.clone()
        }
    }

    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    /// The same Connect and budget with another configuration.
    #[must_use]
    pub fn with_config(&self, config: ChatConfig) -> Self {
        Self {
            config: Arc::new(config),
            ..self.clone()
        }
    }

    /// Checks what the page sent, then starts the chat.
    pub async fn start(
        &self,
        display_name: &str,
        attributes: Vec<(String, String)>,
    ) -> Result<StartedChat, ChatError> {
        let display_name = display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
            return Err(ChatError::Refused(
                "displayName must be 1 to 256 characters",
            ));
        }
        if attributes.len() > MAX_ATTRIBUTES {
            return Err(ChatError::Refused("at most 32 attributes"));
        }
        for (name, value) in &attributes {
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
        let client_token = uuid::Uuid::new_v4().to_string();
        let chat = ChatStart {
            flow_id: &self.config.flow_id,
            display_name,
            attributes: &attributes,
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
