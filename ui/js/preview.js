// The author's panel, beside the kiosk's own screens in `clinic-kiosk preview`'s window (never
// on a kiosk: Rust answers these commands only in a preview window). For the page on screen it
// shows what Rust's preview::report found: the page's problems as file:line (tap one to copy
// it), its reading level with the sentences that push it up, its sign-off, and what differs
// between its languages; and it lets a clinician sign the page off as it is now.
// Written in English, as the staff panel is: it is for the people who write the pages.
import { el, show } from "./dom.js";

let ipc = null;
let aside = null;
let updateNo = 0;
/** A line to keep under the sign-off across the redraw the sign-off itself causes. */
let notice = null;

/** Adds the panel to the window; the kiosk's screens make room for it (styles: .previewing). */
export function install(ipcModule) {
  ipc = ipcModule;
  // Its styles load only here: a kiosk never has them.
  document.head.append(el("link", { rel: "stylesheet", href: "styles/preview.css" }));
  document.documentElement.classList.add("previewing");
  aside = el("aside", {
    id: "preview-panel", className: "preview-panel", testid: "preview-panel",
    "aria-label": "Author's preview",
  });
  document.body.append(aside);
  show(aside, heading(), hint("Choose a language, then open a page to see its report."));
}

/** Shows the report for the screen now shown: a page (`id`) in `lang`, or a hint. */
export async function update(route, lang) {
  if (!aside) return;
  const mine = ++updateNo;
  let ids;
  if (route.name === "explainer") ids = [route.id];
  else if (route.name === "lists") {
    // The question lists screen shows every list: one report each, in its order.
    try {
      ids = (await ipc.questionLists(lang)).lists.filter((l) => !l.fallback).map((l) => `lists/${l.id}`);
    } catch {
      ids = [];
    }
  } else {
    show(aside, heading(), hint(route.name === "welcome"
      ? "Choose a language, then open a page to see its report."
      : "Open a page or the question lists to see their problems, reading level, sign-off and languages."));
    return;
  }
  let reports;
  try {
    reports = await Promise.all(ids.map((id) => ipc.previewReport(id, lang)));
  } catch (err) {
    if (mine === updateNo) show(aside, heading(), hint(`No report: ${err.message}`));
    return;
  }
  if (mine === updateNo) draw(reports, lang);
}

function heading() {
  return el("h2", { className: "pv-title", text: "Author's preview" });
}

function hint(text) {
  return el("p", { className: "pv-hint", testid: "pv-hint", text });
}

/** Draws one report a page (several on the question lists screen). */
function draw(reports, lang) {
  if (!reports.length) {
    show(aside, heading(), hint("No page of this screen is written in this language: patients see the English."));
    return;
  }
  show(aside, heading(), reports.map((r, i) => el("div", { className: "pv-report", testid: `pv-report-${i}`, "data-page": r.page },
    reportView(r, lang, i === 0))));
}

/** `first`: the folder's other problems are listed once, under the first report. */
function reportView(r, lang, first) {
  return [
    el("p", { className: "pv-file", testid: "pv-file" },
      el("strong", { text: r.title }), el("br"), el("code", { text: r.file })),
    signoff(r, lang),
    section("Problems in this page", "pv-problems", r.problems.length
      ? problemList(r.problems, "pv-problem")
      : el("p", { className: "pv-ok", testid: "pv-no-problems", text: "None: check finds nothing in this file." })),
    reading(r.reading),
    section("Languages", "pv-languages", r.translations.length
      ? el("ul", { className: "pv-list" }, r.translations.map((t, i) => el("li", { testid: `pv-translation-${i}`, text: t })))
      : el("p", { className: "pv-ok", text: "The languages line up: same questions, sections and lists." })),
    first && r.elsewhere.length
      ? section(`Other files (${r.elsewhere.length})`, "pv-elsewhere", problemList(r.elsewhere, "pv-other"))
      : null,
  ];
}

function section(title, testid, ...children) {
  return el("section", { className: "pv-section", testid },
    el("h3", { text: title }), ...children);
}

function problemList(lines, prefix) {
  return el("ol", { className: "pv-list pv-problems" }, lines.map((line, i) => el("li", {},
    el("button", {
      type: "button", className: `pv-copy pv-${line.severity}`, testid: `${prefix}-${i}`,
      title: "Copy this line", on: { click: (e) => copy(line.text, e.currentTarget) },
    }, el("span", { className: "pv-badge", text: line.severity === "error" ? "Error" : "Warning" }),
    el("code", { text: line.text })))));
}

/** Copies `text` for the author's editor, and says so on the line. */
async function copy(text, button) {
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    // No clipboard API in this web view: the old way, through a hidden text field.
    const field = el("textarea", { className: "pv-offscreen", "aria-hidden": "true" });
    field.value = text;
    document.body.append(field);
    field.select();
    try { done = document.execCommand("copy"); } catch { done = false; }
    field.remove();
  }
  const note = button.parentElement.querySelector(".pv-copied") || el("span", { className: "pv-copied", testid: "pv-copied" });
  note.textContent = done ? "Copied." : "Could not copy: select the text instead.";
  button.after(note);
}

function reading(level) {
  if (!level) {
    return section("Reading level", "pv-reading",
      el("p", { className: "pv-hint", text: "Too short to score, or no formula for this language." }));
  }
  return section("Reading level", "pv-reading",
    el("p", { className: level.passes ? "pv-ok" : "pv-bad", testid: "pv-reading-score",
      text: `${level.label} (aim for ${level.target})${level.passes ? "" : ": too hard"}.` }),
    level.hardest.length
      ? [el("p", { className: "pv-note", text: "Sentences that push it up, hardest first:" }),
        el("ol", { className: "pv-list" }, level.hardest.map((s, i) => el("li", { testid: `pv-hard-${i}` },
          el("span", { className: "pv-badge", text: s.label }), " ", s.text)))]
      : el("p", { className: "pv-note", text: "No sentence is past the target on its own." }));
}

function signoff(r, lang) {
  const status = el("p", { className: `pv-review pv-review-${r.review.status}`, testid: "pv-review", text: r.review.text });
  // Ids per page: the question lists screen shows several reports at once.
  const key = r.page.replace(/[^a-z0-9]/g, "-");
  const name = el("input", {
    type: "text", id: `pv-by-${key}`, testid: "pv-by", autocomplete: "off", maxlength: "120",
    placeholder: "Name, credentials (Dana Ruiz, MD)",
  });
  // Typed once per window: Rust remembers it for this preview window's life.
  name.value = r.reviewer || "";
  const next = el("input", { type: "text", id: `pv-next-${key}`, testid: "pv-next", placeholder: "YYYY-MM-DD", maxlength: "10", inputmode: "numeric" });
  const message = el("p", { className: "pv-note", testid: "pv-sign-message", role: "status",
    text: notice && notice.page === r.page ? notice.text : "" });
  const confirmBox = el("div", { className: "pv-confirm", testid: "pv-confirm", hidden: true });
  const sign = el("button", {
    type: "button", className: "pv-button", testid: "pv-sign", text: "Sign off this page…",
    on: {
      click: () => {
        if (!name.value.trim()) {
          message.textContent = "Type the reviewer's name and credentials first.";
          name.focus();
          return;
        }
        show(confirmBox,
          el("p", { text: `Sign off “${r.title}” (${r.page}) exactly as it is now, as ${name.value.trim()}? Sign only a page you have read in full, in its language.` }),
          el("button", {
            type: "button", className: "pv-button pv-button-strong", testid: "pv-sign-confirm", text: "Yes, sign it off",
            on: { click: () => doSign(r, lang, name.value, next.value, message) },
          }),
          el("button", {
            type: "button", className: "pv-button", testid: "pv-sign-cancel", text: "Cancel",
            on: { click: () => { confirmBox.hidden = true; } },
          }));
        confirmBox.hidden = false;
      },
    },
  });
  return section("Clinical sign-off", "pv-signoff", status,
    el("label", { for: `pv-by-${key}`, className: "pv-label", text: "Reviewer" }), name,
    el("label", { for: `pv-next-${key}`, className: "pv-label", text: "Next review (blank: a year from today)" }), next,
    sign, confirmBox, message);
}

async function doSign(r, lang, by, next, message) {
  message.textContent = "Signing…";
  // `en/lists/first-visit` → `lists/first-visit`: the id a page goes by in every language.
  const id = r.page.split("/").slice(1).join("/");
  try {
    const fresh = await ipc.previewSign(id, lang, by, next.trim() || null);
    notice = { page: fresh.page, text: "Signed. Recorded in reviews.toml." };
    message.textContent = notice.text;
    aside.querySelectorAll(`[data-page="${CSS.escape(fresh.page)}"] [data-testid=pv-review]`)
      .forEach((p) => { p.textContent = fresh.review.text; p.className = `pv-review pv-review-${fresh.review.status}`; });
  } catch (err) {
    message.textContent = err.message;
  }
}
