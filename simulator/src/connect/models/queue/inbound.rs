//! Contacts that call in: those started through the API (`join` and its variants: a demo's
//! contact, a chat), in the default queue or a named one, on any channel; and background
//! callers (the initial queue and Poisson arrivals), spread over the queues by the center's
//! arrival shares, each with a patience of its own.

use super::events::ContactEventKind as Step;
use super::{Channel, Contact, ContactRecord, Initiation, Queue, QueueRef, Stage, UnknownQueue};

impl Queue {
    /// A new voice contact in the default queue: it goes through its flow, if the center has
    /// one, then joins the back of the queue. Returns its ID.
    pub fn join(&mut self) -> String {
        self.start_inbound(self.center.default_queue(), Channel::Voice)
    }

    /// As [`Self::join`], on `channel` (a chat is `Channel::Chat`).
    pub fn join_channel(&mut self, channel: Channel) -> String {
        self.start_inbound(self.center.default_queue(), channel)
    }

    /// As [`Self::join`], in the queue named `queue`, on `channel`.
    pub fn join_queue(&mut self, queue: &str, channel: Channel) -> Result<String, UnknownQueue> {
        let queue = self
            .center
            .find(queue)
            .ok_or_else(|| UnknownQueue(queue.to_owned()))?;
        Ok(self.start_inbound(queue, channel))
    }

    fn start_inbound(&mut self, queue: QueueRef, channel: Channel) -> String {
        let id = self.rng.uuid();
        let mut record = self.inbound(&id, queue);
        record.channel = channel;
        // In its flow until it enters the queue: later, or at once without a flow.
        self.contacts
            .insert(id.clone(), Contact::new(record, Stage::InFlow));
        self.emit(&id, Step::Initiated);
        self.emit(&id, Step::ConnectedToSystem);
        if self.config.flow_seconds > 0.0 {
            self.scheduled
                .push((self.now + self.config.flow_seconds, id.clone()));
        } else {
            self.enter_queue(&id);
            self.dispatch();
        }
        id
    }

    /// The record of an inbound voice contact `id` that starts now in `queue`, connected to
    /// the system at once.
    pub(super) fn inbound(&self, id: &str, queue: QueueRef) -> ContactRecord {
        let mut record = ContactRecord::new(id.to_owned(), Initiation::Inbound, queue, self.now);
        record.connected_to_system = Some(self.now);
        record
    }

    /// A background caller (the initial queue, an arrival) joins the back of a queue the
    /// center's arrival shares pick, with a record like any contact's and a patience of its own.
    pub(super) fn enqueue_caller(&mut self) {
        let (queue, channel) = self.arrival_share();
        let id = self.patience.caller_id();
        let mut record = self.inbound(&id, queue);
        record.channel = channel;
        self.contacts
            .insert(id.clone(), Contact::new(record, Stage::InFlow));
        self.emit(&id, Step::Initiated);
        self.emit(&id, Step::ConnectedToSystem);
        self.enter_queue(&id);
        if let Some(Stage::Queued(key)) = self.contacts.get(&id).map(|contact| contact.stage) {
            self.patience.start(key.seq, id, self.now);
        }
    }

    /// Where the next background caller goes: the only share without a draw, else by weight.
    fn arrival_share(&mut self) -> (QueueRef, Channel) {
        let shares = self.center.arrivals();
        let pick = if shares.len() <= 1 {
            0
        } else {
            let total: f64 = shares.iter().map(|share| share.weight).sum();
            let mut left = self.mix.next_f64() * total;
            shares
                .iter()
                .position(|share| {
                    left -= share.weight;
                    left < 0.0
                })
                .unwrap_or(shares.len() - 1)
        };
        shares
            .get(pick)
            .map_or((self.center.default_queue(), Channel::Voice), |share| {
                (share.queue, share.channel)
            })
    }

    /// A caller whose patience ran out hangs up, if still waiting where it queued (`seq`): it
    /// leaves the queue from wherever it is and its contact ends with no agent. One with an
    /// agent, or gone already, is left as it is.
    pub(super) fn abandon(&mut self, seq: u64, id: &str) {
        let waiting = self
            .contacts
            .get(id)
            .is_some_and(|contact| matches!(contact.stage, Stage::Queued(key) if key.seq == seq));
        if waiting {
            self.end_waiting(id);
        }
    }
}
