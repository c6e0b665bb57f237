//! A session's [`Frame`] as the plain object the shell applies as it is.

use js_sys::{Array, Object};
use waitline_core::Frame;
use waitline_core::session::Schedule;
use wasm_bindgen::JsValue;

use crate::bindings;
use crate::events;
use crate::js;

/// `{ state, headline, detail, note, offers: [{ kind, prompt, action }], announce, events:
/// [{ type, detail }], poll, ticking, form, watch, title, notification }`; absent texts, `poll`
/// (stop polling, or after an event that schedules nothing: unchanged) and `watch` (no stream
/// to keep reading) are `undefined`.
pub fn frame_object(frame: &Frame) -> Object {
    let Frame { view, effects } = frame;
    let offers = Array::new();
    for offer in &view.offers {
        offers.push(&js::object(&[
            ("kind", events::offer_kind(offer.kind).into()),
            ("prompt", js::text(offer.prompt.as_deref())),
            ("action", offer.action.as_str().into()),
        ]));
    }
    let notices = Array::new();
    for notice in &effects.notices {
        notices.push(&events::notice(notice));
    }
    let form = view.form.as_ref().map_or(JsValue::UNDEFINED, |form| {
        js::object(&[
            ("label", form.label.as_str().into()),
            ("confirm", form.confirm.as_str().into()),
            ("cancel", form.cancel.as_str().into()),
            ("error", js::text(form.error.as_deref())),
            ("sending", form.sending.into()),
        ])
        .into()
    });
    js::object(&[
        ("state", view.state.into()),
        ("headline", view.text.headline.as_str().into()),
        ("detail", js::text(view.text.detail.as_deref())),
        ("note", js::text(view.text.note.as_deref())),
        ("offers", offers.into()),
        ("announce", js::text(effects.announcement.as_deref())),
        ("events", notices.into()),
        (
            "poll",
            effects
                .next_poll_ms
                .map_or(JsValue::UNDEFINED, JsValue::from),
        ),
        ("ticking", view.ticking.into()),
        ("form", form),
        (
            "watch",
            effects.watch.map_or(JsValue::UNDEFINED, JsValue::from),
        ),
        ("title", js::text(view.title.as_deref())),
        ("notification", js::text(effects.notification.as_deref())),
    ])
}

/// The frame of a `tick`, with what to do with the poll timer: `keep` it, `cancel` it
/// (paused), or `poll` now (back).
pub fn with_schedule(frame: Frame, schedule: Schedule) -> Object {
    let object = frame_object(&frame);
    let schedule = match schedule {
        Schedule::Keep => "keep",
        Schedule::Cancel => "cancel",
        Schedule::PollNow => "poll",
    };
    bindings::set_member(&object, "schedule", &schedule.into());
    object
}
