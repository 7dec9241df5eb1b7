// The author's panel, beside the kiosk's own screens in `clinic-kiosk preview`'s window (never
// on a kiosk: Rust answers these commands only in a preview window). For the page on screen it
// shows what Rust's preview::report found: the page's problems as file:line (tap one to copy
// it), its reading level with the sentences that push it up, its sign-off, and what differs
// between its languages; and it lets a clinician sign the page off as it is now.
// Written in English, as the staff panel is: it is for the people who write the pages.
import { el, show } from "./dom.js";

let ipc = null;
let aside = null;
/** What the panel reports on: {id, lang}, or null on screens that are not one page. */
let current = null;
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
  if (route.name !== "explainer") {
    current = null;
    show(aside, heading(), hint(route.name === "welcome"
      ? "Choose a language, then open a page to see its report."
      : "Open a page to see its problems, reading level, sign-off and languages."));
    return;
  }
  current = { id: route.id, lang };
  let report;
  try {
    report = await ipc.previewReport(route.id, lang);
  } catch (err) {
    if (mine === updateNo) show(aside, heading(), hint(`No report: ${err.message}`));
    return;
  }
  if (mine === updateNo) draw(report);
}

function heading() {
  return el("h2", { className: "pv-title", text: "Author's preview" });
}

function hint(text) {
  return el("p", { className: "pv-hint", testid: "pv-hint", text });
}

function draw(r) {
  show(aside,
    heading(),
    el("p", { className: "pv-file", testid: "pv-file" },
      el("strong", { text: r.title }), el("br"), el("code", { text: r.file })),
    signoff(r),
    section("Problems in this page", "pv-problems", r.problems.length
      ? problemList(r.problems, "pv-problem")
      : el("p", { className: "pv-ok", testid: "pv-no-problems", text: "None: check finds nothing in this file." })),
    reading(r.reading),
    section("Languages", "pv-languages", r.translations.length
      ? el("ul", { className: "pv-list" }, r.translations.map((t, i) => el("li", { testid: `pv-translation-${i}`, text: t })))
      : el("p", { className: "pv-ok", text: "The languages line up: same questions, sections and lists." })),
    r.elsewhere.length
      ? section(`Other files (${r.elsewhere.length})`, "pv-elsewhere", problemList(r.elsewhere, "pv-other"))
      : null,
  );
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

function signoff(r) {
  const status = el("p", { className: `pv-review pv-review-${r.review.status}`, testid: "pv-review", text: r.review.text });
  const name = el("input", {
    type: "text", id: "pv-by", testid: "pv-by", autocomplete: "off", maxlength: "120",
    placeholder: "Name, credentials (Dana Ruiz, MD)",
  });
  // Typed once per window: Rust remembers it for this preview window's life.
  name.value = r.reviewer || "";
  const next = el("input", { type: "text", id: "pv-next", testid: "pv-next", placeholder: "YYYY-MM-DD", maxlength: "10", inputmode: "numeric" });
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
            on: { click: () => doSign(r, name.value, next.value, message) },
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
    el("label", { for: "pv-by", className: "pv-label", text: "Reviewer" }), name,
    el("label", { for: "pv-next", className: "pv-label", text: "Next review (blank: a year from today)" }), next,
    sign, confirmBox, message);
}

async function doSign(r, by, next, message) {
  if (!current) return;
  message.textContent = "Signing…";
  try {
    const fresh = await ipc.previewSign(current.id, current.lang, by, next.trim() || null);
    notice = { page: fresh.page, text: "Signed. Recorded in reviews.toml." };
    draw(fresh);
  } catch (err) {
    message.textContent = err.message;
  }
}
