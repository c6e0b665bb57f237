//! The events the page gets, as `{ type, detail }` objects the shell dispatches on the element
//! (bubbling, composed `CustomEvent`s). Their names and details are the package's contract,
//! typed in `src/js/element.d.ts`.

use waitline_core::Notice;
use waitline_core::offers::OfferKind;
use wasm_bindgen::JsValue;

use crate::js;

/// An offer's name in events (`waitline:callback`), parts and classes.
pub fn offer_kind(kind: OfferKind) -> &'static str {
    match kind {
        OfferKind::Callback => "callback",
        OfferKind::SelfService => "self-service",
        OfferKind::Notify => "notify",
    }
}

pub fn notice(notice: &Notice) -> js_sys::Object {
    let (name, detail) = match notice {
        Notice::Update {
            position,
            ewt_seconds,
            stale,
        } => (
            "waitline:update",
            js::object(&[
                ("position", JsValue::from(*position)),
                (
                    "ewtSeconds",
                    ewt_seconds.map_or(JsValue::NULL, JsValue::from),
                ),
                ("stale", JsValue::from(*stale)),
            ]),
        ),
        Notice::Offer(kind) => (
            "waitline:offer",
            js::object(&[("kind", JsValue::from_str(offer_kind(*kind)))]),
        ),
        Notice::Connecting => ("waitline:connecting", js::object(&[])),
        Notice::CallbackRequested {
            contact_id,
            phone_number,
        } => (
            "waitline:callback-requested",
            js::object(&[
                ("contactId", JsValue::from_str(contact_id)),
                ("phoneNumber", JsValue::from_str(phone_number)),
            ]),
        ),
        Notice::CallbackState {
            state,
            position,
            ewt_seconds,
            starts_in_seconds,
        } => (
            "waitline:callback-state",
            js::object(&[
                ("state", JsValue::from_str(state.name())),
                ("position", position.map_or(JsValue::NULL, JsValue::from)),
                (
                    "ewtSeconds",
                    ewt_seconds.map_or(JsValue::NULL, JsValue::from),
                ),
                (
                    "startsInSeconds",
                    starts_in_seconds.map_or(JsValue::NULL, JsValue::from),
                ),
            ]),
        ),
        Notice::Error {
            code,
            message,
            retrying,
        } => (
            "waitline:error",
            js::object(&[
                ("code", JsValue::from_str(code)),
                ("message", JsValue::from_str(message)),
                ("retrying", JsValue::from(*retrying)),
            ]),
        ),
    };
    js::object(&[("type", name.into()), ("detail", detail.into())])
}
