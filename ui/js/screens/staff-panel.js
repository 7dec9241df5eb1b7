// The staff panel: content status and reload, printing (any checklist, a test page, and the
// printer's state), the last 30 days of usage counts with their chart and CSV export, and the ways
// out (back to patient mode, exit the kiosk), and "Update content" (staff-updates.js: content
// packs from a USB drive or the inbox). Every section loads on its own, so a slow printer
// check never holds up the rest. All data comes from the Rust staff plugin's commands as plain values.
import { el, show } from "../dom.js";
import { usageChart } from "./staff-chart.js";
import { updatesCard } from "./staff-updates.js";

/** A button with a test id; `className` defaults to the kiosk's button. */
export function button(label, testid, onClick, className = "button") {
  return el("button", { type: "button", className, testid, on: { click: onClick } }, label);
}

function card(id, title, ...children) {
  return el("section", { className: "staff-card", testid: `staff-${id}`, "aria-labelledby": `staff-${id}-title` },
    el("h2", { id: `staff-${id}-title`, className: "staff-card-title", text: title }),
    ...children);
}

function note(testid) {
  return el("p", { className: "staff-note", testid, role: "status", "aria-live": "polite" });
}

function say(node, text, kind = "info") {
  node.textContent = text;
  node.dataset.kind = kind;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The panel's element. `call(command, args)` reaches the staff plugin; `back()` returns to patient
 * mode; `limits` are Rust's (copies, timings).
 */
export function panel({ call, back, limits }) {
  const clinic = el("p", { className: "staff-clinic", testid: "staff-clinic" });
  const content = card("content", "Content", el("p", { className: "staff-note", text: "Loading…" }));
  const printing = card("printing", "Printing", el("p", { className: "staff-note", text: "Loading…" }));
  const usage = card("usage", "Usage, last 30 days", el("p", { className: "staff-note", text: "Loading…" }));
  usage.classList.add("staff-card-wide");
  const root = el("div", {
    className: "staff-panel", testid: "staff-panel", role: "dialog", "aria-modal": "true",
    "aria-labelledby": "staff-panel-title",
  },
    el("header", { className: "staff-header" },
      el("div", {},
        el("h1", { id: "staff-panel-title", className: "staff-title", tabindex: "-1", text: "Staff panel" }),
        clinic),
      el("div", { className: "staff-header-actions" },
        button("Back to patient mode", "staff-back", back),
        exitControls(call))),
    el("div", { className: "staff-grid" }, content, printing, usage, updatesCard({ call, button })));

  call("status").then((status) => {
    clinic.textContent = status.clinic;
    fillContent(content, status.content, call);
    fillPrinting(printing, status, call, limits);
    fillUsage(usage, status, call);
  }, (err) => {
    for (const section of [content, printing, usage]) {
      const msg = note("staff-error");
      say(msg, err.message, "error");
      section.append(msg);
    }
  });
  return root;
}

function fillContent(section, status, call) {
  const reloadNote = note("staff-reload-status");
  const reload = button("Reload content", "staff-reload", async () => {
    reload.disabled = true;
    say(reloadNote, "Reloading…");
    try {
      const fresh = await call("reload");
      fillContent(section, fresh, call);
      say(section.querySelector("[data-testid=staff-reload-status]"),
        `Reloaded: ${plural(fresh.errors, "error")}, ${plural(fresh.warnings, "warning")}.`, "success");
    } catch (err) {
      reload.disabled = false;
      say(reloadNote, err.message, "error");
    }
  });
  const problems = status.problems.map((p, i) => el("li", {
    className: `staff-problem staff-problem-${p.severity}`, testid: `staff-problem-${i}`,
  },
    el("span", { className: "staff-badge", text: p.severity === "error" ? "Error" : "Warning" }),
    el("code", { className: "staff-problem-text", text: p.text })));
  show(section,
    el("h2", { id: "staff-content-title", className: "staff-card-title", text: "Content" }),
    el("p", { className: "staff-note", text: `From ${status.folder}` }),
    el("ul", { className: "staff-langs" }, status.languages.map((l) => el("li", {
      testid: `staff-lang-${l.code}`,
      text: `${l.code}: ${plural(l.explainers, "explainer")}, ${plural(l.lists, "question list")}`,
    }))),
    el("p", {
      className: "staff-summary", testid: "staff-problem-count",
      text: status.problems.length
        ? `${plural(status.errors, "error")}, ${plural(status.warnings, "warning")}. A file with an error is left out (or kept at its last good version); a warning is shown but should be fixed.`
        : "No problems found.",
    }),
    problems.length ? el("ol", { className: "staff-problems", testid: "staff-problems" }, problems) : null,
    withheld(status),
    el("div", { className: "staff-actions" }, reload),
    reloadNote);
}

// Pages `[review] require_signoff` keeps from patients, each with why; otherwise one line on how
// many pages no clinician has signed yet.
function withheld(status) {
  if (status.withheld.length) {
    return el("div", { testid: "staff-withheld" },
      el("p", { className: "staff-summary", text: `${plural(status.withheld.length, "page")} hidden from patients until a clinician signs them off (clinic-kiosk review sign):` }),
      el("ul", { className: "staff-problems" }, status.withheld.map((w, i) => el("li", {
        className: "staff-problem staff-problem-warning", testid: `staff-withheld-${i}`,
      },
        el("span", { className: "staff-badge", text: "Hidden" }),
        el("code", { className: "staff-problem-text", text: `${w.page} “${w.title}”: ${w.reason}` })))));
  }
  if (status.never_signed) {
    return el("p", { className: "staff-note", testid: "staff-never-signed",
      text: `${plural(status.never_signed, "page")} not signed off by a clinician yet (clinic-kiosk review status).` });
  }
  return null;
}

function fillPrinting(section, status, call, limits) {
  const printerNote = el("p", { className: "staff-printer", testid: "staff-printer-status", role: "status" },
    "Asking the printer…");
  const checkPrinter = async () => {
    try {
      const printer = await call("printer");
      printerNote.dataset.state = printer.state;
      printerNote.textContent = printer.state === "ready" ? `Ready. ${printer.message}` : printer.message;
    } catch (err) {
      say(printerNote, err.message, "error");
    }
  };
  const checklist = el("select", { id: "staff-print-checklist", testid: "staff-print-checklist" },
    group("Explainers", status.checklists.filter((c) => c.kind === "explainer")),
    group("Question lists", status.checklists.filter((c) => c.kind === "list")));
  const lang = el("select", { id: "staff-print-lang", testid: "staff-print-lang" },
    status.languages.map((l) => el("option", { value: l.code, text: `${l.name} (${l.code})` })));
  let copies = 1;
  const count = el("output", { className: "staff-copies", testid: "staff-copies", "aria-live": "polite", text: "1" });
  const step = (delta) => {
    copies = Math.min(limits.max_copies, Math.max(1, copies + delta));
    count.textContent = String(copies);
  };
  const less = button("−", "staff-copies-less", () => step(-1), "button button-quiet button-square");
  less.setAttribute("aria-label", "One copy fewer");
  const more = button("+", "staff-copies-more", () => step(1), "button button-quiet button-square");
  more.setAttribute("aria-label", "One copy more");
  const printNote = note("staff-print-status");
  const send = async (command, args, what) => {
    say(printNote, `Printing ${what}…`);
    try {
      const done = await call(command, args);
      say(printNote, `Sent ${what} to the printer (job ${done.job}).`, "success");
    } catch (err) {
      say(printNote, err.message, "error");
    }
  };
  const print = button("Print", "staff-print", () => {
    const choice = checklist.selectedOptions[0];
    if (!choice) return;
    send("print", { checklist: checklist.value, lang: lang.value, copies },
      `${plural(copies, "copy", "copies")} of “${choice.textContent}”`);
  });
  const testPage = button("Print a test page", "staff-test-page",
    () => send("test_page", {}, "a test page"), "button button-quiet");
  show(section,
    el("h2", { id: "staff-printing-title", className: "staff-card-title", text: "Printing" }),
    printerNote,
    el("div", { className: "staff-actions" },
      button("Check the printer again", "staff-printer-refresh", checkPrinter, "button button-quiet")),
    el("div", { className: "staff-form" },
      el("label", { for: "staff-print-checklist", text: "Checklist" }), checklist,
      el("label", { for: "staff-print-lang", text: "Language" }), lang,
      el("span", { className: "staff-label", id: "staff-copies-label", text: "Copies" }),
      el("div", { className: "staff-stepper", role: "group", "aria-labelledby": "staff-copies-label" },
        less, count, more)),
    el("div", { className: "staff-actions" }, print, testPage),
    printNote);
  if (!status.checklists.length) {
    print.disabled = true;
    say(printNote, "There are no checklists to print: no explainer or question list has questions.");
  }
  checkPrinter();
}

function group(label, choices) {
  if (!choices.length) return null;
  return el("optgroup", { label }, choices.map((c) => el("option", { value: c.id, text: c.title })));
}

function fillUsage(section, status, call) {
  const exportNote = note("staff-export-status");
  const exportButton = button("Export counts as CSV", "staff-export", async () => {
    say(exportNote, "Exporting…");
    try {
      const done = await call("export");
      say(exportNote, `Saved ${plural(done.rows, "row")} to ${done.path}.`, "success");
    } catch (err) {
      say(exportNote, err.message, "error");
    }
  }, "button button-quiet");
  const body = el("div", { className: "staff-usage-body", testid: "staff-usage-body" },
    el("p", { className: "staff-note", text: "Loading…" }));
  const refresh = async () => {
    try {
      show(body, ...usageView(await call("usage")));
    } catch (err) {
      const msg = note("staff-usage-error");
      say(msg, err.message, "error");
      show(body, msg);
    }
  };
  show(section,
    el("h2", { id: "staff-usage-title", className: "staff-card-title", text: "Usage, last 30 days" }),
    el("p", { className: "staff-note", text: "Anonymous counts only: nothing about who used the kiosk or what they chose." }),
    body,
    el("div", { className: "staff-actions" },
      button("Refresh", "staff-usage-refresh", refresh, "button button-quiet"), exportButton),
    el("p", { className: "staff-note", text: status.export_folder
      ? `Exports go to ${status.export_folder}.`
      : "To export, set export_folder under [staff] in clinic.toml." }),
    exportNote);
  refresh();
}

function usageView(usage) {
  const t = usage.totals;
  const langs = Object.entries(t.sessions_by_language).map(([code, n]) => `${code} ${n}`).join(", ");
  const views = Object.entries(t.explainer_views).sort((a, b) => b[1] - a[1]);
  const total = views.reduce((n, [, v]) => n + v, 0);
  const stat = (label, value, testid) => el("div", { className: "staff-stat" },
    el("dt", { text: label }), el("dd", { testid, text: String(value) }));
  return [
    usageChart(usage.days),
    el("p", { className: "staff-legend", "aria-hidden": "true" },
      el("span", { className: "staff-swatch staff-swatch-bar" }), "Sessions  ",
      el("span", { className: "staff-swatch staff-swatch-line" }), "Explainer views"),
    el("dl", { className: "staff-stats" },
      stat("Sessions started", t.sessions, "staff-usage-sessions"),
      stat("By language", langs || "—", "staff-usage-languages"),
      stat("Explainer views", total, "staff-usage-views"),
      stat("Checklists printed", t.checklists_printed, "staff-usage-printed")),
    views.length
      ? el("table", { className: "staff-table", testid: "staff-usage-explainers" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Explainer" }), el("th", { scope: "col", text: "Views" }))),
        el("tbody", {}, views.map(([id, n]) => el("tr", { testid: `staff-usage-explainer-${id}` },
          el("td", { text: id }), el("td", { text: String(n) })))))
      : null,
    el("p", { className: "staff-note", text: `Counts are kept in ${usage.kept_in}.` }),
    usage.warning ? el("p", { className: "staff-note", "data-kind": "error", text: usage.warning }) : null,
  ];
}

function exitControls(call) {
  const area = el("div", { className: "staff-exit" });
  const ask = () => {
    const msg = note("staff-exit-status");
    const yes = button("Yes, exit the kiosk", "staff-exit-confirm", async () => {
      yes.disabled = true;
      say(msg, "Closing…");
      try {
        await call("exit");
      } catch (err) {
        yes.disabled = false;
        say(msg, err.message, "error");
      }
    }, "button staff-danger");
    const no = button("No", "staff-exit-cancel", idle, "button button-quiet");
    show(area, el("p", { className: "staff-exit-question", text: "Close the kiosk? The computer's desktop will show." }),
      yes, no, msg);
    no.focus();
  };
  const idle = () => show(area, button("Exit kiosk", "staff-exit", ask, "button button-quiet staff-danger"));
  idle();
  return area;
}
