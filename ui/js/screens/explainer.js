// One explainer: Key facts, a list of its sections, the body (HTML that Rust rendered and
// sanitized), its suggested questions, and its sources with a QR code for each web address.
import { el } from "../dom.js";
import { t } from "../i18n.js";
import { evidenceBadge, questionList, screenTitle } from "../widgets.js";
import { listenBar } from "../speech.js";

/**
 * The prefix of every id in rendered HTML (content::render's ID_PREFIX), which no id of the UI's
 * own uses: a heading "Overlay" is `md-overlay`, never the idle overlay's `overlay`. A section's id
 * is its heading's; an anchor comes as the slug its author typed, and the prefix is added here.
 */
const ID_PREFIX = "md-";

/** `view` is explainer's reply; `openExplainer(id)` follows a link to another explainer. */
export function explainerScreen(view, { openExplainer }) {
  // Content shown in another language than the UI's is marked so screen readers pronounce it.
  const lang = view.fallback ? view.lang : null;
  const body = el("div", { className: "prose", testid: "explainer-body", lang });
  // One of the UI's two innerHTML sinks (the other is a list's introduction, in lists.js): only
  // HTML that content::render in Rust produced and sanitized. Its ids all start with ID_PREFIX.
  body.innerHTML = view.html;
  nameLinks(body);
  body.addEventListener("click", (event) => followLink(event, body, openExplainer));

  const title = screenTitle(view.title, "explainer-title");
  if (lang) title.setAttribute("lang", lang);
  let article = null;
  const head = el("div", { className: "explainer-head" },
    title,
    listenBar(() => article),
    el("p", { className: "lead", testid: "explainer-summary", lang, text: view.summary }),
    view.fallback
      ? el("p", { className: "notice", role: "note", testid: "fallback-notice", text: t("fallback-notice") })
      : null,
    view.crisis_notice ? crisisNotice() : null,
    view.sections.length ? sectionList(view.sections, body) : null,
  );
  const side = el("div", { className: "explainer-side" }, keyFacts(view, lang));
  const main = el("div", { className: "explainer-main" },
    body,
    view.questions.length ? questionsSection(view, lang) : null,
    view.sources.length ? sourcesSection(view.sources, lang) : null,
    el("p", { className: "disclaimer", testid: "not-medical-advice", text: t("not-medical-advice") }),
  );
  article = el("article", {
    className: "screen explainer", testid: "screen-explainer", "aria-labelledby": "k-screen-title",
  }, head, side, main);
  return article;
}

/** Gives the body's links test ids, as every other interactive element has. */
function nameLinks(body) {
  body.querySelectorAll("a").forEach((link, i) => {
    const href = link.getAttribute("href") || "";
    const kind = link.dataset.explainer ? `explainer-${link.dataset.explainer}`
      : link.dataset.anchor ? `anchor-${link.dataset.anchor}`
        : href.startsWith(`#${ID_PREFIX}`) ? `footnote-${href.slice(1 + ID_PREFIX.length)}` : `other-${i + 1}`;
    link.dataset.testid = `link-${kind}`;
  });
}

/** Links in the body: other explainers open in the app, anchors scroll, nothing leaves. */
function followLink(event, body, openExplainer) {
  const link = event.target.closest("a");
  if (!link || !body.contains(link)) return;
  event.preventDefault();
  if (link.dataset.explainer) {
    openExplainer(link.dataset.explainer);
    return;
  }
  const href = link.getAttribute("href") || "";
  // A footnote's href is already a rendered id (`#md-fn-1`); an anchor is an author's slug.
  const id = link.dataset.anchor ? ID_PREFIX + link.dataset.anchor : href.startsWith("#") ? href.slice(1) : "";
  if (id) scrollToTarget(body, id);
}

function scrollToTarget(body, id) {
  let target = null;
  try {
    target = body.querySelector(`#${CSS.escape(id)}`);
  } catch {
    return;
  }
  if (!target) return;
  const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  target.scrollIntoView({ behavior: calm ? "auto" : "smooth", block: "start" });
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
}

function crisisNotice() {
  return el("aside", { className: "crisis", testid: "crisis-notice", "aria-labelledby": "k-crisis-title" },
    el("h2", { id: "k-crisis-title", text: t("crisis-title") }),
    el("p", { text: t("crisis-body") }),
  );
}

function factList(title, items, testid, lang) {
  if (!items || !items.length) return null;
  return el("div", { className: "fact", testid },
    el("h3", { text: title }),
    el("ul", { lang }, items.map((item) => el("li", { text: item }))),
  );
}

function keyFacts(view, lang) {
  return el("section", { className: "key-facts", testid: "key-facts", "aria-labelledby": "k-key-facts" },
    el("h2", { id: "k-key-facts", text: t("key-facts") }),
    view.evidence ? el("p", { className: "fact-evidence" }, evidenceBadge(view.evidence, { testid: "evidence" })) : null,
    factList(t("may-help"), view.may_help, "may-help", lang),
    factList(t("should-not-have"), view.should_not_have, "should-not-have", lang),
    factList(t("main-risks"), view.main_risks, "main-risks", lang),
    // The reviewer comes only from a sign-off whose hash matches this page (Rust checks);
    // without one the page says when it last changed, and names no one.
    view.signoff
      ? el("p", { className: "fact-review", testid: "reviewed-by", text: t("reviewed-by", { name: view.signoff.by, date: view.signoff.date }) })
      : el("p", { className: "fact-review", testid: "last-updated", text: t("last-updated", { date: view.updated }) }),
    view.signoff
      ? el("p", { className: "fact-review", testid: "next-review", text: t("next-review", { date: view.signoff.next }) })
      : null,
  );
}

function sectionList(sections, body) {
  // Not read aloud: the sections' own headings are, where they are.
  return el("nav", {
    className: "section-list", testid: "section-list", "aria-labelledby": "k-sections", "data-no-speak": "",
  },
    el("h2", { id: "k-sections", text: t("sections") }),
    el("ul", {}, sections.map((s) => el("li", {},
      el("button", {
        className: "section-link", type: "button", testid: `section-link-${s.id}`,
        on: { click: () => scrollToTarget(body, s.id) },
      }, el("span", { "aria-hidden": "true", text: "↓ " }), s.title)))),
  );
}

function questionsSection(view, lang) {
  return el("section", { className: "explainer-questions", testid: "explainer-questions", "aria-labelledby": "k-questions" },
    el("h2", { id: "k-questions", text: t("questions-to-ask") }),
    el("div", { lang }, questionList(view.id, view.questions, "question-list")),
  );
}

function sourcesSection(sources, lang) {
  // Not read aloud: web addresses spoken letter by letter help nobody; the QR codes do.
  return el("section", {
    className: "sources", testid: "sources", "aria-labelledby": "k-sources", "data-no-speak": "",
  },
    el("h2", { id: "k-sources", text: t("sources") }),
    el("ol", { className: "source-list" }, sources.map((s, i) => source(s, i + 1, lang))),
  );
}

/** One source: its title, publisher and date, and a QR code of its web address if it has one. */
function source(s, n, lang) {
  const text = el("div", { className: "source-text", lang },
    el("p", { className: "source-title", text: s.title }),
    el("p", { className: "source-meta", text: [s.publisher, s.date].filter(Boolean).join(", ") }),
    s.address ? el("p", { className: "source-address", text: s.address }) : null,
  );
  const qr = s.qr
    ? el("figure", { className: "source-qr" },
      el("img", {
        src: s.qr, alt: `${t("scan-to-open")}: ${s.address || s.url || ""}`,
        testid: `source-qr-${n}`, draggable: "false",
      }),
      el("figcaption", { text: t("scan-to-open") }))
    : null;
  return el("li", { className: "source", testid: `source-${n}` }, el("div", { className: "source-row" }, text, qr));
}
