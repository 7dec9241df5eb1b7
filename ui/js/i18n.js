// The kiosk's own words. Rust reads them from ui/locales/*.ftl and sends them per language; this
// module only keeps them in memory and fills in `{name}` placeholders.
import * as ipc from "./ipc.js";

// Used only when Rust could not send the strings at all, so the error screen still reads well.
const FALLBACK = {
  "error-title": "Sorry, something went wrong",
  home: "Home",
};

const tables = new Map();
let current = "en";

/** Fetches the strings of each language not yet loaded. */
export async function load(langs) {
  await Promise.all(langs.filter((l) => !tables.has(l)).map(async (lang) => {
    const reply = await ipc.uiStrings(lang);
    tables.set(lang, reply.strings || {});
  }));
}

/** Makes `lang` the language of `t`. Its strings must have been loaded. */
export function use(lang) {
  current = lang;
}

export function lang() {
  return current;
}

/** A string of the current language with `{name}` placeholders filled in from `args`. */
export function t(key, args = {}) {
  return tIn(current, key, args);
}

/** A string of a given language (the welcome screen shows every language at once). */
export function tIn(lang, key, args = {}) {
  const table = tables.get(lang) || tables.get("en") || {};
  const text = table[key] ?? FALLBACK[key] ?? key;
  return fill(text, args);
}

/** Fills `{name}` (and Fluent's `{ $name }`) from `args`; unknown names stay as written. */
export function fill(text, args) {
  return String(text).replace(/\{\s*\$?([A-Za-z][\w-]*)\s*\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole);
}
