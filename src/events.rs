//! DOM events for the host page: bubbling, composed `CustomEvent`s on the element.

use crate::js;
use waitline_core::Notice;
use waitline_core::offers::OfferKind;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::bindings;

pub fn offer_kind(kind: OfferKind) -> &'static str {
    match kind {
        OfferKind::Callback => "callback",
        OfferKind::SelfService => "self-service",
    }
}

/// Dispatches `name` with `detail`; returns false when a listener called `preventDefault()`.
pub fn dispatch(
    host: &HtmlElement,
    name: &str,
    detail: &[(&str, JsValue)],
    cancelable: bool,
) -> bool {
    // A plain object rather than CustomEventInit's setters: one import instead of four.
    let init = js::object(&[
        ("bubbles", JsValue::TRUE),
        ("composed", JsValue::TRUE),
        ("cancelable", JsValue::from(cancelable)),
        ("detail", js::object(detail).into()),
    ]);
    bindings::target(host).dispatch_event(&bindings::CustomEvent::new(name, &init))
}

pub fn notify(host: &HtmlElement, notice: &Notice) {
    match notice {
        Notice::Update {
            position,
            ewt_seconds,
            stale,
        } => dispatch(
            host,
            "waitline:update",
            &[
                ("position", JsValue::from(*position)),
                (
                    "ewtSeconds",
                    ewt_seconds.map_or(JsValue::NULL, JsValue::from),
                ),
                ("stale", JsValue::from(*stale)),
            ],
            false,
        ),
        Notice::Offer(kind) => dispatch(
            host,
            "waitline:offer",
            &[("kind", JsValue::from_str(offer_kind(*kind)))],
            false,
        ),
        Notice::Connecting => dispatch(host, "waitline:connecting", &[], false),
        Notice::Error {
            code,
            message,
            retrying,
        } => dispatch(
            host,
            "waitline:error",
            &[
                ("code", JsValue::from_str(code)),
                ("message", JsValue::from_str(message)),
                ("retrying", JsValue::from(*retrying)),
            ],
            false,
        ),
    };
}
