//! `POST /v1/chats`'s flags.

use std::time::Duration;

use clap::Args;

use super::parse::{flow_id, token_ttl};
use crate::chat::ChatConfig;

/// `POST /v1/chats`.
#[derive(Debug, Clone, Args)]
pub struct ChatArgs {
    /// The ID of the flow a chat starts in (what the start-chat Lambda of AWS's examples passes
    /// as ContactFlowId). Turns `POST /v1/chats` on with Amazon Connect; the simulator runs no
    /// flows and takes chats without it.
    #[arg(
        long = "chat-flow-id",
        env = "WAITLINE_CHAT_FLOW_ID",
        requires = "instance_id",
        value_parser = flow_id
    )]
    pub chat_flow_id: Option<String>,
    /// Contact attribute names a page may set on a chat (`attributes` in the request); any
    /// other is refused. Comma-separated in the environment. None unless listed.
    #[arg(
        long = "chat-attributes",
        env = "WAITLINE_CHAT_ATTRIBUTES",
        value_delimiter = ','
    )]
    pub chat_attributes: Vec<String>,
    /// Lifetime of the waitline token a chat's answer carries, in seconds (60 to 604800;
    /// default 86400, or `--token-max-lifetime` if shorter).
    #[arg(long = "chat-token-ttl", env = "WAITLINE_CHAT_TOKEN_TTL", value_parser = clap::value_parser!(u64).range(60..=604_800))]
    pub chat_token_ttl: Option<u64>,
}

impl ChatArgs {
    /// What `POST /v1/chats` runs with: `None` (off) with Amazon Connect and no flow. Tokens
    /// live at most `max_lifetime` seconds.
    pub fn config(
        &self,
        amazon_connect: bool,
        max_lifetime: u64,
    ) -> Result<Option<ChatConfig>, String> {
        let mut config = ChatConfig::simulated();
        match (&self.chat_flow_id, amazon_connect) {
            (Some(flow_id), _) => config.flow_id.clone_from(flow_id),
            (None, true) => return Ok(None),
            (None, false) => {}
        }
        config.allowed_attributes = self
            .chat_attributes
            .iter()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect();
        let ttl = token_ttl(
            "--chat-token-ttl",
            self.chat_token_ttl,
            crate::chat::DEFAULT_TOKEN_TTL_SECONDS,
            max_lifetime,
        )?;
        config.token_ttl = Duration::from_secs(ttl);
        Ok(Some(config))
    }
}
