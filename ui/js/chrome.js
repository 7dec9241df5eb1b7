// What every screen of a session shows around its content: the way home and back, the display
// settings (text size, contrast, language), "Start over", and the "My questions (N)" button.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import * as state from "./state.js";

/**
 * The header. `ctx` holds the actions (home, back, canBack, textSize, toggleContrast, switchLang,
 * startOver), `languages` [{code, name}], and `screen`, the current screen's name.
 */
export function header(ctx) {
  const s = state.get();
  const nav = el("nav", { className: "nav-group" },
    ctx.screen !== "home"
      ? el("button", { className: "button", type: "button", testid: "home-button", on: { click: ctx.home } },
        el("span", { "aria-hidden": "true", text: "⌂ " }), t("home"))
      : null,
    ctx.canBack
      ? el("button", { className: "button button-quiet", type: "button", testid: "back-button", on: { click: ctx.back } },
        el("span", { "aria-hidden": "true", text: "← " }), t("back"))
      : null,
  );
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
  const startOver = el("button", {
    className: "button button-quiet", type: "button", testid: "start-over", on: { click: ctx.startOver },
  }, el("span", { "aria-hidden": "true", text: "↺ " }), t("start-over"));
  return el("header", { className: "chrome", testid: "chrome" },
    nav,
    el("div", { className: "tools" }, size, contrast, ...languages, startOver),
  );
}

/** The "My questions (N)" button, fixed at the bottom of the screen. */
export function myQuestionsButton(ctx) {
  return el("div", { className: "my-questions-bar" },
    el("button", {
      className: "button button-strong", type: "button", testid: "my-questions",
      "aria-current": ctx.screen === "review" ? "page" : null, on: { click: ctx.review },
    }, myQuestionsLabel()));
}

export function myQuestionsLabel() {
  return t("my-questions", { count: String(state.get().picks.length) });
}
