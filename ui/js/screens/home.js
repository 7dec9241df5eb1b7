// The start screen: a tile for each explainer.
import { el } from "../dom.js";

export function homeScreen({ tiles }, { openExplainer }) {
  if (tiles.length === 0) return emptyScreen();
  return el("section", { className: "screen home", testid: "screen-home", "aria-labelledby": "home-heading" },
    el("h1", { id: "home-heading", text: "Learn about treatments" }),
    el("p", { className: "lead", text: "Tap a topic to read about it." }),
    el("ul", { className: "tiles", testid: "tiles", role: "list" },
      tiles.map((t) => el("li", {},
        el("button", {
          className: "tile", type: "button", testid: `tile-${t.id}`,
          on: { click: () => openExplainer(t.id) },
        },
          el("span", { className: "tile-title", text: t.title }),
          el("span", { className: "tile-summary", text: t.summary }),
        ),
      )),
    ),
  );
}

function emptyScreen() {
  return el("section", { className: "screen empty", testid: "screen-empty" },
    el("h1", { text: "No content yet" }),
    el("p", { className: "lead", text: "This kiosk has no topics to show yet. Please ask the front desk." }),
  );
}
