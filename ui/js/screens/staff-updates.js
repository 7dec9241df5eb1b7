// The staff panel's "Update content" section: the pack installed now, the packs Rust found on USB
// drives and in the inbox, a preview of the one staff pick (who signed it, when it was built, the
// pages it adds, changes and removes with their titles in every language, any problem `check`
// finds), Install, and Undo last update. Rust verifies, decides and switches; this only shows.
import { el, show } from "../dom.js";

function say(node, text, kind = "info") {
  node.textContent = text;
  node.dataset.kind = kind;
}

const CHANGE = { added: "Added", changed: "Changed", removed: "Removed" };

/** The section's element; `call(command, args)` reaches the staff plugin, `button` makes a button. */
export function updatesCard({ call, button }) {
  const section = el("section", {
    className: "staff-card staff-card-wide", testid: "staff-updates", "aria-labelledby": "staff-updates-title",
  }, el("h2", { id: "staff-updates-title", className: "staff-card-title", text: "Update content" }),
  el("p", { className: "staff-note", text: "Loading…" }));
  const status = el("p", { className: "staff-note", testid: "staff-update-status", role: "status", "aria-live": "polite" });
  const preview = el("div", { className: "staff-update-preview", testid: "staff-update-preview" });

  const load = async () => {
    try {
      fill(await call("updates"));
    } catch (err) {
      say(status, err.message, "error");
      show(section, title(), status);
    }
  };

  const title = () => el("h2", { id: "staff-updates-title", className: "staff-card-title", text: "Update content" });

  function fill(view) {
    const installed = view.installed
      ? `Installed: “${view.installed.name}” version ${view.installed.version}, built ${view.installed.created}, signed by ${view.installed.signer}.`
      : "Installed: content that did not come from a pack.";
    const undoTo = view.undo
      ? (view.undo.to ? `“${view.undo.to.name}” version ${view.undo.to.version}` : "the content from before the first pack")
      : null;
    const undo = button(undoTo ? `Undo last update (back to ${undoTo})` : "Undo last update", "staff-update-undo", async () => {
      undo.disabled = true;
      say(status, "Undoing…");
      try {
        const done = await call("update_undo");
        fill(done.view);
        say(status, done.message, "success");
      } catch (err) {
        undo.disabled = false;
        say(status, err.message, "error");
      }
    }, "button button-quiet");
    undo.disabled = !view.undo;
    const packs = view.packs.map((p, i) => el("li", {},
      button(`${p.file} (${p.place}, ${p.size}, ${p.modified})`, `staff-update-pack-${i}`,
        () => pick(p), "button button-quiet staff-update-pick")));
    show(section,
      title(),
      el("p", { className: "staff-summary", testid: "staff-update-installed", text: installed }),
      view.automatic ? el("p", { className: "staff-note", testid: "staff-update-automatic", text: view.automatic }) : null,
      view.warning ? el("p", { className: "staff-note", "data-kind": "error", testid: "staff-update-warning", text: view.warning }) : null,
      packs.length
        ? el("ul", { className: "staff-update-packs", testid: "staff-update-packs" }, packs)
        : el("p", { className: "staff-note", testid: "staff-update-none", text: `No content packs (.kpack files) found in ${view.looked_in.join(", ")}.` }),
      el("div", { className: "staff-actions" },
        button("Look again", "staff-update-scan", () => { show(preview); load(); }, "button button-quiet"), undo),
      preview,
      status);
  }

  async function pick(found) {
    show(preview, el("p", { className: "staff-note", text: `Checking ${found.file}…` }));
    say(status, "");
    let p;
    try {
      p = await call("update_preview", { path: found.path });
    } catch (err) {
      show(preview, el("p", { className: "staff-note", "data-kind": "error", testid: "staff-update-refusal", text: err.message }));
      return;
    }
    const pages = p.changes.pages.map((c, i) => el("li", { testid: `staff-update-change-${i}`, "data-change": c.change },
      el("span", { className: "staff-badge", text: CHANGE[c.change] }), " ",
      c.titles.map((t) => `${t.lang}: ${t.title}`).join(" · ")));
    const files = p.changes.files.map((f) => el("li", { "data-change": f.change },
      el("span", { className: "staff-badge", text: CHANGE[f.change] }), " ", el("code", { text: f.path })));
    const problems = p.problems.map((x, i) => el("li", {
      className: `staff-problem staff-problem-${x.severity}`, testid: `staff-update-problem-${i}`,
    }, el("span", { className: "staff-badge", text: x.severity === "error" ? "Error" : "Warning" }),
    el("code", { className: "staff-problem-text", text: x.text })));
    const install = button(`Install “${p.name}” version ${p.version}`, "staff-update-install", async () => {
      install.disabled = true;
      say(status, "Installing…");
      try {
        const done = await call("update_install", { path: p.path });
        show(preview);
        fill(done.view);
        say(status, done.message, "success");
      } catch (err) {
        install.disabled = false;
        say(status, err.message, "error");
      }
    });
    install.disabled = Boolean(p.refusal);
    show(preview,
      el("h3", { className: "staff-update-name", testid: "staff-update-name", text: `“${p.name}” version ${p.version}` }),
      el("dl", { className: "staff-stats" },
        el("div", { className: "staff-stat" }, el("dt", { text: "Signed by" }), el("dd", { testid: "staff-update-signer", text: p.signer })),
        el("div", { className: "staff-stat" }, el("dt", { text: "Built" }), el("dd", { testid: "staff-update-created", text: p.created })),
        el("div", { className: "staff-stat" }, el("dt", { text: "Installed now" }),
          el("dd", { text: p.installed_version === null ? "no pack" : `version ${p.installed_version}` }))),
      pages.length || files.length
        ? el("ul", { className: "staff-update-changes", testid: "staff-update-changes" }, pages, files)
        : el("p", { className: "staff-note", testid: "staff-update-changes", text: "It changes no page." }),
      problems.length
        ? el("ol", { className: "staff-problems", testid: "staff-update-problems" }, problems)
        : el("p", { className: "staff-note", text: "The content check finds no problems in it." }),
      p.refusal ? el("p", { className: "staff-note", "data-kind": "error", testid: "staff-update-refusal", text: p.refusal }) : null,
      el("div", { className: "staff-actions" }, install));
  }

  load();
  return section;
}
