// The first screen: the clinic's welcome in every offered language, and one big button per
// language, each in its own language. Tapping one starts a session in it.
import { el } from "../dom.js";
import { tIn } from "../i18n.js";

/** `info` is kiosk_info's reply; `start(lang)` begins a session. */
export function welcomeScreen(info, { start }) {
  const langs = info.languages;
  return el("section", { className: "screen welcome", testid: "screen-welcome", "aria-labelledby": "k-screen-title" },
    el("h1", { id: "k-screen-title", tabindex: "-1", className: "welcome-title", testid: "welcome-title" },
      langs.map((l) => el("span", { lang: l.code, className: "welcome-line" },
        tIn(l.code, "welcome-title", { clinic: info.clinic_name })))),
    el("ul", { className: "welcome-choices" },
      langs.map((l) => el("li", { lang: l.code, className: "welcome-choice" },
        el("p", { className: "welcome-invite", id: `k-invite-${l.code}`, text: tIn(l.code, "welcome-invite") }),
        el("button", {
          className: "button button-huge", type: "button", testid: `lang-${l.code}`,
          "aria-describedby": `k-invite-${l.code}`, on: { click: () => start(l.code) },
        }, l.name)))),
  );
}
