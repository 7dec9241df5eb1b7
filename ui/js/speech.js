// Read aloud: the Listen bar of a screen, and reading a screen sentence by sentence. Rust owns
// the voice (speech.rs, espeak-ng); this module decides what is read, in reading order, marks the
// sentence being spoken and keeps it in view. Each sentence is one `speak` call, so Pause, Stop
// and Slower act at once, and Go on starts again at the sentence that was cut.
//
// Nothing spoken is kept: the sentences live only while they are read, in this page's memory.
import * as ipc from "./ipc.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { icon } from "./widgets.js";

/** The blocks of text that are read, each on its own; the innermost one wins. */
const BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, td, th, figcaption, .question-text, .review-text, .badge-words";
const HIGHLIGHT = "k-speaking";

let offered = false;
/** The reading under way: {sentences, index, slow, paused, gen, bar}, or null. */
let run = null;
let slow = false;

/** Says whether this kiosk offers read-aloud (kiosk_info's `speech`). */
export function configure({ available }) {
  offered = !!available;
}

export const isOffered = () => offered;

/** The Listen bar of a screen; `root()` is the element whose text it reads. */
export function listenBar(root) {
  if (!offered) return null;
  const bar = el("div", {
    className: "listen-bar", role: "group", "aria-label": t("listen"), testid: "listen-bar",
    "data-no-speak": "",
  });
  bar.paint = () => paintBar(bar, root);
  bar.paint();
  return bar;
}

function paintBar(bar, root) {
  const mine = run && run.bar === bar;
  const state = !mine ? "idle" : run.paused ? "paused" : "playing";
  bar.dataset.state = state;
  const button = (testid, label, shape, on, extra = {}) => el("button", {
    className: "button button-quiet", type: "button", testid, on: { click: on }, ...extra,
  }, shape ? icon(shape, "icon listen-icon") : null, label);
  const slower = button("listen-slower", t("listen-slower"), null, toggleSlow,
    { "aria-pressed": slow ? "true" : "false" });
  const parts = state === "idle"
    ? [button("listen-button", t("listen"), "speaker", () => readScreen(root(), bar)), slower]
    : [
      state === "playing"
        ? button("listen-pause", t("listen-pause"), "pause", pause)
        : button("listen-resume", t("listen-resume"), "play", resume),
      button("listen-stop", t("listen-stop"), "stop", stop),
      slower,
    ];
  const status = bar.querySelector(".listen-status")
    || el("p", { className: "listen-status", role: "status", testid: "listen-status" });
  bar.replaceChildren(...parts, status);
}

/** A small button that reads just one question (`textEl` holds its words). */
export function listenButton(textEl, testid) {
  if (!offered) return null;
  return el("button", {
    className: "button button-quiet button-square listen-one", type: "button", testid,
    "aria-label": `${t("listen")}: ${textEl.textContent}`,
    on: { click: (event) => { event.stopPropagation(); readScreen(textEl, null); } },
  }, icon("speaker", "icon listen-icon"));
}

/** Stops reading: leaving a screen, the idle question, the session's end. Harmless when idle. */
export function stop() {
  const was = run;
  run = null;
  unmark();
  if (was) {
    ipc.speechStop();
    was.bar?.paint();
  }
}

function readScreen(root, bar) {
  stop();
  if (!root) return;
  const sentences = sentencesIn(root);
  if (!sentences.length) return;
  run = { sentences, index: 0, paused: false, gen: 0, bar };
  bar?.querySelector(".listen-status")?.replaceChildren();
  play(run);
  bar?.paint();
}

function pause() {
  if (!run || run.paused) return;
  run.paused = true;
  run.gen++;
  ipc.speechStop();
  run.bar?.paint();
}

function resume() {
  if (!run || !run.paused) return;
  run.paused = false;
  play(run);
  run.bar?.paint();
}

function toggleSlow() {
  slow = !slow;
  if (run && !run.paused) {
    // The sentence under way starts again at the new speed.
    run.gen++;
    play(run);
  }
  document.querySelectorAll("[data-testid=listen-bar]").forEach((bar) => bar.paint?.());
}

/** Reads from `r.index` on until the end, a pause or a stop; a newer play() retires this one. */
async function play(r) {
  const gen = ++r.gen;
  while (run === r && r.gen === gen && r.index < r.sentences.length) {
    const s = r.sentences[r.index];
    mark(s);
    try {
      await ipc.speak(s.text, s.lang, slow);
    } catch (err) {
      if (run === r && r.gen === gen) fail(r);
      return;
    }
    if (run !== r || r.gen !== gen) return;
    r.index++;
  }
  if (run === r && r.gen === gen) {
    run = null;
    unmark();
    r.bar?.paint();
  }
}

function fail(r) {
  run = null;
  unmark();
  r.bar?.paint();
  const status = r.bar?.querySelector(".listen-status");
  if (status) status.textContent = t("listen-failed");
}

/** Marks the sentence being spoken and scrolls it into view. */
function mark(s) {
  unmark();
  s.block.dataset.speaking = "true";
  document.documentElement.dataset.speech = "playing";
  if (typeof Highlight === "function" && globalThis.CSS?.highlights) {
    CSS.highlights.set(HIGHLIGHT, new Highlight(s.range));
  }
  const box = s.range.getBoundingClientRect();
  const bottomBar = document.querySelector(".session-bar")?.getBoundingClientRect().height || 0;
  if (box.top < 0 || box.bottom > window.innerHeight - bottomBar) {
    const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const y = window.scrollY + box.top - window.innerHeight / 3;
    window.scrollTo({ top: Math.max(0, y), behavior: calm ? "auto" : "smooth" });
  }
}

function unmark() {
  document.querySelectorAll("[data-speaking]").forEach((node) => node.removeAttribute("data-speaking"));
  delete document.documentElement.dataset.speech;
  globalThis.CSS?.highlights?.delete(HIGHLIGHT);
}

/** The sentences of `root` in reading order (the document's), each with its language. */
export function sentencesIn(root) {
  const blocks = root.matches(BLOCKS) && !root.querySelector(BLOCKS) ? [root]
    : [...root.querySelectorAll(BLOCKS)].filter((b) => !b.querySelector(BLOCKS));
  return blocks
    .filter((b) => !b.closest("[data-no-speak], [hidden], [aria-hidden=true]"))
    .flatMap((block) => splitBlock(block));
}

function langOf(node) {
  return node.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang || "en";
}

/** A block's text cut into sentences, each with a Range over its own words. */
function splitBlock(block) {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest("[aria-hidden=true], [data-no-speak]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const pieces = [];
  let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    pieces.push({ node: n, start: text.length });
    text += n.data;
  }
  const lang = langOf(block);
  const at = (i) => {
    let p = pieces[0];
    for (const q of pieces) if (q.start <= i) p = q;
    return [p.node, Math.min(i - p.start, p.node.data.length)];
  };
  return segments(text, lang).map(({ start, end }) => {
    const range = document.createRange();
    range.setStart(...at(start));
    range.setEnd(...at(end));
    return { text: text.slice(start, end).trim(), lang, range, block };
  }).filter((s) => s.text);
}

/** Sentence boundaries: Intl.Segmenter's where WebKit has it, else full stops and the like. */
function segments(text, lang) {
  const out = [];
  if (typeof Intl.Segmenter === "function") {
    for (const s of new Intl.Segmenter(lang, { granularity: "sentence" }).segment(text)) {
      if (s.segment.trim()) out.push({ start: s.index, end: s.index + s.segment.length });
    }
    return out;
  }
  const re = /[^.!?…]+(?:[.!?…]+|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].trim()) out.push({ start: m.index, end: m.index + m[0].length });
    if (!m[0]) re.lastIndex++;
  }
  return out;
}
