// The only module that talks to Rust. Every failure is handed on as {kind, message}, so screens
// never see Tauri and a fake can stand in for this module. There is deliberately no fallback when
// Tauri is missing: a kiosk without its backend must say so, not show made-up data.

/** Calls a Rust command; rejects with {kind, message}. */
export async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    throw { kind: "no-backend", message: "The kiosk's data service is not available." };
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (err) {
    throw asError(err);
  }
}

function asError(err) {
  if (err && typeof err === "object" && typeof err.kind === "string") {
    return { kind: err.kind, message: String(err.message ?? err.kind) };
  }
  return { kind: "unexpected", message: String(err) };
}

/** Calls a command whose answer does not matter (anonymous counts): never rejects. */
function fireAndForget(command, args = {}) {
  return call(command, args).then(() => undefined, () => undefined);
}

export const kioskInfo = () => call("kiosk_info");
export const uiStrings = (lang) => call("ui_strings", { lang });
export const library = (lang) => call("library", { lang });
export const explainer = (id, lang) => call("explainer", { id, lang });
export const questionLists = (lang) => call("question_lists", { lang });
/** picks: [{doc, key}] → {questions: [{doc, key, text}]} */
export const resolveQuestions = (lang, picks) => call("resolve_questions", { lang, picks });
/** picks: [{doc, key}] → {job}. Rust names the topics from the picks themselves. */
export const printChecklist = (lang, picks) => call("print_checklist", { lang, picks });
export const sessionStart = (lang) => fireAndForget("session_start", { lang });
/** Counts that a patient typed a question (only that: its words are never sent). */
export const ownQuestionAdded = () => fireAndForget("own_question_added");
/** Reads one sentence aloud; resolves "done" or "stopped" when it ends. */
export const speak = (text, lang, slow) => call("speak", { text, lang, slow });
export const speechStop = () => fireAndForget("speech_stop");
export const sessionEnd = () => fireAndForget("session_end");

/** The author's preview panel (`clinic-kiosk preview` only; Rust refuses them on a kiosk). */
export const previewReport = (id, lang) => call("preview_report", { id, lang });
export const previewSign = (id, lang, by, next) => call("preview_sign", { id, lang, by, next });

/** Calls one of the staff plugin's commands (`plugin:staff|…`); Rust checks the PIN session. */
export const staff = (command, args = {}) => call(`plugin:staff|${command}`, args);

/** Calls `callback` whenever Rust reports that the content folder changed. */
export function onContentChanged(callback) {
  const listen = window.__TAURI__?.event?.listen;
  if (typeof listen !== "function") return;
  listen("content-changed", () => callback()).catch(() => undefined);
}
