// Test-only: never part of the shipped extension. extension.test.mjs copies this file into its
// copy of the extension and makes the copy's service worker a two-line module that imports this
// file first and then the real background.js (imports run in order, so the wrapper below is in
// place before background.js registers its listeners).
//
// It records the listeners background.js adds for the keyboard command, so the test can call them
// as Chrome would (a synthesized key press never reaches chrome.commands; see
// ../shared/TOOLCHAIN.md), and it records unhandled promise rejections in the worker. The toolbar
// button needs no hook: the test clicks it through the DevTools protocol.

const commandListeners = [];
const addCommandListener = chrome.commands.onCommand.addListener.bind(chrome.commands.onCommand);
chrome.commands.onCommand.addListener = (fn) => {
  commandListeners.push(fn);
  addCommandListener(fn);
};

const rejections = [];
self.addEventListener('unhandledrejection', (event) => {
  const r = event.reason;
  rejections.push(r && r.message ? r.message : String(r));
});

globalThis.readmodeTest = Object.freeze({
  /** Calls the chrome.commands.onCommand listeners as Chrome does; returns how many there are. */
  command(name, tab) {
    for (const fn of commandListeners) fn(name, tab);
    return commandListeners.length;
  },
  /** Unhandled promise rejections seen in the worker so far. */
  rejections: () => [...rejections],
});
