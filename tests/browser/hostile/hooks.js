// Loaded first, as a classic script, by the harness page and by every reader frame: whatever the
// hostile page gets to run here calls one of these, and is recorded. The vectors of the corpus
// call XSS(); older vectors call alert(), confirm(), prompt() or print(). A script error (a vector
// calling something else) shows as an ErrorEvent. The reader frames are served with a report-only
// Content-Security-Policy that allows no inline script: Chromium reports an inline handler or
// script as soon as it is parsed in the frame's document (even into an inert <template>, where
// reader-view.js parses article.html), and a javascript: URL or eval when it runs, whatever they
// call. (Only the frames: a DOMParser document's handlers are reported to the page that made it.)
(() => {
  const hits = [];
  Object.defineProperty(window, '__hits', { value: hits });
  const record = (what) => hits.push(String(what).slice(0, 300));
  const hook = (name) => (...args) => record(`called ${name}(${args.map(String).join(', ')})`);
  for (const name of ['XSS', 'alert', 'confirm', 'prompt', 'print']) window[name] = hook(name);
  addEventListener('securitypolicyviolation', (e) => {
    record(`CSP report: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`);
  });
  addEventListener('error', (e) => {
    if (e instanceof ErrorEvent) record(`script error: ${e.message}`);
  }, true);
})();
