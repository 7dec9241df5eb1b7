// One explainer: its title, summary and body. The body is HTML that Rust rendered and sanitized.
import { el } from "../dom.js";

export function explainerScreen(view, { goHome, openExplainer }) {
  const body = el("div", { className: "prose", testid: "explainer-body" });
  // The only innerHTML in the UI: content::render in Rust produced and sanitized this HTML.
  body.innerHTML = view.html;
  body.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (!link) return;
    event.preventDefault();
    if (link.dataset.explainer) openExplainer(link.dataset.explainer);
    else if (link.dataset.anchor) document.getElementById(link.dataset.anchor)?.scrollIntoView();
  });
  return el("article", { className: "screen explainer", testid: "screen-explainer", "aria-labelledby": "explainer-title" },
    el("nav", { className: "toolbar" },
      el("button", { className: "button", type: "button", testid: "home-button", on: { click: goHome } }, "⌂ Home"),
    ),
    el("h1", { id: "explainer-title", testid: "explainer-title", text: view.title }),
    el("p", { className: "lead", testid: "explainer-summary", text: view.summary }),
    body,
  );
}
