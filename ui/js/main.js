// Starts the UI and moves between screens. Holds no patient data beyond memory.
import * as ipc from "./ipc.js";
import { show } from "./dom.js";
import { homeScreen } from "./screens/home.js";
import { explainerScreen } from "./screens/explainer.js";
import { errorScreen } from "./screens/error.js";

const app = document.getElementById("app");
const state = { lang: "en" };

async function goHome() {
  try {
    const lib = await ipc.library(state.lang);
    show(app, homeScreen(lib, { openExplainer }));
    window.scrollTo(0, 0);
  } catch (err) {
    show(app, errorScreen(err, { goHome }));
  }
}

async function openExplainer(id) {
  try {
    const view = await ipc.explainer(id, state.lang);
    show(app, explainerScreen(view, { goHome, openExplainer }));
    window.scrollTo(0, 0);
  } catch (err) {
    show(app, errorScreen(err, { goHome }));
  }
}

goHome();
