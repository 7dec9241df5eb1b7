// Staff mode in the page: the hidden way in (a long press in a corner), the PIN pad, and the
// layer the staff panel is drawn in. Nothing on screen points patients here, and nothing here is
// trusted: Rust checks the PIN, keeps the lockout, and refuses every panel command until staff
// are in. Staff-facing text is English only, like the staff's other tools (clinic.toml, the CLI).
//
// Wiring (main.js): `installStaffGesture(ipc)` once at boot. Options: `corner` ("top-left",
// "top-right", "bottom-left", "bottom-right") and `onClose`, called after staff go back to patient
// mode. Every limit and timing (the hold, the idle close, PIN length, copies) is Rust's, asked for
// once with `limits`; the lockout's wording is Rust's too, asked for each second while locked.
import { el, show } from "../dom.js";
import { button, panel } from "./staff-panel.js";

/** How big the corner is: a place on screen, not a limit Rust keeps. */
const CORNER_PX = 96;
/** A finger that wanders further than this is scrolling, not holding. */
const MOVE_PX = 24;

let mode = null;

/**
 * Installs the gesture and the staff layer. `ipc` is the page's ipc module (its `call` is the
 * only way in to Rust). Returns `{open, close}` for tests and a keyboard shortcut, if wanted.
 */
export async function installStaffGesture(ipc, { corner = "top-left", onClose } = {}) {
  if (mode) return mode.api;
  let limits;
  try {
    limits = await ipc.staff("limits");
  } catch {
    return null; // No staff plugin answering: there is no way in, and nothing to show patients.
  }
  if (mode) return mode.api;
  addStylesheet();
  const layer = el("div", { className: "staff-layer", id: "staff-layer", testid: "staff-layer", lang: "en" });
  layer.hidden = true;
  document.body.append(layer);
  mode = new StaffMode(ipc, layer, onClose, limits);
  watchCorner(corner, limits.hold_ms, () => mode.openPad());
  return mode.api;
}

function addStylesheet() {
  if (document.querySelector("link[data-staff-styles]")) return;
  const link = el("link", { rel: "stylesheet", href: "styles/staff.css", "data-staff-styles": "" });
  document.head.append(link);
}

/** Calls `fire` when one finger (or the mouse) stays in the corner for `holdMs`. */
function watchCorner(corner, holdMs, fire) {
  let timer = null;
  let start = null;
  const cancel = () => {
    clearTimeout(timer);
    timer = null;
    start = null;
  };
  const inCorner = (x, y) => {
    const horizontal = corner.endsWith("left") ? x <= CORNER_PX : x >= window.innerWidth - CORNER_PX;
    const vertical = corner.startsWith("top") ? y <= CORNER_PX : y >= window.innerHeight - CORNER_PX;
    return horizontal && vertical;
  };
  const opts = { capture: true, passive: true };
  document.addEventListener("pointerdown", (event) => {
    // A second finger, or a press outside the corner, is not the gesture.
    if (!event.isPrimary || !inCorner(event.clientX, event.clientY) || mode.isOpen()) {
      cancel();
      return;
    }
    cancel();
    start = { x: event.clientX, y: event.clientY, id: event.pointerId };
    timer = setTimeout(() => {
      cancel();
      fire();
    }, holdMs);
  }, opts);
  document.addEventListener("pointermove", (event) => {
    if (start && event.pointerId === start.id
      && Math.hypot(event.clientX - start.x, event.clientY - start.y) > MOVE_PX) cancel();
  }, opts);
  for (const type of ["pointerup", "pointercancel"]) document.addEventListener(type, cancel, opts);
  window.addEventListener("blur", cancel);
}

class StaffMode {
  constructor(ipc, layer, onClose, limits) {
    this.ipc = ipc;
    this.limits = limits;
    this.layer = layer;
    this.onClose = onClose;
    this.open = false;
    this.lastTouch = 0;
    this.lastPing = 0;
    this.ticker = null;
    this.countdown = null;
    this.api = { open: () => this.openPad(), close: () => this.close() };
    const touched = () => this.touch();
    for (const type of ["pointerdown", "keydown", "wheel", "touchstart", "scroll"]) {
      layer.addEventListener(type, touched, { capture: true, passive: true });
    }
  }

  isOpen() {
    return this.open;
  }

  /** Calls the staff plugin; a closed staff session sends staff back to the pad. */
  async call(command, args = {}) {
    try {
      return await this.ipc.staff(command, args);
    } catch (err) {
      if (err && err.kind === "not-unlocked" && this.open) {
        this.openPad(err.message);
        return new Promise(() => {});
      }
      throw err;
    }
  }

  touch() {
    this.lastTouch = performance.now();
    if (this.inPanel && this.lastTouch - this.lastPing > this.limits.ping_ms) {
      this.lastPing = this.lastTouch;
      this.ipc.staff("status").catch(() => undefined);
    }
  }

  showLayer() {
    if (this.open) return;
    this.open = true;
    this.hidden = [document.getElementById("app"), document.getElementById("overlay")]
      .filter(Boolean)
      .map((node) => ({ node, inert: node.inert }));
    for (const { node } of this.hidden) node.inert = true;
    this.layer.hidden = false;
    this.touch();
    this.ticker = setInterval(() => {
      if (performance.now() - this.lastTouch >= this.limits.idle_ms) this.close();
    }, 1000);
  }

  /** Back to patient mode: Rust forgets the staff session, and the patient screen returns. */
  close() {
    if (!this.open) return;
    this.open = false;
    this.inPanel = false;
    clearInterval(this.ticker);
    clearInterval(this.countdown);
    this.ipc.staff("lock").catch(() => undefined);
    show(this.layer);
    this.layer.hidden = true;
    for (const { node, inert } of this.hidden) node.inert = inert;
    if (this.onClose) this.onClose();
  }

  /** Shows the PIN pad; `notice` is said first (for example, why the panel closed). */
  async openPad(notice) {
    this.showLayer();
    this.inPanel = false;
    clearInterval(this.countdown);
    let pad;
    try {
      pad = await this.ipc.staff("pad");
    } catch (err) {
      pad = { configured: false, locked_seconds: 0, tries_left: 0, message: err.message };
    }
    if (!this.open) return;
    this.renderPad(pad, notice);
  }

  renderPad(pad, notice) {
    const { min_digits: minDigits, max_digits: maxDigits } = this.limits;
    let digits = "";
    const message = el("p", {
      className: "staff-pad-message", testid: "staff-pad-message", role: "status", "aria-live": "polite",
    });
    const dots = el("p", { className: "staff-pin-dots", testid: "staff-pin-dots", "aria-live": "polite" });
    const enter = button("Enter", "staff-pin-enter", () => submit(), "button");
    const keys = [];
    const redraw = () => {
      dots.textContent = digits ? "●".repeat(digits.length) : "—";
      dots.setAttribute("aria-label", `${digits.length} digits entered`);
      enter.disabled = digits.length < minDigits || locked();
    };
    const locked = () => keys.length > 0 && keys[0].disabled;
    const setLocked = (on) => {
      for (const key of keys) key.disabled = on;
      redraw();
    };
    const press = (d) => {
      if (digits.length < maxDigits) digits += d;
      redraw();
    };
    const digit = (d) => {
      const key = button(d, `staff-digit-${d}`, () => press(d), "staff-key");
      keys.push(key);
      return key;
    };
    const back = button("⌫", "staff-pin-back", () => {
      digits = digits.slice(0, -1);
      redraw();
    }, "staff-key");
    back.setAttribute("aria-label", "Delete the last digit");
    const clear = button("Clear", "staff-pin-clear", () => {
      digits = "";
      redraw();
    }, "staff-key");
    keys.push(back, clear);

    // While locked, Rust is asked once a second: it keeps the lock, and its words say how long.
    const lockFor = (text) => {
      clearInterval(this.countdown);
      setLocked(true);
      message.textContent = text;
      this.countdown = setInterval(async () => {
        const now = await this.ipc.staff("pad").catch(() => null);
        if (!this.open || this.inPanel) return;
        if (now && now.locked_seconds > 0) {
          message.textContent = now.message;
          return;
        }
        clearInterval(this.countdown);
        setLocked(false);
        message.textContent = "Enter the staff PIN.";
      }, 1000);
    };

    const submit = async () => {
      if (digits.length < minDigits || locked()) return;
      const pin = digits;
      digits = "";
      setLocked(true);
      message.textContent = "Checking…";
      try {
        await this.ipc.staff("unlock", { pin });
        this.openPanel();
      } catch (err) {
        if (!this.open) return;
        if (err.kind === "locked") {
          lockFor(err.message);
        } else {
          setLocked(false);
          message.textContent = err.message;
          message.dataset.kind = err.kind;
        }
      }
    };

    const cancel = button(pad.configured ? "Cancel" : "Close", "staff-pad-cancel", () => this.close(), "button button-quiet");
    const grid = el("div", { className: "staff-keys", role: "group", "aria-label": "PIN digits" },
      ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map(digit), clear, digit("0"), back);
    const dialog = el("section", {
      className: "staff-pad", testid: "staff-pad", role: "dialog", "aria-modal": "true",
      "aria-labelledby": "staff-pad-title",
    },
      el("h2", { id: "staff-pad-title", className: "staff-pad-title", text: "Staff" }),
      message,
      pad.configured ? dots : null,
      pad.configured ? grid : null,
      el("div", { className: "staff-pad-actions" }, cancel, pad.configured ? enter : null),
    );
    show(this.layer, el("div", { className: "staff-pad-backdrop" }, dialog));
    redraw();
    if (!pad.configured) {
      message.textContent = pad.message || "Staff mode is not set up.";
      message.dataset.kind = "not-set-up";
      cancel.focus();
    } else if (pad.locked_seconds > 0) {
      lockFor(pad.message);
    } else {
      message.textContent = notice || "Enter the staff PIN.";
      keys[0].focus();
    }
    // A keyboard at the desk works too.
    dialog.addEventListener("keydown", (event) => {
      if (/^[0-9]$/.test(event.key) && !locked()) press(event.key);
      else if (event.key === "Backspace") back.click();
      else if (event.key === "Enter") submit();
      else if (event.key === "Escape") this.close();
      else return;
      event.preventDefault();
    });
  }

  openPanel() {
    if (!this.open) return;
    clearInterval(this.countdown);
    this.inPanel = true;
    this.lastPing = performance.now();
    show(this.layer, panel({
      call: (command, args) => this.call(command, args),
      back: () => this.close(),
      limits: this.limits,
    }));
    this.layer.querySelector("#staff-panel-title")?.focus({ preventScroll: true });
  }
}
