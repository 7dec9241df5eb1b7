// The patient's session, in memory only. Nothing here is ever written to storage, cookies or
// logs: the page is reloaded at the end of a session, so this module starts from scratch.

// Up to 200 % (WCAG 1.4.4), in steps a patient can see.
const TEXT_STEPS = [1, 1.25, 1.5, 1.75, 2];

const session = {
  lang: "en",
  /**
   * The questions on the patient's list, in their order: {doc, key, text}; a question they typed
   * has `own: true`, doc "own" and a key of its own.
   */
  picks: [],
  textStep: 0,
  contrast: false,
  /** The outcome of the last print: null, {status: "printing"|"printed"|"error", kind}. */
  print: null,
};

const listeners = new Set();

/** Calls `fn` after every change to the picks. */
export function onPicksChanged(fn) {
  listeners.add(fn);
}

function changed() {
  session.print = null;
  for (const fn of listeners) fn();
}

export const get = () => session;

export function setLang(lang) {
  session.lang = lang;
}

const same = (a, doc, key) => a.doc === doc && a.key === key;

export function isPicked(doc, key) {
  return session.picks.some((p) => same(p, doc, key));
}

/** Adds the question, or removes it if it is already picked. Returns whether it is now picked. */
export function toggle(doc, key, text) {
  const i = session.picks.findIndex((p) => same(p, doc, key));
  if (i >= 0) session.picks.splice(i, 1);
  else session.picks.push({ doc, key, text });
  changed();
  return i < 0;
}

let ownCount = 0;

/** Adds a question the patient typed; returns its key. */
export function addOwn(text) {
  ownCount += 1;
  const key = `own-${ownCount}`;
  session.picks.push({ doc: "own", key, text, own: true });
  changed();
  return key;
}

/** The picks as Rust takes them: {doc, key}, or {own} for a typed question. */
export function picksForRust() {
  return session.picks.map((p) => (p.own ? { own: p.text } : { doc: p.doc, key: p.key }));
}

export function remove(doc, key) {
  session.picks = session.picks.filter((p) => !same(p, doc, key));
  changed();
}

/** Moves a pick by `delta` places (-1 up, +1 down), if it can move. */
export function move(doc, key, delta) {
  const i = session.picks.findIndex((p) => same(p, doc, key));
  const j = i + delta;
  if (i < 0 || j < 0 || j >= session.picks.length) return;
  const [pick] = session.picks.splice(i, 1);
  session.picks.splice(j, 0, pick);
  changed();
}

/** Replaces the texts of picks with those of another language ({doc, key, text} each). */
export function setTexts(questions) {
  for (const q of questions) {
    const pick = session.picks.find((p) => same(p, q.doc, q.key));
    if (pick) pick.text = q.text;
  }
}

export function setPrint(print) {
  session.print = print;
}

export function textScale() {
  return TEXT_STEPS[session.textStep];
}

export function canGrow() {
  return session.textStep < TEXT_STEPS.length - 1;
}

export function canShrink() {
  return session.textStep > 0;
}

export function stepText(delta) {
  session.textStep = Math.min(TEXT_STEPS.length - 1, Math.max(0, session.textStep + delta));
}

export function setContrast(on) {
  session.contrast = on;
}
