//! The browser side of "Call me back": the proxy's answer to the request, and the callback a
//! tab remembers across a reload (in `sessionStorage`, which the shell keeps).

use waitline_core::bytes;
use waitline_core::callback::Requested;
use waitline_core::concat::concat;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Response;

use crate::fetch::string;
use crate::prelude::*;

/// A callback being followed: enough to go on after a reload.
pub struct Remembered {
    pub contact_id: String,
    pub token: String,
    pub phone_number: String,
}

/// `POST …/callback`'s answer: `{ contactId, token, phoneNumber }` (200 or 201), or a
/// restJson1 error whose `Reason` says what was wrong with the number.
pub fn requested(response: &JsValue, body: &JsValue) -> Requested {
    let Some(response) = response.dyn_ref::<Response>() else {
        return Requested::Failed;
    };
    let created = members(body);
    Requested::from_answer(
        response.status(),
        string(body, "Reason").as_deref(),
        created.map(|c| (c.contact_id, c.token, c.phone_number)),
    )
}

/// What to keep for a reload: the three on lines of their own (none can hold a line break: a
/// contact ID, a token of visible ASCII, a masked number).
pub fn remember(contact_id: &str, token: &str, phone_number: &str) -> String {
    concat(&[contact_id, "\n", token, "\n", phone_number])
}

/// What [`remember`] kept; `None` for anything else (edited, truncated, from an older widget).
pub fn remembered(kept: &str) -> Option<Remembered> {
    let mut lines = bytes::fields(kept, b"\n");
    let remembered = checked(lines.next()?, lines.next()?, lines.next()?)?;
    lines.next().is_none().then_some(remembered)
}

fn members(body: &JsValue) -> Option<Remembered> {
    let text = |name| string(body, name).unwrap_or_default();
    checked(&text("contactId"), &text("token"), &text("phoneNumber"))
}

/// None empty, and the token a header value: visible ASCII, as the settings require of the
/// page's own.
fn checked(contact_id: &str, token: &str, phone_number: &str) -> Option<Remembered> {
    let fine = !contact_id.is_empty()
        && !token.is_empty()
        && !phone_number.is_empty()
        && token.bytes().all(|b| b.is_ascii_graphic());
    fine.then(|| Remembered {
        contact_id: contact_id.to_owned(),
        token: token.to_owned(),
        phone_number: phone_number.to_owned(),
    })
}
