// What every screen of a session shows around its content: the way home and back and the display
// settings (text size, contrast, language) above, "Start over" and "My questions (N)" below.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import * as state from "./state.js";

/**
 * The header. `ctx` holds the actions (home, back, canBack, textSize, toggleContrast, switchLang,
 * startOver), `languages` [{code, name}], and `screen`, the current screen's name.
 */
export function header(ctx) {
  const s = state.get();
  const ways = [
    ctx.screen !== "home"
      ? el("button", { className: "button", type: "button", testid: "home-button", on: { click: ctx.home } },
        el("span", { "aria-hidden": "true", text: "⌂ " }), t("home"))
      : null,
    ctx.canBack
      ? el("button", { className: "button button-quiet", type: "button", testid: "back-button", on: { click: ctx.back } },
        el("span", { "aria-hidden": "true", text: "← " }), t("back"))
      : null,
  ].filter(Boolean);
  // On home there is nowhere to go: an empty box (not an empty nav) keeps the tools on the right.
  const nav = el(ways.length ? "nav" : "div", { className: "nav-group" }, ways);
  const size = el("div", { className: "text-size", role: "group", "aria-labelledby": "k-text-size-label" },
    el("span", { id: "k-text-size-label", className: "tool-label", text: t("text-size") }),
    el("button", {
      className: "button button-quiet button-square", type: "button", testid: "text-smaller",
      "aria-label": t("text-smaller"), disabled: !state.canShrink(), on: { click: () => ctx.textSize(-1) },
    }, el("span", { className: "glyph-small", text: "A" }), "−"),
    el("button", {
      className: "button button-quiet button-square", type: "button", testid: "text-larger",
      "aria-label": t("text-larger"), disabled: !state.canGrow(), on: { click: () => ctx.textSize(1) },
    }, el("span", { className: "glyph-large", text: "A" }), "+"),
  );
  const contrast = el("button", {
    className: "button button-quiet", type: "button", testid: "contrast-toggle",
    "aria-pressed": s.contrast ? "true" : "false", on: { click: ctx.toggleContrast },
  }, el("span", { className: "contrast-glyph", "aria-hidden": "true" }), t("contrast"));
  const languages = ctx.languages
    .filter((l) => l.code !== s.lang)
    .map((l) => el("button", {
      className: "button button-quiet", type: "button", testid: `switch-lang-${l.code}`, lang: l.code,
      "aria-label": `${t("language")}: ${l.name}`, on: { click: () => ctx.switchLang(l.code) },
    }, l.name));
  return el("header", { className: "chrome", testid: "chrome" },
    nav,
    el("div", { className: "tools" }, size, contrast, ...languages),
  );
}

/** The bar fixed at the bottom of the screen: "Start over" and "My questions (N)". */
export function sessionBar(ctx) {
  return el("footer", { className: "session-bar" },
    el("button", {
      className: "button button-quiet", type: "button", testid: "start-over", on: { click: ctx.startOver },
    }, el("span", { "aria-hidden": "true", text: "↺ " }), t("start-over")),
    el("button", {
      className: "button button-strong", type: "button", testid: "my-questions",
      "aria-current": ctx.screen === "review" ? "page" : null, on: { click: ctx.review },
    }, myQuestionsLabel()));
}

export function myQuestionsLabel() {
  return t("my-questions", { count: String(state.get().picks.length) });
}
