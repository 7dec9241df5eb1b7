// Starts the UI and moves between screens. Patient data lives only in state.js, in memory; a
// session ends by reloading the page, so every module, listener and element starts again from
// nothing and no trace of the last patient is left behind.
import * as ipc from "./ipc.js";
import * as i18n from "./i18n.js";
import * as state from "./state.js";
import * as idle from "./idle.js";
import * as speech from "./speech.js";
import { el, show } from "./dom.js";
import { installLockdown } from "./lockdown.js";
import { header, sessionBar, myQuestionsLabel } from "./chrome.js";
import { welcomeScreen } from "./screens/welcome.js";
import { homeScreen, isEmpty } from "./screens/home.js";
import { explainerScreen } from "./screens/explainer.js";
import { listsScreen } from "./screens/lists.js";
import { reviewScreen } from "./screens/review.js";
import { errorScreen, emptyScreen } from "./screens/error.js";
import { installStaffGesture } from "./screens/staff.js";
import * as preview from "./preview.js";

const app = document.getElementById("app");
const overlay = document.getElementById("overlay");
const DEFAULTS = { idle_seconds: 120, warning_seconds: 20, printing: false };

let info = null;
/** Where the patient is: {name, id?}. `trail` is the way back, newest last. */
let route = { name: "welcome" };
let trail = [];
/** Each render gets a number; a slow reply for an older one is dropped. */
let renderNo = 0;

async function boot() {
  installLockdown();
  // Staff only: a long press in the top-left corner (Rust says how long) opens the PIN pad;
  // nothing shows it.
  installStaffGesture(ipc, { onClose: () => render({ keepScroll: true }) });
  // Reading stops when the idle question comes up (idle.js shows it in the overlay).
  new MutationObserver(() => { if (!overlay.hidden) speech.stop(); })
    .observe(overlay, { attributes: true, attributeFilter: ["hidden"] });
  state.onPicksChanged(() => {
    const button = app.querySelector("[data-testid=my-questions]");
    if (button) button.textContent = myQuestionsLabel();
  });
  ipc.onContentChanged(async () => {
    if (!info) return;
    // Between sessions, clinic.toml's changes (name, languages, timings) apply at once.
    if (route.name === "welcome") await loadInfo().catch(() => undefined);
    render({ keepScroll: true });
  });
  try {
    await loadInfo();
    setLang(info.default_language);
    if (info.preview) preview.install(ipc);
  } catch (err) {
    show(app, errorScreen(err, {}));
    // A kiosk has nobody to press reload: try again in a while.
    setTimeout(() => window.location.reload(), 30000);
    return;
  }
  await render();
}

async function loadInfo() {
  const next = { ...DEFAULTS, ...(await ipc.kioskInfo()) };
  await i18n.load(next.languages.map((l) => l.code));
  info = next;
  speech.configure({ available: info.speech });
}

function setLang(lang) {
  state.setLang(lang);
  i18n.use(lang);
  document.documentElement.lang = lang;
}

/** Starts a session in `lang`, from the welcome screen. */
function start(lang) {
  setLang(lang);
  ipc.sessionStart(lang);
  // An author reading a page must not be sent back to the welcome screen mid-sentence.
  if (!info.preview) {
    idle.start({
      idleSeconds: info.idle_seconds, warningSeconds: info.warning_seconds,
      overlay, app, onTimeout: endSession,
    });
  }
  go({ name: "home" }, { replace: true });
}

/** Ends the session: tells Rust (for anonymous counts), then starts the page afresh. */
async function endSession() {
  speech.stop();
  idle.stop();
  show(app);
  // Rust needs the call to arrive, not to answer; a hung backend must not keep the page alive.
  await Promise.race([ipc.sessionEnd(), new Promise((r) => setTimeout(r, 1500))]);
  window.scrollTo(0, 0);
  window.location.reload();
}

function go(next, { replace = false } = {}) {
  if (!replace) trail.push({ route, scroll: window.scrollY });
  route = next;
  render();
}

function home() {
  trail = [];
  go({ name: "home" }, { replace: true });
}

function back() {
  const prev = trail.pop();
  if (!prev) return home();
  route = prev.route;
  render({ scrollTo: prev.scroll });
}

const actions = {
  openExplainer: (id) => go({ name: "explainer", id }),
  openLists: () => go({ name: "lists" }),
  review: () => { if (route.name !== "review") go({ name: "review" }); },
  print: async () => {
    const s = state.get();
    try {
      await ipc.printChecklist(s.lang, state.picksForRust());
      return { status: "printed" };
    } catch (err) {
      return { status: "error", kind: err.kind };
    }
  },
};

/** Fetches what the current screen shows and returns its element. */
async function build() {
  const lang = state.get().lang;
  switch (route.name) {
    case "home": {
      const lib = await ipc.library(lang);
      return isEmpty(lib) ? emptyScreen() : homeScreen(lib, actions);
    }
    case "explainer": {
      const view = await ipc.explainer(route.id, lang);
      return explainerScreen(view, actions);
    }
    case "lists":
      return listsScreen(await ipc.questionLists(lang), actions);
    case "review":
      return reviewScreen({
        printing: !!info.printing, print: actions.print, ownMax: info.own_question_chars || 200,
      });
    default:
      throw { kind: "unexpected", message: `unknown screen ${route.name}` };
  }
}

/**
 * Shows the current route. `keepScroll` keeps the scroll position (a live content update);
 * `scrollTo` restores one (Back).
 */
async function render({ keepScroll = false, scrollTo = 0 } = {}) {
  const mine = ++renderNo;
  // What was being read is about to leave the screen.
  speech.stop();
  const y = keepScroll ? window.scrollY : scrollTo;
  if (route.name === "welcome") {
    await renderWelcome(mine);
    return;
  }
  let screen;
  try {
    screen = await build();
  } catch (err) {
    screen = errorScreen(err, { home });
  }
  if (mine !== renderNo) return;
  const focused = document.activeElement?.dataset?.testid;
  show(app, header(chromeContext()), el("main", { className: "content", id: "k-main" }, screen),
    sessionBar(chromeContext()));
  window.scrollTo(0, y);
  if (keepScroll) refocus(focused);
  else app.querySelector("#k-screen-title")?.focus({ preventScroll: true });
  if (info.preview) preview.update(route, state.get().lang);
}

/** Redraws only the header and the bottom bar (a setting changed; the content did not). */
function repaintChrome() {
  const focused = document.activeElement?.dataset?.testid;
  app.querySelector("header.chrome")?.replaceWith(header(chromeContext()));
  app.querySelector(".session-bar")?.replaceWith(sessionBar(chromeContext()));
  refocus(focused);
}

function refocus(testid) {
  if (!testid) return;
  const target = app.querySelector(`[data-testid="${CSS.escape(testid)}"]`);
  if (target && !target.disabled) target.focus({ preventScroll: true });
}

async function renderWelcome(mine) {
  // A kiosk with nothing to read says so at once instead of asking for a language.
  let screen;
  try {
    const lib = await ipc.library(info.default_language);
    screen = isEmpty(lib) ? emptyScreen() : welcomeScreen(info, { start });
  } catch (err) {
    screen = errorScreen(err, {});
  }
  if (mine !== renderNo) return;
  show(app, el("main", { className: "content content-welcome", id: "k-main" }, screen));
  window.scrollTo(0, 0);
  if (info.preview) preview.update(route, state.get().lang);
  // For scripts/bench's launch breakdown: when the welcome screen is in the page.
  performance.mark("welcome-shown");
}

function chromeContext() {
  return {
    screen: route.name,
    canBack: trail.length > 0,
    languages: info.languages,
    home,
    back,
    review: actions.review,
    startOver: endSession,
    textSize: (delta) => {
      state.stepText(delta);
      document.documentElement.style.setProperty("--text-scale", String(state.textScale()));
      document.documentElement.classList.toggle("text-large", state.textScale() >= 1.75);
      repaintChrome();
    },
    toggleContrast: () => {
      state.setContrast(!state.get().contrast);
      document.documentElement.classList.toggle("high-contrast", state.get().contrast);
      repaintChrome();
    },
    switchLang: async (lang) => {
      try {
        await i18n.load([lang]);
        const picks = state.get().picks.filter((p) => !p.own).map(({ doc, key }) => ({ doc, key }));
        if (picks.length) state.setTexts((await ipc.resolveQuestions(lang, picks)).questions);
      } catch {
        // The old texts stay: a question in the other language is better than none.
      }
      setLang(lang);
      render({ keepScroll: false });
    },
  };
}

boot();
