//! A session's [`Frame`] as the plain object the shell applies as it is.

use js_sys::{Array, Object};
use waitline_core::Frame;
use waitline_core::session::Schedule;
use wasm_bindgen::prelude::*;

use crate::bindings;
use crate::events;
use crate::js;

// The shell's side of the protocol, in the declarations wasm-bindgen writes beside the glue
// (`waitline_wasm.d.ts`): `src/js/view.js` reads each object by these types, and the Vite
// consumer test type-checks it against them. Written here, beside the code that makes the
// objects, so a member added to one is added to the other in the same change.
#[wasm_bindgen(typescript_custom_section)]
const PROTOCOL: &'static str = r#"
/** What the widget returns for each thing that happens: what to show, say and dispatch, and when to poll. Absent members are undefined. */
export interface Frame {
  /** The container's data-state. */
  state: string;
  headline: string;
  detail?: string;
  note?: string;
  /** The offers shown. */
  offers: { kind: string; prompt?: string; action: string }[];
  /** The callback form, when it is open. */
  form?: { label: string; confirm: string; cancel: string; error?: string; sending: boolean };
  /** What the live region says now. */
  announce?: string;
  /** To dispatch on the element. */
  events: { type: string; detail: object }[];
  /** Milliseconds until the next poll; none: no poll is due. */
  poll?: number;
  /** Whether the countdown needs a tick a second. */
  ticking: boolean;
  /** Milliseconds a stream may stay silent before it counts as failed. */
  watch?: number;
  /** The page's title while it is hidden, {title} standing for its own. */
  title?: string;
  /** The one notification to show now. */
  notification?: string;
  /** From tick: what becomes of the armed poll. */
  schedule?: 'keep' | 'cancel' | 'poll';
  /** From requested: the callback to remember for a reload. */
  store?: string;
  /** From submit: the callback request to POST. */
  send?: { url: string; token?: string; body: string };
}

/** What the shell needs before the first frame. */
export interface Setup {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** The language pack to load now. */
  pack?: string;
  timeout: number;
  offers: { kind: string; url?: string }[];
  storageKey: string;
}

/** What to request now. */
export interface Target {
  url: string;
  token?: string;
  stream: boolean;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A frame's object (`frame_object`), typed `Frame` in the declarations.
    #[wasm_bindgen(typescript_type = "Frame")]
    pub type FrameObject;
    /// `Widget::setup`'s object, typed `Setup`.
    #[wasm_bindgen(typescript_type = "Setup")]
    pub type SetupObject;
    /// `Widget::target`'s object, typed `Target`.
    #[wasm_bindgen(typescript_type = "Target")]
    pub type TargetObject;
}

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
