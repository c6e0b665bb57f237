// Language packs. Every built-in language, English too, reaches the browser as a small module
// of its own (`dist/locales/<tag>.js`, made from core's tables at build time), loaded only by a
// page that speaks it: a page downloads exactly one language, and the wasm holds none. PACKS
// (generated from core's `Locale::ALL`) has one literal import() each, so every bundler splits
// them out and ships them (a template-literal import is left alone in node_modules by Vite).
import { PACKS } from './contract.js';

const loaded = new Map();
// Tags come from the page and the customer (`locale`, `<html lang>`): only PACKS' own members
// are packs, never what every object inherits (`constructor`, `__proto__`, `toString`).
const packOf = (tag) => (Object.hasOwn(PACKS, tag) ? PACKS[tag] : undefined);

/** The table for `tag` (a built-in language), loaded once per page. */
export function languagePack(tag) {
  if (!loaded.has(tag)) {
    const loading = (packOf(tag)?.() ?? Promise.reject(new Error(`no language pack ${tag}`))).then(
      (module) => module.default,
      (error) => {
        loaded.delete(tag); // a later widget may try again
        throw error;
      },
    );
    loaded.set(tag, loading);
  }
  return loaded.get(tag);
}

// Starts loading the pack the wasm will pick, while the wasm itself loads, by the rule of
// core/src/i18n/mod.rs (`Locale::negotiate`): the locale option, then <html lang>, then the
// browser's languages; the first whose primary subtag is built in, else English. A wrong guess
// costs a download, never a wrong language: the wasm decides, and asks for its own pack.
export function preloadLanguage(options) {
  const tags = [options?.locale, document.documentElement?.getAttribute('lang'), ...navigator.languages];
  const primary = (tag) => (typeof tag === 'string' ? tag.trim().split(/[-_]/)[0].toLowerCase() : '');
  const tag = tags.map(primary).find(packOf) ?? 'en';
  languagePack(tag).catch(() => {}); // the widget says if it fails
}
