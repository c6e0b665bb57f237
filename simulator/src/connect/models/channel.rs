//! The channels a contact travels on: a leaf, so the center's layout and the contacts' records
//! both name them without naming each other.

/// The medium a contact travels on, as Connect's `Channel` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Voice,
    Chat,
    Task,
}

impl Channel {
    /// Every channel, in the order Connect's documentation lists them.
    pub const ALL: [Self; 3] = [Self::Voice, Self::Chat, Self::Task];

    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Voice => "VOICE",
            Self::Chat => "CHAT",
            Self::Task => "TASK",
        }
    }

    /// The channel Connect's wire names `name`, if any.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|channel| channel.wire_name() == name)
    }

    /// Its place in [`Self::ALL`], for tables indexed by channel.
    pub fn index(self) -> usize {
        match self {
            Self::Voice => 0,
            Self::Chat => 1,
            Self::Task => 2,
        }
    }
}
