// Something went wrong: say so kindly, and offer the way back.
import { el } from "../dom.js";

export function errorScreen(err, { goHome }) {
  return el("section", { className: "screen error", testid: "screen-error", role: "alert" },
    el("h1", { text: "Sorry, something went wrong" }),
    el("p", { className: "lead", testid: "error-message", text: err.message || String(err) }),
    el("button", { className: "button", type: "button", testid: "home-button", on: { click: goHome } }, "⌂ Home"),
  );
}
