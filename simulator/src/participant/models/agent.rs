//! What the simulated agent says, and how long it takes to say it. The queue decides when an
//! agent takes a chat and when the chat ends (its handle time); this is only the agent's side of
//! the conversation in between.

/// The name chatjs shows beside the agent's messages.
pub const DISPLAY_NAME: &str = "Sam (simulated agent)";

/// Simulated seconds from joining to the greeting: a person reading the chat so far.
pub const GREETING_DELAY: f64 = 3.0;

/// Simulated seconds from a customer's message to the agent's answer.
pub const REPLY_DELAY: f64 = 4.0;

/// The agent answers this many messages, then lets the customer type until the chat ends.
pub const REPLIES: [&str; 3] = [
    "Thanks, let me look into that for you.",
    "I see. One moment while I check.",
    "That's sorted now. Is there anything else I can help with?",
];

pub fn greeting(customer: &str) -> String {
    format!("Hello {customer}, thank you for waiting. I'm Sam; how can I help?")
}
