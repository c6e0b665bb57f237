//! The widget's shadow DOM. Everything is set as text, never parsed as HTML, so nothing from
//! the network or an attribute can inject markup.

use waitline_core::OfferText;
use waitline_core::offers::OfferKind;
use waitline_core::text::Text;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Document, Element, HtmlElement, ShadowRoot, ShadowRootInit};

use crate::bindings::{self, target};
use crate::js;

/// `src/widget.css`, minified by `build.rs`.
const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomError {
    /// `attachShadow` refused the host (only some elements may have a shadow root).
    NoShadowRoot,
    NoDocument,
}

impl DomError {
    pub fn message(&self) -> &'static str {
        match self {
            Self::NoShadowRoot => {
                "the element cannot host a shadow root (use a custom element, div or span)"
            }
            Self::NoDocument => "no document to render into",
        }
    }
}

/// One offer's paragraph: a prompt and a link (when the page gave a URL) or a button.
pub struct OfferDom {
    pub kind: OfferKind,
    row: Element,
    prompt: Element,
    pub action: Element,
}

pub struct Dom {
    container: Element,
    headline: Element,
    detail: Element,
    note: Element,
    pub offers: [OfferDom; 2],
    live: Element,
}

/// Where each offer leads: a checked http(s) URL, or none (a button that only fires its event).
pub struct OfferLinks<'a> {
    pub callback: Option<&'a str>,
    pub self_service: Option<&'a str>,
}

/// What a widget rendered leaves with it: a stopped widget must not leave its last answer on
/// screen as if it were still true. Only its own nodes go, in case a newer mount replaced them.
impl Drop for Dom {
    fn drop(&mut self) {
        self.container.remove();
        self.live.remove();
    }
}

impl Dom {
    /// Builds the widget's tree in the host's open shadow root, replacing what a previous
    /// mount left there.
    pub fn attach(
        host: &HtmlElement,
        document: &Document,
        lang: &str,
        rtl: bool,
        links: &OfferLinks<'_>,
    ) -> Result<Self, DomError> {
        let root = match host.shadow_root() {
            Some(root) => root,
            None => {
                // A plain object rather than ShadowRootInit's setter: one import fewer.
                let init = js::object(&[("mode", "open".into())]);
                host.attach_shadow(init.unchecked_ref::<ShadowRootInit>())
                    .map_err(|_| DomError::NoShadowRoot)?
            }
        };
        adopt_styles(&root);
        let make = |tag: &str, part: &str| element(document, tag, part);

        let container = make("div", "container");
        set(&container, "lang", lang);
        set(&container, "dir", if rtl { "rtl" } else { "ltr" });
        let headline = make("p", "headline");
        let detail = make("p", "detail");
        let note = make("p", "note");
        let offers_box = make("div", "offers");
        let offers = [
            offer(document, OfferKind::Callback, links.callback),
            offer(document, OfferKind::SelfService, links.self_service),
        ];
        for offer in &offers {
            append(&offers_box, &offer.row);
        }
        for child in [&headline, &detail, &note, &offers_box] {
            append(&container, child);
        }
        // The live region is separate from what is seen, so the widget controls what is heard
        // and when (the Announcer throttles it), not every visual refresh.
        let live = make("div", "live");
        set(&live, "role", "status");
        set(&live, "aria-live", "polite");
        set(&live, "aria-atomic", "true");
        set(&live, "lang", lang);
        root.replace_children_with_node_2(&container, &live);
        Ok(Self {
            container,
            headline,
            detail,
            note,
            offers,
            live,
        })
    }

    pub fn render(&self, state: &str, text: &Text, offers: &[OfferText]) {
        set(&self.container, "data-state", state);
        set_text(&self.headline, Some(&text.headline));
        set_text(&self.detail, text.detail.as_deref());
        set_text(&self.note, text.note.as_deref());
        for offer in &self.offers {
            let shown = offers.iter().find(|o| o.kind == offer.kind);
            target(&offer.row).toggle_attribute("hidden", shown.is_none());
            if let Some(shown) = shown {
                set_text(&offer.prompt, Some(&shown.prompt));
                set_text(&offer.action, Some(&shown.action));
            }
        }
    }

    pub fn announce(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }
}

fn offer(document: &Document, kind: OfferKind, url: Option<&str>) -> OfferDom {
    let name = crate::events::offer_kind(kind);
    let row = element(document, "p", &["offer ", name, "-offer"].concat());
    target(&row).toggle_attribute("hidden", true);
    let prompt = element(document, "span", "offer-prompt");
    let action = match url {
        Some(url) => {
            let link = element(document, "a", name);
            set(&link, "href", url);
            link
        }
        None => {
            let button = element(document, "button", name);
            set(&button, "type", "button");
            button
        }
    };
    append(&row, &prompt);
    append(&row, &action);
    OfferDom {
        kind,
        row,
        prompt,
        action,
    }
}

fn append(parent: &Element, child: &Element) {
    target(parent).append_child(target(child));
}

fn set(element: &Element, name: &str, value: &str) {
    target(element).set_attribute(name, value);
}

fn set_text(element: &Element, text: Option<&str>) {
    // Compare first: rewriting identical text would disturb assistive technology.
    let wanted = text.unwrap_or_default();
    if element.text_content().as_deref() != Some(wanted) {
        element.set_text_content(Some(wanted));
    }
    target(element).toggle_attribute("hidden", text.is_none());
}

/// An element with `part` (for `::part()` styling) and the first part as its class.
fn element(document: &Document, tag: &str, part: &str) -> Element {
    let element = target(document).create_element(tag);
    set(&element, "part", part);
    let class = part.as_bytes().iter().position(|&b| b == b' ');
    set(
        &element,
        "class",
        part.get(..class.unwrap_or(part.len())).unwrap_or(part),
    );
    element
}

/// Constructed stylesheets are allowed under a strict CSP where a `<style>` element is not.
/// One per element: a page shows one or two, and a sheet shared by the page would need a
/// thread-local, which `no_std` lacks. A re-mount (an attribute changed) finds the sheet it
/// adopted before in the shadow root, so the CSS is parsed once per element.
fn adopt_styles(root: &ShadowRoot) {
    let adopted = js::member(root, "adoptedStyleSheets");
    if js_sys::Array::is_array(&adopted) && adopted.unchecked_ref::<js_sys::Array>().length() > 0 {
        return;
    }
    if let Ok(sheet) = CssStyleSheet::new() {
        target(&sheet).replace_sync(STYLES);
        bindings::set_member(root, "adoptedStyleSheets", &js_sys::Array::of1(&sheet));
    }
}
