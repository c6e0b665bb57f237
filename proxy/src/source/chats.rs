//! `StartChatContact`: a chat contact in the configured flow, for a customer's display name.

use super::{ConnectClient, Echo, SourceError, classify};
use aws_sdk_connect::types::{ChatMessage, ParticipantDetails};

/// What `StartChatContact` is asked.
#[derive(Debug, Clone)]
pub struct ChatStart<'a> {
    pub flow_id: &'a str,
    pub display_name: &'a str,
    pub attributes: &'a [(String, String)],
    /// The customer's first message: its content type and content.
    pub initial_message: Option<(&'a str, &'a str)>,
    /// The content types the customer's chat client displays.
    pub content_types: &'a [String],
    pub duration_minutes: Option<i32>,
    /// A fresh one per request: a retry of the same call starts no second chat.
    pub client_token: &'a str,
}

/// `StartChatContact`'s answer: what the customer's chat client connects with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedChat {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
}

impl ConnectClient {
    pub async fn start_chat_contact(
        &self,
        chat: &ChatStart<'_>,
    ) -> Result<StartedChat, SourceError> {
        let participant = ParticipantDetails::builder()
            .display_name(chat.display_name)
            .build()
            .map_err(|e| SourceError::Internal(e.to_string()))?;
        let mut request = self
            .client
            .start_chat_contact()
            .instance_id(&self.instance_id)
            .contact_flow_id(chat.flow_id)
            .participant_details(participant)
            .client_token(chat.client_token);
        for (name, value) in chat.attributes {
            request = request.attributes(name, value);
        }
        if let Some((content_type, content)) = chat.initial_message {
            let message = ChatMessage::builder()
                .content_type(content_type)
                .content(content)
                .build()
                .map_err(|e| SourceError::Internal(e.to_string()))?;
            request = request.initial_message(message);
        }
        for content_type in chat.content_types {
            request = request.supported_messaging_content_types(content_type);
        }
        if let Some(minutes) = chat.duration_minutes {
            request = request.chat_duration_in_minutes(minutes);
        }
        // A display name is personal data: Connect's message about it stays out of the log.
        let output = request
            .send()
            .await
            .map_err(|error| classify(error, Echo::CodeOnly))?;
        let missing =
            |what: &str| SourceError::Internal(format!("StartChatContact answered no {what}"));
        Ok(StartedChat {
            contact_id: output.contact_id.ok_or_else(|| missing("ContactId"))?,
            participant_id: output
                .participant_id
                .ok_or_else(|| missing("ParticipantId"))?,
            participant_token: output
                .participant_token
                .ok_or_else(|| missing("ParticipantToken"))?,
        })
    }
}
