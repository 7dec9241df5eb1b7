// The web side of kiosk lockdown: no context menu, selection, dragging, zoom, reload, print
// dialog, closing or history navigation from the page. The window side (no leaving the app's own
// pages) is in src-tauri/src/window.rs; this is a second layer, not the only one.

const prevent = (event) => event.preventDefault();

/** True for the keys a patient (or a stray keyboard) could use to leave or break the kiosk. */
export function isBlockedKey(event) {
  const key = event.key;
  const ctrl = event.ctrlKey || event.metaKey;
  if (key === "F5" || key === "F11" || key === "F12" || key === "BrowserBack" || key === "BrowserForward"
    || key === "BrowserRefresh" || key === "BrowserHome") return true;
  if (event.altKey && (key === "ArrowLeft" || key === "ArrowRight" || key === "Home")) return true;
  if (ctrl && ["r", "R", "w", "W", "p", "P", "n", "N", "t", "T", "o", "O", "s", "S", "u", "U", "+", "-", "=", "_", "0"].includes(key)) {
    return true;
  }
  return false;
}

export function installLockdown() {
  const opts = { capture: true, passive: false };
  document.addEventListener("contextmenu", prevent, opts);
  document.addEventListener("dragstart", prevent, opts);
  document.addEventListener("selectstart", prevent, opts);
  // Safari-style pinch events; WebKitGTK may send them for touchpad gestures.
  document.addEventListener("gesturestart", prevent, opts);
  document.addEventListener("gesturechange", prevent, opts);
  document.addEventListener("wheel", (event) => { if (event.ctrlKey) event.preventDefault(); }, opts);
  // More than one finger on the screen is a pinch: the kiosk has its own text-size buttons.
  document.addEventListener("touchmove", (event) => { if (event.touches.length > 1) event.preventDefault(); }, opts);
  window.addEventListener("keydown", (event) => {
    if (isBlockedKey(event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, opts);
  // The page never opens windows; a script that tries gets nothing.
  try {
    Object.defineProperty(window, "open", { value: () => null, writable: false, configurable: false });
  } catch {
    window.open = () => null;
  }
}
