//! The widget's core alone, built as the shipped wasm is (no_std, lol_alloc, panics trap), driven
//! through one export that reaches what the widget uses of it: options checked into settings,
//! overrides, locale negotiation, a session started, answered, failed and ticked. Numbers are
//! written by a plain rule instead of `Intl`, which is the browser layer's.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use waitline_core::i18n::{
    Catalog, Locale, MessageValue, NumberRules, Overrides, PluralCategory, locales,
};
use waitline_core::schedule::Hints;
use waitline_core::session::Event;
use waitline_core::{
    ContactStage, ErrorCode, Options, PollError, Session, Settings, headers, metrics,
};
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

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

/// Returns the length of what was said, so nothing is optimised away. Every input comes from
/// the caller (`texts` and `numbers`, read by position), so no check or branch of the core is
/// folded away at compile time: the probe holds what the shipped wasm holds of the core.
#[wasm_bindgen]
pub fn probe(texts: Vec<String>, numbers: Vec<f64>) -> u32 {
    let text = |at: usize| texts.get(at).cloned().unwrap_or_default();
    let some_text = |at: usize| texts.get(at).cloned();
    let number = |at: usize| numbers.get(at).copied();
    let options = Options {
        contact_id: text(0),
        endpoint: some_text(1),
        token: some_text(2),
        poll_seconds: number(0),
        ewt_style: some_text(3),
        max_wait_seconds: number(1),
        callback_after_seconds: number(2),
        callback_after_position: number(3),
        self_service_after_seconds: number(4),
        self_service_after_position: number(5),
        announce_every_seconds: number(6),
        timeout_seconds: number(7),
        callback_endpoint: some_text(15),
        callback_country: some_text(16),
    };
    let messages = Vec::from([
        (text(4), MessageValue::Text(text(5))),
        (
            text(6),
            MessageValue::Forms(Vec::from([(text(7), text(8))])),
        ),
    ]);
    let settings = match Settings::new(&options) {
        Ok(settings) => settings,
        Err(error) => return len(&error.message()),
    };
    let overrides = match Overrides::new(messages) {
        Ok(overrides) => overrides,
        Err(error) => return len(&error.message()),
    };
    let locale = Locale::negotiate(texts.iter().skip(9).map(String::as_str));
    // As the shipped wasm does: no words built in, the page's language from a pack.
    let mut session = Session::new(
        settings.session,
        Catalog::without_table(locale, Plain, overrides),
        1,
    );
    if let Some(pack) = some_text(17).filter(|pack| locales::valid(pack)) {
        // As the shipped wasm keeps it: once for the page (src/packs.rs).
        session.set_table(pack.leak());
    }
    let now = numbers.get(8).copied().unwrap_or_default() as u64;
    let mut said = session.step(Event::Start, now).view.text.headline.len();
    session.update(
        Event::Page {
            hidden: number(9).is_some(),
            offline: number(10).is_some(),
        },
        now,
    );
    // An answer as the browser layer reads it: metrics by name, hints from headers.
    let pairs = [(text(9), number(11)), (text(10), number(12))];
    let stage = some_text(18).as_deref().and_then(ContactStage::parse);
    let reading = metrics::reading(
        pairs.iter().map(|(name, value)| (name.as_str(), *value)),
        stage,
    );
    let hints = Hints {
        retry_after: headers::retry_after(&text(11)),
        max_age: headers::max_age(&text(12)),
    };
    let answered = session.step(Event::Answer(reading, hints), now + 1);
    said +=
        answered.view.text.headline.len() + answered.effects.announcement.map_or(0, |a| a.len());
    let refused = PollError::Http {
        status: number(13).unwrap_or_default() as u16,
        code: ErrorCode::from_parts(some_text(13).as_deref(), some_text(14).as_deref(), None),
        retry_after: None,
    };
    let failed = session.step(Event::Answer(Err(refused), Hints::default()), now + 2);
    said += failed.view.text.note.map_or(0, |n| n.len()) + failed.effects.notices.len();
    said += session
        .step(Event::Tick, now + 1_000)
        .view
        .text
        .detail
        .map_or(0, |d| d.len());
    u32::try_from(said).unwrap_or(u32::MAX)
}

fn len(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}
