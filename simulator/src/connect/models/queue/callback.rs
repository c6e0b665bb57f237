//! Queued callbacks as Connect runs them: the customer of a contact waiting in queue asks to be
//! called back; a callback contact is created at once and the original leaves the queue; the
//! callback enters the callback queue after the initial delay, and an agent who accepts it hears
//! a whisper before the customer is dialed (`connect`, beside the dispatch).

use super::events::ContactEventKind as Step;
use super::{Contact, ContactRecord, Initiation, Queue, Stage};

/// Why a callback could not be created for a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackRefused {
    UnknownContact,
    /// Only a contact still waiting in queue can leave it for a callback.
    NotInQueue,
}

impl Queue {
    /// The customer of `contact`, still waiting in queue, asks to be called back at `number`:
    /// a callback contact is created now and `contact` leaves the queue (the flow disconnects
    /// it). The callback enters the center's callback queue after the initial delay. Asking
    /// again returns the same callback.
    pub fn request_callback(
        &mut self,
        contact: &str,
        number: &str,
    ) -> Result<String, CallbackRefused> {
        let leaving = self
            .contacts
            .get_mut(contact)
            .ok_or(CallbackRefused::UnknownContact)?;
        if let Some(existing) = &leaving.record.next {
            return Ok(existing.clone());
        }
        let Stage::Queued(_) = leaving.stage else {
            return Err(CallbackRefused::NotInQueue);
        };
        let id = self.rng.uuid();
        leaving.record.next = Some(id.clone());
        self.end_waiting(contact);
        let mut callback = ContactRecord::new(
            id.clone(),
            Initiation::Callback,
            self.center.callback_queue(),
            self.now,
        );
        callback.previous = Some(contact.to_owned());
        callback.customer_number = Some(number.to_owned());
        self.contacts
            .insert(id.clone(), Contact::new(callback, Stage::Scheduled));
        self.emit(&id, Step::Initiated);
        self.scheduled
            .push((self.now + self.config.callback_delay_seconds, id.clone()));
        // Leaving the queue moves everyone behind up; a free agent may take the next one.
        self.dispatch();
        Ok(id)
    }
}
