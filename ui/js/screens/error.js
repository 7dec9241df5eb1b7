// Something went wrong, or there is nothing to show: say so kindly, and offer the way back.
import { el } from "../dom.js";
import { t } from "../i18n.js";
import { screenTitle } from "../widgets.js";

export function errorScreen(err, { home }) {
  return el("section", { className: "screen error", testid: "screen-error", role: "alert" },
    screenTitle(t("error-title"), "error-title"),
    el("p", { className: "lead", testid: "error-message", text: err.message || String(err) }),
    home
      ? el("button", { className: "button", type: "button", testid: "error-home", on: { click: home } },
        el("span", { "aria-hidden": "true", text: "⌂ " }), t("home"))
      : null,
  );
}

export function emptyScreen() {
  return el("section", { className: "screen empty", testid: "screen-empty" },
    screenTitle(t("no-content-title"), "empty-title"),
    el("p", { className: "lead", text: t("no-content-body") }),
  );
}
