// Stands in for Tauri's IPC when Chromium shows the kiosk's ui/ in scripts/bench, so that both
// draw the same welcome screen: the calls the welcome screen makes are answered with the kiosk's
// own replies, recorded from the running kiosk just before (window.__BENCH_REPLIES, served by
// bench/serve.py). Anything else is refused, as the UI's "no backend" error.
(() => {
  const replies = window.__BENCH_REPLIES || {};
  const key = (cmd, args) => `${cmd}:${(args && args.lang) || ""}`;
  window.__TAURI__ = {
    core: {
      invoke(cmd, args) {
        const k = key(cmd, args);
        return k in replies
          ? Promise.resolve(structuredClone(replies[k]))
          : Promise.reject({ kind: "no-backend", message: `not recorded: ${k}` });
      },
    },
    event: { listen: () => Promise.resolve(() => {}) },
  };
})();
