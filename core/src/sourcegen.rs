//! The copies of the core's contracts outside Rust, rendered from their one source: the
//! option list ([`crate::options`]), the message keys ([`crate::i18n::Key`]) and the built-in
//! languages ([`crate::i18n::Locale`]). `examples/generate.rs` writes them at build time (the
//! JavaScript module into the package; the TypeScript and README regions in place), and
//! `tests/generated.rs` fails when a committed region is not what this renders. Never linked
//! into the shipped wasm.

use crate::concat::concat;
use crate::i18n::{Key, Locale, locales};
use crate::options::{
    CSS_ATTRIBUTES, NUMBER_RANGES, OPTION_DOCS, OPTIONS, OptionDoc, OptionKind, OptionSpec,
};
use crate::prelude::*;
use crate::settings::DEFAULT_ENDPOINT;

/// A region of a committed file that a build rewrites: the lines between `open` and `close`.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    /// The file, from the repository's root.
    pub file: &'static str,
    pub open: &'static str,
    pub close: &'static str,
    pub render: fn() -> String,
}

/// Every generated region of a committed file.
pub const REGIONS: &[Region] = &[
    Region {
        file: "README.md",
        open: "<!-- generated: attributes (from core/src/options.rs by npm run build) -->",
        close: "<!-- end generated: attributes -->",
        render: readme_attributes,
    },
    Region {
        file: "README.md",
        open: "<!-- generated: messages (from core/src/i18n/messages.rs by npm run build) -->",
        close: "<!-- end generated: messages -->",
        render: readme_messages,
    },
    Region {
        file: "src/js/mount.d.ts",
        open: "// generated: types (from core/src/options.rs and core/src/i18n/messages.rs by npm run build)",
        close: "// end generated: types",
        render: mount_types,
    },
];

/// `text` with `region`'s lines replaced by `content`; `None` when the markers are missing.
pub fn splice(text: &str, region: &Region, content: &str) -> Option<String> {
    let start = text.find(region.open)? + region.open.len();
    let start = start + text.get(start..)?.find('\n')? + 1;
    let end = start + text.get(start..)?.find(region.close)?;
    Some(concat(&[text.get(..start)?, content, text.get(end..)?]))
}

/// A doc comment's text on one line.
fn meaning(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an option does, on one line, with its range when it is a number: the same words in
/// the TypeScript docs and the README.
fn described(option: &OptionSpec, doc: &OptionDoc) -> String {
    let mut text = meaning(doc.meaning);
    if let Some(range) = NUMBER_RANGES.iter().find(|range| range.name == option.name) {
        text += &format!(" From {}.", range.text);
    }
    text
}

/// `contract.js`, generated into the package: the element's attribute lists, the default
/// endpoint mount.js prefetches, and the language packs' loaders. Each pack is one literal
/// `import()`, so bundlers split it out and ship it.
pub fn contract_js() -> String {
    let mut out = String::from(
        "// Generated from core/src/options.rs and core/src/i18n by core/examples/generate.rs at\n\
         // build time: edit those, not this.\n",
    );
    let list = |kind: OptionKind| -> String {
        OPTIONS
            .iter()
            .filter(|option| option.kind == kind)
            .map(|option| format!("  '{}',\n", option.name))
            .collect()
    };
    out += "// The mount() options the element reads from attributes, by how it reads them.\n";
    out += &format!(
        "export const STRING_OPTIONS = [\n{}];\n",
        list(OptionKind::Text)
    );
    out += &format!(
        "export const NUMBER_OPTIONS = [\n{}];\n",
        list(OptionKind::Number)
    );
    out += &format!(
        "export const FLAG_OPTIONS = [\n{}];\n",
        list(OptionKind::Flag)
    );
    out += "// The route the widget polls unless told otherwise.\n";
    out += &format!("export const DEFAULT_ENDPOINT = '{DEFAULT_ENDPOINT}';\n");
    out += "// Every built-in language's pack, loaded only by a page that speaks it.\n";
    out += "export const PACKS = {\n";
    for locale in Locale::ALL {
        let tag = locale.tag();
        out += &format!("  {tag}: () => import('./locales/{tag}.js'),\n");
    }
    out += "};\n";
    out
}

/// The TypeScript types of `mount()`'s options and messages.
pub fn mount_types() -> String {
    let mut out = String::from(
        "/** Every message the widget shows; see the README for the placeholders each takes. */\nexport type MessageKey =\n",
    );
    for key in Key::ALL {
        out += &format!("  | '{}'\n", key.name());
    }
    out.truncate(out.len() - 1);
    out += ";\n\n";
    out += "/** Options for {@link mount}; the element's attributes map onto them. */\n";
    out += "export interface MountOptions {\n";
    for (option, doc) in OPTIONS.iter().zip(OPTION_DOCS) {
        let mut text = described(option, doc);
        if !doc.required {
            text += &format!(" Default: {}.", doc.default.replace('`', ""));
        }
        let ts = doc.type_name.unwrap_or(match option.kind {
            OptionKind::Text => "string",
            OptionKind::Number => "number",
            OptionKind::Flag => "boolean",
            OptionKind::Messages => "Messages",
        });
        let optional = if doc.required { "" } else { "?" };
        out += &format!("  /** {text} */\n  {}{optional}: {ts};\n", option.name);
    }
    out += "}\n";
    out
}

/// The README's attribute table.
pub fn readme_attributes() -> String {
    let mut out =
        String::from("| attribute | `mount()` option | meaning | default |\n|---|---|---|---|\n");
    for (option, doc) in OPTIONS.iter().zip(OPTION_DOCS) {
        let attribute = match option.attribute() {
            Some(attribute) => format!("`{attribute}`"),
            None => format!("(the `{}` property)", option.name),
        };
        let text = described(option, doc);
        out += &format!(
            "| {attribute} | `{}` | {} | {} |\n",
            option.name,
            text.replace('|', "\\|"),
            doc.default
        );
    }
    for (attribute, what, default) in CSS_ATTRIBUTES {
        out += &format!("| `{attribute}` | (CSS only) | {what} | {default} |\n");
    }
    out
}

/// The README's table of message keys, with their placeholders and English words.
pub fn readme_messages() -> String {
    let mut out = String::from("| key | placeholders | English | when |\n|---|---|---|---|\n");
    for key in Key::ALL {
        let placeholders: Vec<String> = key
            .placeholders()
            .iter()
            .map(|name| format!("`{{{name}}}`"))
            .collect();
        let english: Vec<&str> = locales::messages(locales::ENGLISH, key)
            .map(|(_, text)| text)
            .collect();
        out += &format!(
            "| `{}` | {} | {} | {} |\n",
            key.name(),
            placeholders.join(", "),
            english.join(" · ").replace('|', "\\|"),
            meaning(key.note()).replace('|', "\\|")
        );
    }
    out
}
