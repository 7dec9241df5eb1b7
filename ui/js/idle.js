// The privacy timer: after a quiet spell, ask "Are you still there?" with a countdown, and end the
// session if nobody answers. It runs only during a session (not on the welcome screen).
import { el, show } from "./dom.js";
import { t } from "./i18n.js";

const ACTIVITY = ["pointerdown", "keydown", "wheel", "scroll", "touchstart"];

let timer = null;
let lastActivity = 0;
let warningUntil = 0;
let config = null;

function now() {
  return performance.now();
}

function onActivity() {
  // While the question is up, only the answer counts: a stray touch must not hide it.
  if (!warningUntil) lastActivity = now();
}

/**
 * Starts watching. `overlay` is the element the question is shown in; `onTimeout` ends the
 * session; `app` is made inert while the question is up.
 */
export function start({ idleSeconds, warningSeconds, overlay, app, onTimeout }) {
  stop();
  config = { idleSeconds, warningSeconds, overlay, app, onTimeout };
  lastActivity = now();
  for (const type of ACTIVITY) document.addEventListener(type, onActivity, { capture: true, passive: true });
  timer = setInterval(tick, 250);
}

export function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  for (const type of ACTIVITY) document.removeEventListener(type, onActivity, { capture: true });
  if (config) hide();
  warningUntil = 0;
  config = null;
}

/** Restarts the full idle time, as a tap on "I'm still here" does. */
export function stillHere() {
  warningUntil = 0;
  lastActivity = now();
  hide();
}

function tick() {
  if (!config) return;
  const t0 = now();
  if (!warningUntil) {
    if (t0 - lastActivity >= config.idleSeconds * 1000) {
      warningUntil = t0 + config.warningSeconds * 1000;
      showQuestion();
    }
    return;
  }
  const left = Math.ceil((warningUntil - t0) / 1000);
  if (left <= 0) {
    const done = config.onTimeout;
    stop();
    done();
    return;
  }
  updateCountdown(left);
}

function showQuestion() {
  const { overlay, app, warningSeconds } = config;
  config.returnFocus = document.activeElement;
  const seconds = el("span", { className: "idle-number", testid: "idle-countdown", text: String(warningSeconds) });
  const body = el("p", { id: "k-idle-body", className: "idle-body", testid: "idle-body" },
    t("idle-body", { seconds: String(warningSeconds) }));
  const stay = el("button", {
    className: "button button-huge", type: "button", testid: "idle-stay",
    on: { click: stillHere },
  }, t("idle-stay"));
  show(overlay, el("div", {
    className: "idle-dialog", role: "alertdialog", "aria-modal": "true",
    "aria-labelledby": "k-idle-title", "aria-describedby": "k-idle-body", testid: "idle-dialog",
  },
    el("h2", { id: "k-idle-title", className: "idle-title", text: t("idle-title") }),
    el("p", { className: "idle-count", "aria-hidden": "true" }, seconds),
    body,
    stay,
  ));
  overlay.hidden = false;
  app.inert = true;
  app.setAttribute("aria-hidden", "true");
  stay.focus();
}

function updateCountdown(left) {
  const { overlay, warningSeconds } = config;
  const number = overlay.querySelector("[data-testid=idle-countdown]");
  const body = overlay.querySelector("[data-testid=idle-body]");
  const shown = String(Math.min(left, warningSeconds));
  if (number && number.textContent !== shown) {
    number.textContent = shown;
    body.textContent = t("idle-body", { seconds: shown });
  }
}

function hide() {
  const { overlay, app, returnFocus } = config;
  overlay.replaceChildren();
  overlay.hidden = true;
  app.inert = false;
  app.removeAttribute("aria-hidden");
  config.returnFocus = null;
  if (returnFocus && returnFocus.isConnected) returnFocus.focus({ preventScroll: true });
}
