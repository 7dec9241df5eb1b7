// The general question lists ("Questions for any treatment"): each list's introduction (HTML that
// Rust rendered and sanitized) and its questions to add.
import { el } from "../dom.js";
import { t } from "../i18n.js";
import { questionList, screenTitle } from "../widgets.js";
import { listenBar } from "../speech.js";

/** `reply` is question_lists' reply; `openExplainer(id)` follows a link. */
export function listsScreen(reply, { openExplainer }) {
  let screen = null;
  screen = el("section", { className: "screen lists", testid: "screen-lists", "aria-labelledby": "k-screen-title" },
    screenTitle(t("home-lists-title"), "lists-title"),
    listenBar(() => screen),
    el("p", { className: "lead", text: t("home-lists-summary") }),
    reply.lists.map((list) => {
      const intro = el("div", { className: "prose list-intro" });
      // The UI's other innerHTML sink (the first is an explainer's body, in explainer.js): only
      // HTML that content::render in Rust produced and sanitized, whose ids all start with `md-`.
      intro.innerHTML = list.html || "";
      // Only links to explainers go anywhere, and they stay in the app.
      intro.addEventListener("click", (event) => {
        const link = event.target.closest("a");
        if (!link) return;
        event.preventDefault();
        if (link.dataset.explainer) openExplainer(link.dataset.explainer);
      });
      // A list shown in English for want of a translation says so to screen readers and the voice.
      const lang = list.fallback ? list.lang : null;
      return el("section", { className: "list", testid: `list-${list.id}`, "aria-labelledby": `k-list-${list.id}`, lang },
        el("h2", { id: `k-list-${list.id}`, text: list.title }),
        el("p", { className: "list-summary", text: list.summary }),
        intro,
        questionList(`lists/${list.id}`, list.questions, `list-questions-${list.id}`),
      );
    }),
  );
  return screen;
}
