// Small helpers to build DOM without innerHTML: text always goes in as text.

/**
 * Makes an element. `props` may hold attributes, `text`, `testid`, and `on` (event handlers).
 * Children may be elements, strings, or null (skipped).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "testid") node.dataset.testid = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child);
  }
  return node;
}

/** Replaces everything in `parent` with `children`. */
export function show(parent, ...children) {
  parent.replaceChildren(...children.flat().filter(Boolean));
}
