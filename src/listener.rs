//! Event listeners that remove themselves when dropped.
//!
//! Hand-written rather than gloo-events for the same reason as `timer.rs`: gloo links `std`.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget};

use crate::bindings;

pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Listens for `kind` on `target`. Not passive, so the callback may `preventDefault()`.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        bindings::target(target).add_event_listener(kind, callback.as_ref().unchecked_ref());
        Self {
            target: target.clone(),
            kind,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        bindings::target(&self.target)
            .remove_event_listener(self.kind, self.callback.as_ref().unchecked_ref());
    }
}
