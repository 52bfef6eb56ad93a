// The reader frame's script: renders an analysis with the real renderReader(), as
// extension/reader.js does after analyze(), into the same #reader root.
import { renderReader } from '/extension/reader-view.js';

const root = document.getElementById('reader');

/** Renders the analysis (JSON, so that no object crosses from the harness's realm). */
window.renderAnalysis = (json) => {
  renderReader(root, JSON.parse(json), { theme: 'light', fontSize: 19 }, () => {});
};
window.dispatchEvent(new Event('render-ready'));
window.renderReady = true;
