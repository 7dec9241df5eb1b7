// Pieces more than one screen shows: the evidence badge, drawn icons, and the question toggles.
// Icons are drawn as SVG elements so they never depend on which symbol fonts a kiosk has.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import * as state from "./state.js";
import { listenButton } from "./speech.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const SHAPES = {
  // A filled circle with a tick.
  approved: () => [
    svg("circle", { cx: "12", cy: "12", r: "11", class: "fill" }),
    svg("path", { d: "M6.5 12.5l3.5 3.5 7.5-8", class: "mark" }),
  ],
  // A half-filled circle.
  "off-label": () => [
    svg("circle", { cx: "12", cy: "12", r: "10", class: "line" }),
    svg("path", { d: "M12 2a10 10 0 0 0 0 20z", class: "fill" }),
  ],
  // A dashed circle with a question mark.
  "not-proven": () => [
    svg("circle", { cx: "12", cy: "12", r: "10", class: "line dashed" }),
    svg("path", { d: "M9 9.2a3 3 0 1 1 4.2 2.8c-.8.4-1.2 1-1.2 1.9v.6", class: "line" }),
    svg("circle", { cx: "12", cy: "17.6", r: "1.3", class: "fill" }),
  ],
  // A warning triangle.
  "advised-against": () => [
    svg("path", { d: "M12 1.5L23 21.5H1z", class: "fill" }),
    svg("path", { d: "M12 8.5v6.5", class: "mark" }),
    svg("circle", { cx: "12", cy: "18.2", r: "1.3", class: "mark-dot" }),
  ],
  check: () => [svg("path", { d: "M5 12.5l4.5 4.5 9.5-10", class: "mark" })],
  // Read aloud's controls: a loudspeaker with sound waves, pause bars, a stop square, a play
  // triangle.
  speaker: () => [
    svg("path", { d: "M3 9.5h4l5-4.5v14l-5-4.5H3z", class: "fill" }),
    svg("path", { d: "M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13", class: "line" }),
  ],
  pause: () => [
    svg("path", { d: "M6 4h4v16H6zM14 4h4v16h-4z", class: "fill" }),
  ],
  stop: () => [svg("path", { d: "M5 5h14v14H5z", class: "fill" })],
  play: () => [svg("path", { d: "M7 4l13 8-13 8z", class: "fill" })],
};

/** A drawn icon; decorative, so hidden from screen readers (the words beside it say it). */
export function icon(name, className = "icon") {
  return svg("svg", { viewBox: "0 0 24 24", class: className, "aria-hidden": "true", focusable: "false" },
    ...SHAPES[name]());
}

/**
 * The evidence level as a shape and words, never colour alone. `short` gives the tile's few words
 * instead of the Key facts sentence.
 */
export function evidenceBadge(evidence, { short = false, testid } = {}) {
  if (!evidence || !SHAPES[evidence]) return null;
  const words = short ? t(`evidence-short-${evidence}`) : t(`evidence-${evidence}`);
  return el("span", { className: `badge badge-${evidence}${short ? " badge-short" : ""}`, testid },
    icon(evidence, "icon badge-icon"),
    el("span", { className: "badge-words", text: words }),
  );
}

/** The testid part that names a question: `<doc>:<key>`. */
export const pickId = (doc, key) => `${doc}:${key}`;

/** One question the patient can add to or remove from "My questions". */
export function questionToggle(doc, q) {
  const button = el("button", {
    className: "question", type: "button", testid: `question-${pickId(doc, q.key)}`,
  },
    el("span", { className: "question-box" }, icon("check", "icon question-check")),
    el("span", { className: "question-text", text: q.text }),
    el("span", { className: "question-state" }),
  );
  const paint = () => {
    const picked = state.isPicked(doc, q.key);
    button.setAttribute("aria-pressed", picked ? "true" : "false");
    button.querySelector(".question-state").textContent = picked ? t("question-added") : t("question-add");
  };
  button.addEventListener("click", () => {
    state.toggle(doc, q.key, q.text);
    paint();
  });
  paint();
  return button;
}

/**
 * A list of question toggles for one document (an explainer or `lists/<id>`), each with a button
 * that reads just that question when read-aloud is offered.
 */
export function questionList(doc, questions, testid) {
  return el("ul", { className: "questions", testid },
    questions.map((q) => {
      const toggle = questionToggle(doc, q);
      return el("li", { className: "question-row" }, toggle,
        listenButton(toggle.querySelector(".question-text"), `listen-question-${pickId(doc, q.key)}`));
    }));
}

/** A title for a screen, focusable so a screen reader starts reading there after navigation. */
export function screenTitle(text, testid, id = "k-screen-title") {
  return el("h1", { id, tabindex: "-1", testid, text });
}
