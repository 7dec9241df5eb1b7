// "My questions": the patient puts the picked questions in order, removes some, adds their own
// on the kiosk's keyboard, and prints them. Printing failures keep the list on screen, so nothing
// is lost.
import * as ipc from "../ipc.js";
import { el, show } from "../dom.js";
import { t } from "../i18n.js";
import * as state from "../state.js";
import { pickId, screenTitle } from "../widgets.js";
import { listenBar, listenButton, stop as stopSpeech } from "../speech.js";
import { openKeyboard } from "../keyboard.js";

const PRINTER_TROUBLE = new Set(["queue-missing", "queue-stopped", "timeout", "failed"]);

/** The words for a print outcome ({status, kind}). */
export function printMessage(print) {
  if (!print) return "";
  if (print.status === "printing") return t("printing");
  if (print.status === "printed") return t("printed");
  if (print.kind === "not-configured") return t("print-error-not-configured");
  if (PRINTER_TROUBLE.has(print.kind)) return t("print-error-printer");
  return t("print-error-other");
}

/**
 * `printing` says whether this kiosk can print; `print()` sends the list to the printer; `ownMax`
 * is the longest question a patient may type.
 */
export function reviewScreen({ printing, print, ownMax = 200 }) {
  const list = el("ol", { className: "review-list", testid: "review-list" });
  const status = el("p", { className: "print-status", testid: "print-status", role: "status", "aria-live": "polite" });
  const printButton = printing
    ? el("button", { className: "button button-huge", type: "button", testid: "print-button", on: { click: onPrint } },
      t("print"))
    : null;
  const empty = el("p", { className: "lead", testid: "review-empty", text: t("review-empty") });
  const printArea = el("div", { className: "print-area" }, printButton, status);
  const addOwn = el("button", {
    className: "button button-strong", type: "button", testid: "add-own-question", on: { click: onAddOwn },
  }, el("span", { "aria-hidden": "true", text: "✎ " }), t("own-add"));

  function onAddOwn() {
    stopSpeech();
    openKeyboard({
      max: ownMax,
      onDone: (text) => {
        const key = state.addOwn(text);
        ipc.ownQuestionAdded();
        paintList(["remove", "own", key]);
      },
      onCancel: () => addOwn.focus(),
    });
  }

  function paintStatus() {
    const p = state.get().print;
    status.textContent = printing ? printMessage(p) : t("print-error-not-configured");
    status.className = `print-status${p?.status === "error" || !printing ? " print-error" : ""}${p?.status === "printed" ? " print-done" : ""}`;
    if (printButton) printButton.disabled = p?.status === "printing" || state.get().picks.length === 0;
  }

  async function onPrint() {
    if (state.get().print?.status === "printing" || !state.get().picks.length) return;
    state.setPrint({ status: "printing" });
    paintStatus();
    state.setPrint(await print());
    paintStatus();
  }

  /** Redraws the list; `focus` names the button to focus afterwards, as [action, doc, key]. */
  function paintList(focus) {
    const picks = state.get().picks;
    empty.hidden = picks.length > 0;
    list.hidden = picks.length === 0;
    printArea.hidden = picks.length === 0 && !state.get().print;
    show(list, picks.map((p, i) => item(p, i, picks.length)));
    if (focus) {
      const [action, doc, key] = focus;
      const wanted = list.querySelector(`[data-testid="review-${action}-${CSS.escape(pickId(doc, key))}"]`);
      const target = wanted && !wanted.disabled ? wanted : list.querySelector(`[data-testid="review-item-${CSS.escape(pickId(doc, key))}"] button:not([disabled])`);
      (target || document.getElementById("k-screen-title"))?.focus();
    }
    paintStatus();
  }

  function item(p, i, count) {
    const id = pickId(p.doc, p.key);
    const act = (action, fn) => () => { fn(); paintList([action, p.doc, p.key]); };
    const button = (action, label, glyph, disabled, fn) => el("button", {
      className: "button button-quiet", type: "button", testid: `review-${action}-${id}`,
      "aria-label": `${label}: ${p.text}`, disabled, on: { click: act(action, fn) },
    }, el("span", { "aria-hidden": "true", text: `${glyph} ` }), label);
    const words = el("p", { className: "review-text", testid: `review-text-${id}`, text: p.text });
    return el("li", { className: `review-item${p.own ? " review-own" : ""}`, testid: `review-item-${id}` },
      words,
      el("div", { className: "review-actions", "data-no-speak": "" },
        listenButton(words, `review-listen-${id}`),
        button("up", t("move-up"), "↑", i === 0, () => state.move(p.doc, p.key, -1)),
        button("down", t("move-down"), "↓", i === count - 1, () => state.move(p.doc, p.key, 1)),
        button("remove", t("remove"), "✕", false, () => state.remove(p.doc, p.key)),
      ),
    );
  }

  paintList();
  let screen = null;
  screen = el("section", { className: "screen review", testid: "screen-review", "aria-labelledby": "k-screen-title" },
    screenTitle(t("review-title"), "review-title"),
    listenBar(() => screen),
    empty,
    list,
    el("p", { className: "own-add" }, addOwn),
    printArea,
  );
  return screen;
}
