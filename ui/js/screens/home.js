// Home: explainer tiles grouped by category, and a tile for the general question lists.
import { el } from "../dom.js";
import { t } from "../i18n.js";
import { evidenceBadge, screenTitle } from "../widgets.js";

/** True when the library has nothing to show: the no-content screen stands in for home. */
export function isEmpty(lib) {
  return !(lib.categories || []).some((c) => c.tiles.length) && !(lib.lists || []).length;
}

/** `lib` is library's reply; `openExplainer(id)` and `openLists()` navigate. */
export function homeScreen(lib, { openExplainer, openLists }) {
  const categories = lib.categories.filter((c) => c.tiles.length);
  return el("section", { className: "screen home", testid: "screen-home", "aria-labelledby": "k-screen-title" },
    screenTitle(t("home-title"), "home-title"),
    el("p", { className: "lead", text: t("home-lead") }),
    categories.map((c) => el("section", {
      className: "category", testid: `category-${c.key}`, "aria-labelledby": `k-category-${c.key}`,
    },
      el("h2", { id: `k-category-${c.key}`, text: c.label }),
      el("ul", { className: "tiles" }, c.tiles.map((tile) => el("li", {}, explainerTile(tile, openExplainer)))),
    )),
    lib.lists.length ? listsTile(openLists) : null,
  );
}

function explainerTile(tile, openExplainer) {
  // A tile shown in English for want of a translation: its English words say so.
  const lang = tile.fallback ? tile.lang : null;
  return el("button", {
    className: "tile", type: "button", testid: `tile-${tile.id}`,
    on: { click: () => openExplainer(tile.id) },
  },
    el("span", { className: "tile-title", text: tile.title, lang }),
    el("span", { className: "tile-summary", text: tile.summary, lang }),
    el("span", { className: "tile-footer" },
      evidenceBadge(tile.evidence, { short: true, testid: `badge-${tile.id}` }),
      tile.fallback
        ? el("span", { className: "tile-note", testid: `in-english-${tile.id}`, text: t("in-english") })
        : null,
    ),
  );
}

function listsTile(openLists) {
  return el("section", { className: "category", "aria-labelledby": "k-lists-heading" },
    el("h2", { id: "k-lists-heading", text: t("questions-to-ask") }),
    el("ul", { className: "tiles" }, el("li", {},
      el("button", { className: "tile tile-lists", type: "button", testid: "lists-tile", on: { click: openLists } },
        el("span", { className: "tile-title", text: t("home-lists-title") }),
        el("span", { className: "tile-summary", text: t("home-lists-summary") }),
      ))),
  );
}
