//! The widget's core alone, built as the shipped wasm is (no_std, talc, panics trap), driven
//! through one export that reaches what the widget uses of it: options checked into settings,
//! overrides, locale negotiation, a session started, answered, failed and ticked. Numbers are
//! written by a plain rule instead of `Intl`, which is the browser layer's.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use waitline_core::i18n::{Catalog, Locale, MessageValue, NumberRules, Overrides, PluralCategory};
use waitline_core::schedule::Hints;
use waitline_core::{Options, PollError, Reading, Session, Settings, Snapshot};
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

struct Plain;

impl NumberRules for Plain {
    fn cardinal(&self, n: u32) -> PluralCategory {
        if n == 1 {
            PluralCategory::One
        } else {
            PluralCategory::Other
        }
    }
    fn ordinal(&self, _: u32) -> PluralCategory {
        PluralCategory::Other
    }
    fn format(&self, n: u32) -> String {
        waitline_core::decimal::decimal(n)
    }
}

/// Returns the length of what was said, so nothing is optimised away.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn probe(
    contact_id: &str,
    ewt_style: &str,
    locale: &str,
    message_key: &str,
    message_text: &str,
    position: u32,
    ewt_seconds: u32,
    now_ms: u32,
) -> u32 {
    // Every input comes from the caller, so no check is folded away at compile time.
    let options = Options {
        contact_id: contact_id.into(),
        ewt_style: Some(ewt_style.into()),
        poll_seconds: Some(f64::from(ewt_seconds % 60 + 1)),
        callback_after_seconds: Some(f64::from(ewt_seconds)),
        self_service_after_position: Some(f64::from(position)),
        ..Options::default()
    };
    let messages = Vec::from([(message_key.into(), MessageValue::Text(message_text.into()))]);
    let (Ok(settings), Ok(overrides)) = (Settings::new(&options), Overrides::new(messages)) else {
        return 0;
    };
    let locale = Locale::negotiate([locale]);
    let mut session = Session::new(settings.session, Catalog::new(locale, Plain, overrides), 1);
    let now = u64::from(now_ms);
    let mut said = session.start(now).text.headline.len();
    let answered = session.on_response(
        Ok(Reading::InQueue(Snapshot {
            position,
            ewt_seconds: Some(ewt_seconds),
        })),
        Hints::default(),
        now + 1,
    );
    said += answered.text.headline.len() + answered.announcement.map_or(0, |a| a.len());
    let failed = session.on_response(Err(PollError::Network), Hints::default(), now + 2);
    said += failed.text.note.map_or(0, |n| n.len());
    said += session
        .on_tick(now + 1_000)
        .text
        .detail
        .map_or(0, |d| d.len());
    u32::try_from(said).unwrap_or(u32::MAX)
}
