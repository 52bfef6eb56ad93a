// The options page (manifest `options_ui`): the same settings form as the reader's panel, and the
// sites that always open in reader view. Every change is stored with chrome.storage.sync at once,
// and every open reader applies it (reader.js watches the storage); changes made elsewhere (a
// reader's panel, another device) show here too.

import { applyPrefs, builder, settingsForm, uiLocale } from './settings.js';
import { SITES_KEY, loadPrefs, loadSites, savePrefs, setSite, watchPrefs } from './storage.js';

const t = (name, ...subs) => chrome.i18n.getMessage(name, subs.map(String)) || name;
const root = document.getElementById('options');
const h = builder(document);

const ui = uiLocale();
document.documentElement.lang = ui.lang;
document.documentElement.dir = ui.dir;
document.title = t('optionsTitle');

const prefs = await loadPrefs();
applyPrefs(root, prefs);
const form = settingsForm(document, prefs, (p) => {
  applyPrefs(root, p);
  savePrefs(p);
}, t);
watchPrefs((p) => {
  applyPrefs(root, p);
  form.update(p);
});

const sites = h('ul', { class: 'rm-sites' });
async function showSites() {
  const list = await loadSites();
  sites.replaceChildren(...(list.length ? list.map((origin) => h('li', {}, h('span', {}, origin),
    h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-site': origin, 'aria-label': `${t('remove')} ${origin}` }, t('remove'))))
    : [h('li', { class: 'rm-note' }, t('noSites'))]));
}
sites.addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-site]');
  if (!b) return;
  await setSite(b.dataset.site, false);
  chrome.permissions.remove({ origins: [`${b.dataset.site}/*`] }).catch(() => {});
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'sync' && changes[SITES_KEY]) showSites();
});
await showSites();

root.append(h('h1', {}, t('optionsTitle')), h('p', { class: 'rm-note' }, t('optionsNote')), form,
  h('h2', {}, t('alwaysOpenSites')), sites);
