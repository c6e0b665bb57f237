//! The widget's shadow DOM. Everything is set as text, never parsed as HTML, so nothing from
//! the network or an attribute can inject markup.

use std::fmt;

use waitline_core::text::Text;
use wasm_bindgen::JsValue;
use web_sys::{
    CssStyleSheet, Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

const STYLES: &str = include_str!("widget.css");

#[derive(Debug)]
pub struct Dom {
    headline: Element,
    detail: Element,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomError {
    /// `attachShadow` refused the host (only some elements may have a shadow root).
    NoShadowRoot,
    NoDocument,
    CreateElement,
}

impl fmt::Display for DomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoShadowRoot => {
                "the element cannot host a shadow root (use a custom element, div or span)"
            }
            Self::NoDocument => "no document to render into",
            Self::CreateElement => "could not create the widget's elements",
        })
    }
}

impl Dom {
    /// Builds the widget's tree in the host's open shadow root, replacing what a previous
    /// mount left there.
    pub fn attach(host: &HtmlElement) -> Result<Self, DomError> {
        let document = host.owner_document().ok_or(DomError::NoDocument)?;
        let root = match host.shadow_root() {
            Some(root) => root,
            None => {
                let init = ShadowRootInit::new(ShadowRootMode::Open);
                host.attach_shadow(&init)
                    .map_err(|_| DomError::NoShadowRoot)?
            }
        };
        adopt_styles(&root);

        let container = element(&document, "div", "container")?;
        // A polite live region: screen readers announce changes without interrupting.
        let _ = container.set_attribute("role", "status");
        let _ = container.set_attribute("aria-live", "polite");
        let headline = element(&document, "p", "headline")?;
        let detail = element(&document, "p", "detail")?;
        container
            .append_child(&headline)
            .map_err(|_| DomError::CreateElement)?;
        container
            .append_child(&detail)
            .map_err(|_| DomError::CreateElement)?;
        root.replace_children_with_node_1(&container);
        Ok(Self { headline, detail })
    }

    pub fn render(&self, text: &Text) {
        set_text(&self.headline, Some(&text.headline));
        set_text(&self.detail, text.detail.as_deref());
    }
}

fn set_text(element: &Element, text: Option<&str>) {
    // Compare first: rewriting identical text would make screen readers announce it again.
    let wanted = text.unwrap_or_default();
    if element.text_content().as_deref() != Some(wanted) {
        element.set_text_content(Some(wanted));
    }
    let _ = element.toggle_attribute_with_force("hidden", text.is_none());
}

fn element(document: &Document, tag: &str, part: &str) -> Result<Element, DomError> {
    let element = document
        .create_element(tag)
        .map_err(|_| DomError::CreateElement)?;
    let _ = element.set_attribute("part", part);
    element.set_class_name(part);
    Ok(element)
}

thread_local! {
    /// One constructed stylesheet shared by every widget on the page.
    static SHEET: Option<CssStyleSheet> = CssStyleSheet::new().ok().inspect(|sheet| {
        let _ = sheet.replace_sync(STYLES);
    });
}

/// Constructed stylesheets are allowed under a strict CSP where a `<style>` element is not.
fn adopt_styles(root: &ShadowRoot) {
    SHEET.with(|sheet| {
        if let Some(sheet) = sheet {
            let sheets = js_sys::Array::of1(sheet);
            let _ = js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets);
        }
    });
}
