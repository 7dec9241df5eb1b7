// The kiosk's own keyboard, for a patient's own question: no system keyboard is assumed on a
// touchscreen. The layout follows the session's language (Spanish has ñ, the accented vowels, ü,
// ¿ and ¡); a physical keyboard types into it too. The text lives only here and in state.js.
import { el, show } from "./dom.js";
import { t, lang } from "./i18n.js";

const LETTERS = {
  en: [
    ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
    ["a", "s", "d", "f", "g", "h", "j", "k", "l", "'"],
    ["z", "x", "c", "v", "b", "n", "m", ",", ".", "?"],
  ],
  es: [
    ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
    ["a", "s", "d", "f", "g", "h", "j", "k", "l", "ñ"],
    ["z", "x", "c", "v", "b", "n", "m", ",", ".", "?"],
    ["á", "é", "í", "ó", "ú", "ü", "¿", "¡", "!"],
  ],
};

const NUMBERS = [
  ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
  ["-", "/", ":", ";", "(", ")", "$", "&", "@", "\""],
  ["%", "+", "=", "#", "*", ",", ".", "?", "!", "'"],
];

/**
 * Opens the keyboard over the page. `max` is the longest question (Rust's limit);
 * `onDone(text)` gets the typed text, `onCancel()` is called on Cancel.
 */
export function openKeyboard({ max, onDone, onCancel }) {
  const layout = LETTERS[lang()] ? lang() : "en";
  let text = "";
  let shift = true; // a question starts with a capital
  let numbers = false;

  const typed = el("p", {
    className: "kb-text", testid: "own-text", role: "textbox", "aria-multiline": "true",
    "aria-labelledby": "k-own-title", "aria-describedby": "k-own-count", tabindex: "0",
  });
  const count = el("p", { id: "k-own-count", className: "kb-count", testid: "own-count", "aria-live": "polite" });
  const note = el("p", { className: "kb-note", testid: "own-note", role: "status" });
  const keys = el("div", { className: "kb-keys", testid: "keyboard", lang: layout });
  const dialog = el("div", {
    className: "kb-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "k-own-title",
    testid: "own-question-dialog", "data-no-speak": "",
  },
    el("h2", { id: "k-own-title", text: t("own-title") }),
    typed, count, note, keys,
  );
  const layer = el("div", { className: "kb-layer", testid: "own-question-layer" }, dialog);

  function paint() {
    show(typed, el("span", { text }), el("span", { className: "kb-caret", "aria-hidden": "true" }));
    const n = [...text].length;
    count.textContent = `${n} / ${max} ${t("own-letters")}`;
    count.classList.toggle("kb-count-full", n >= max);
    show(keys, rows().map((row) => el("div", { className: "kb-row" }, row)));
  }

  function rows() {
    const chars = numbers ? NUMBERS : LETTERS[layout];
    const rows = chars.map((row) => row.map((c) => {
      const shown = shift && !numbers ? c.toLocaleUpperCase(layout) : c;
      return key(shown, `key-${c}`, () => type(shown), { lang: layout });
    }));
    rows.push([
      key(t("kb-shift"), "key-shift", () => { shift = !shift; paint(); },
        { "aria-pressed": shift ? "true" : "false", glyph: "⇧", wide: true, disabled: numbers }),
      key(numbers ? t("kb-letters") : t("kb-numbers"), "key-numbers", () => { numbers = !numbers; paint(); },
        { glyph: numbers ? "abc" : "123", wide: true }),
      key(t("kb-space"), "key-space", () => type(" "), { className: "kb-space" }),
      key(t("kb-backspace"), "key-backspace", backspace, { glyph: "⌫", wide: true }),
    ]);
    rows.push([
      key(t("kb-cancel"), "key-cancel", cancel, { className: "kb-cancel" }),
      key(t("kb-done"), "key-done", done, { className: "kb-done" }),
    ]);
    return rows;
  }

  function key(label, testid, press, { glyph, wide, className, ...attrs } = {}) {
    return el("button", {
      className: `kb-key${wide ? " kb-wide" : ""}${className ? ` ${className}` : ""}`,
      type: "button", testid, "aria-label": glyph ? label : null, ...attrs,
      on: { click: press },
    }, glyph ? el("span", { "aria-hidden": "true", text: glyph }) : label);
  }

  function type(s) {
    if ([...text].length + [...s].length > max) {
      note.textContent = `${max} / ${max} ${t("own-letters")}`;
      return;
    }
    if (s === " " && (text === "" || text.endsWith(" "))) return;
    text += s;
    note.textContent = "";
    // One capital, then small letters; a ¿ or ¡ before the first word keeps the capital for it.
    if (shift && /\p{L}/u.test(s)) shift = false;
    paint();
  }

  function backspace() {
    text = [...text].slice(0, -1).join("");
    if (!text) shift = true;
    note.textContent = "";
    paint();
  }

  function close() {
    document.removeEventListener("keydown", onKey, true);
    layer.remove();
    if (app) app.inert = false;
  }

  function done() {
    const q = text.trim();
    if (!q) {
      note.textContent = t("own-empty");
      return;
    }
    close();
    onDone(q);
  }

  function cancel() {
    close();
    onCancel?.();
  }

  // A physical keyboard: printable characters type, Backspace deletes, Enter is Done, Escape is
  // Cancel. Everything else (and anything with Ctrl) is left to the page's lockdown.
  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Backspace") backspace();
    else if (event.key === "Enter") done();
    else if (event.key === "Escape") cancel();
    else if ([...event.key].length === 1) type(event.key);
    else return;
    event.preventDefault();
  }

  // The page behind is out of reach while the keyboard is up (the idle question still shows
  // above it: its overlay is on top).
  const app = document.getElementById("app");
  document.addEventListener("keydown", onKey, true);
  paint();
  document.body.append(layer);
  if (app) app.inert = true;
  typed.focus({ preventScroll: true });
  return { close };
}
