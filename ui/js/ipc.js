// The only module that talks to Rust. Every failure is handed on as {kind, message}, so screens
// never see Tauri and a fake can stand in for this module.

/** Calls a Rust command; rejects with {kind, message}. */
export async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    throw { kind: "no-backend", message: "The kiosk's data service is not available." };
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (err) {
    if (err && typeof err === "object" && "kind" in err && "message" in err) throw err;
    throw { kind: "unexpected", message: String(err) };
  }
}

export const library = (lang) => call("library", { lang });
export const explainer = (id, lang) => call("explainer", { id, lang });
