//! Answers as a stream: whether the next request asks the proxy for Server-Sent Events, and when
//! the widget gives a stream up for polling. The shell reads the bytes and splits the events;
//! each event is an answer like a poll's, and the session handles it as one.

/// A stream answered `200 text/event-stream` that has delivered no event after this long is
/// aborted, and the widget polls for the rest of its mount: the proxy sends its first event at
/// once, so something between them (a buffering proxy) holds the events back.
pub const FIRST_EVENT_MS: u32 = 5_000;

/// A stream from which nothing at all arrives for this long, not even a keep-alive comment
/// (the proxy sends one at least every 15 s), is aborted and the widget polls again.
pub const SILENCE_MS: u32 = 45_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stream {
    /// The next request asks for a stream.
    #[default]
    Ask,
    /// A stream is being read; `heard` once an event has come.
    Open { heard: bool },
    /// A stream delivered no event in time: every request from now on is a poll.
    Never,
}

impl Stream {
    // `matches!` rather than `==` here: the derived comparison of a variant with data is a
    // function of its own in the shipped wasm.
    pub fn asks(self) -> bool {
        matches!(self, Self::Ask)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Open { .. })
    }

    /// The answer to a request: `stream` when it is one. Only a request that asked takes a
    /// stream; returns how long to wait for its first event.
    pub fn opened(&mut self, stream: bool) -> Option<u32> {
        if !(stream && self.asks()) {
            return None;
        }
        *self = Self::Open { heard: false };
        Some(FIRST_EVENT_MS)
    }

    /// An event came: how long the shell waits for more bytes before it gives up.
    pub fn heard(&mut self) -> u32 {
        *self = Self::Open { heard: true };
        SILENCE_MS
    }

    /// The stream is over: it ended, broke, or (`silent`) the shell's wait ran out. Returns true
    /// when it never delivered an event in time: polling from now on, the first poll at once.
    pub fn ended(&mut self, silent: bool) -> bool {
        let never = silent && matches!(self, Self::Open { heard: false });
        *self = if never { Self::Never } else { Self::Ask };
        never
    }

    /// Closed by the widget (the wait is over, or it follows a callback now); a stream given up
    /// for good stays given up.
    pub fn close(&mut self) {
        if self.is_open() {
            *self = Self::Ask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_request_that_asked_takes_a_stream() {
        let mut stream = Stream::default();
        assert!(stream.asks());
        assert_eq!(stream.opened(false), None, "a JSON answer");
        assert!(stream.asks(), "the next request asks again");
        assert_eq!(stream.opened(true), Some(FIRST_EVENT_MS));
        assert!(stream.is_open() && !stream.asks());
        assert_eq!(stream.opened(true), None, "one stream at a time");
    }

    #[test]
    fn silence_before_any_event_gives_streams_up_for_good() {
        let mut stream = Stream::default();
        stream.opened(true);
        assert!(stream.ended(true));
        assert_eq!(stream, Stream::Never);
        assert_eq!(stream.opened(true), None);
        stream.close();
        assert_eq!(stream, Stream::Never);
    }

    #[test]
    fn a_stream_that_delivered_or_ended_is_asked_for_again() {
        let mut stream = Stream::default();
        stream.opened(true);
        assert_eq!(stream.heard(), SILENCE_MS);
        assert!(!stream.ended(true), "silent after an event");
        assert!(stream.asks());
        stream.opened(true);
        assert!(!stream.ended(false), "ended before any event");
        assert!(stream.asks());
        stream.opened(true);
        stream.close();
        assert!(stream.asks());
    }
}
