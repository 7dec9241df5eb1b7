// The usage chart: one bar a day for sessions and a line for explainer views, drawn as SVG
// elements (no chart library, no markup strings), with every number also in a <title> so a
// screen reader or a long look gets the exact count.
const SVG = "http://www.w3.org/2000/svg";
const W = 960;
const H = 260;
const PAD = { left: 44, right: 12, top: 14, bottom: 34 };

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

function titled(node, text) {
  node.append(svg("title", {}, text));
  return node;
}

/** The smallest of 1, 2, 5, 10, 20, 50 … that is at least `n`, so gridlines fall on round numbers. */
export function niceMax(n) {
  let step = 1;
  for (;;) {
    for (const m of [1, 2, 5]) if (step * m >= n) return step * m;
    step *= 10;
  }
}

const shortDay = (day) => day.slice(5); // "2026-04-03" → "04-03"

function describe(d) {
  const s = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return `${d.day}: ${s(d.sessions, "session", "sessions")}, ${s(d.explainer_views, "explainer view", "explainer views")}, ${s(d.checklists_printed, "checklist printed", "checklists printed")}`;
}

/** `days`: [{day, sessions, explainer_views, checklists_printed}], oldest first. */
export function usageChart(days) {
  const top = niceMax(Math.max(1, ...days.map((d) => Math.max(d.sessions, d.explainer_views))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const y = (n) => PAD.top + plotH - (n / top) * plotH;
  const x = (i) => PAD.left + i * slot;

  // Whole numbers only: counts have no halves.
  const ticks = top % 2 === 0 ? [0, top / 2, top] : [0, top];
  const grid = ticks.map((n) => svg("g", { class: "staff-chart-grid" },
    svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(n), y2: y(n) }),
    svg("text", { x: PAD.left - 6, y: y(n) + 5, "text-anchor": "end" }, String(n)),
  ));
  const bars = days.map((d, i) => titled(svg("rect", {
    class: "staff-bar",
    x: x(i) + slot * 0.15,
    y: y(d.sessions),
    width: slot * 0.7,
    height: Math.max(0, y(0) - y(d.sessions)),
    "data-day": d.day,
    "data-sessions": d.sessions,
  }), describe(d)));
  const points = days.map((d, i) => `${x(i) + slot / 2},${y(d.explainer_views)}`).join(" ");
  const dots = days.map((d, i) => (d.explainer_views ? titled(svg("circle", {
    class: "staff-dot", cx: x(i) + slot / 2, cy: y(d.explainer_views), r: 4,
  }), describe(d)) : null)).filter(Boolean);
  const labelAt = [0, Math.floor((days.length - 1) / 2), days.length - 1];
  const labels = [...new Set(labelAt)].filter((i) => days[i]).map((i) => svg("text", {
    class: "staff-chart-day", x: x(i) + slot / 2, y: H - 10, "text-anchor": "middle",
  }, shortDay(days[i].day)));

  const total = days.reduce((n, d) => n + d.sessions, 0);
  const views = days.reduce((n, d) => n + d.explainer_views, 0);
  const first = days[0]?.day ?? "";
  const last = days[days.length - 1]?.day ?? "";
  return svg("svg", {
    class: "staff-chart", viewBox: `0 0 ${W} ${H}`, role: "img", "data-testid": "staff-usage-chart",
    "aria-label": `Sessions (bars) and explainer views (line) per day from ${first} to ${last}: ${total} sessions and ${views} explainer views in all.`,
  }, ...grid, ...bars, svg("polyline", { class: "staff-line", points }), ...dots, ...labels);
}
