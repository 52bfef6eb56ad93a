// Read aloud: the article's paragraphs spoken one after another with the browser's
// speechSynthesis, the spoken one highlighted and kept in view. Play / pause, previous / next
// paragraph, a voice (those of the article's language first) and a speed. It stops when the
// reader closes (the page is hidden or unloaded) and when it is turned off. No dependencies.
//
//   const n = narrator(body, panel, { t, lang, onState })
//   n.toggle()  n.stop()
//
// The panel gets its controls here; `onState(playing)` tells the toolbar button.

import { builder } from './settings.js';

// What is read: paragraphs, headings, list items, quotes, captions; not code or table cells.
const SPOKEN = 'p, h2, h3, h4, h5, h6, li, blockquote > p, figcaption, dt, dd';
const RATES = [0.75, 1, 1.25, 1.5, 2];

export function narrator(body, panel, { t, lang, onState = () => {} }) {
  const doc = body.ownerDocument;
  const h = builder(doc);
  const synth = globalThis.speechSynthesis;
  const parts = [...body.querySelectorAll(SPOKEN)].filter((el) => el.textContent.trim()
    && !el.querySelector(SPOKEN) && !el.closest('pre, table'));
  const reduceMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;
  let index = 0;
  let playing = false;
  let utterance = null;
  let voiceName = '';
  let rate = 1;

  const play = h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-narrate': 'play' }, t('play'));
  const prev = h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-narrate': 'previous' }, t('previous'));
  const next = h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-narrate': 'next' }, t('next'));
  const stop = h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-narrate': 'stop' }, t('stopReading'));
  const voiceId = `rm-voice-${Math.random().toString(36).slice(2, 8)}`;
  const voices = h('select', { id: voiceId, class: 'rm-select' });
  const rateId = `${voiceId}-rate`;
  const rates = h('select', { id: rateId, class: 'rm-select' },
    ...RATES.map((r) => h('option', { value: String(r), selected: r === 1 }, `${r}×`)));
  const status = h('p', { class: 'rm-narrate-status', role: 'status' });
  panel.append(h('div', { class: 'rm-menu' }, prev, play, next, stop,
    h('label', { for: voiceId, class: 'rm-inline-label' }, t('voice')), voices,
    h('label', { for: rateId, class: 'rm-inline-label' }, t('rate')), rates), status);

  /** The voices, the article's language first; the default voice first of all. */
  function listVoices() {
    const all = synth ? synth.getVoices() : [];
    const base = (lang || '').toLowerCase().split('-')[0];
    const mine = all.filter((v) => base && v.lang.toLowerCase().startsWith(base));
    const others = all.filter((v) => !mine.includes(v));
    voices.replaceChildren(h('option', { value: '' }, t('voiceDefault')),
      ...[...mine, ...others].map((v) => h('option', { value: v.name, selected: v.name === voiceName }, `${v.name} (${v.lang})`)));
    voices.disabled = all.length === 0;
  }
  listVoices();
  if (synth) synth.addEventListener('voiceschanged', listVoices);

  function mark() {
    for (const el of body.querySelectorAll('.rm-speaking')) el.classList.remove('rm-speaking');
    const el = parts[index];
    if (!el) return;
    el.classList.add('rm-speaking');
    el.scrollIntoView({ block: 'center', behavior: reduceMotion() ? 'auto' : 'smooth' });
  }

  function show() {
    play.textContent = playing ? t('pause') : t('play');
    play.setAttribute('aria-pressed', String(playing));
    prev.disabled = index <= 0;
    next.disabled = index >= parts.length - 1;
    onState(playing);
  }

  /** Speaks the current paragraph; at its end, the next one. */
  function speak() {
    if (!synth) {
      status.textContent = t('noVoices');
      playing = false;
      show();
      return;
    }
    synth.cancel();
    const el = parts[index];
    if (!el) {
      playing = false;
      show();
      return;
    }
    mark();
    const u = new SpeechSynthesisUtterance(el.textContent.replace(/\s+/g, ' ').trim());
    const articleLang = el.closest('[lang]');
    u.lang = (articleLang && articleLang.lang) || lang || '';
    const voice = synth.getVoices().find((v) => v.name === voiceName);
    if (voice) u.voice = voice;
    u.rate = rate;
    u.addEventListener('end', () => {
      if (utterance !== u || !playing) return;
      if (index < parts.length - 1) {
        index += 1;
        speak();
      } else {
        playing = false;
        show();
      }
    });
    u.addEventListener('error', (e) => {
      if (utterance !== u || e.error === 'interrupted' || e.error === 'canceled') return;
      playing = false;
      status.textContent = synth.getVoices().length ? `${t('readAloud')}: ${e.error}` : t('noVoices');
      show();
    });
    utterance = u;
    status.textContent = '';
    synth.speak(u);
    show();
  }

  function pause() {
    playing = false;
    utterance = null;
    if (synth) synth.cancel();
    show();
  }

  function go(step) {
    index = Math.min(parts.length - 1, Math.max(0, index + step));
    if (playing) speak();
    else {
      mark();
      show();
    }
  }

  panel.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-narrate]');
    if (!b || b.disabled) return;
    switch (b.dataset.narrate) {
      case 'play':
        if (playing) pause();
        else {
          playing = true;
          speak();
        }
        break;
      case 'previous':
        go(-1);
        break;
      case 'next':
        go(1);
        break;
      case 'stop':
        api.stop();
        break;
      default:
        break;
    }
  });
  voices.addEventListener('change', () => {
    voiceName = voices.value;
    if (playing) speak();
  });
  rates.addEventListener('change', () => {
    rate = Number(rates.value) || 1;
    if (playing) speak();
  });
  // Leaving the reader (the frame is hidden or removed) stops the voice.
  addEventListener('pagehide', () => api.stop());

  const api = {
    get playing() {
      return playing;
    },
    get index() {
      return index;
    },
    /** Starts reading (from where it was), or pauses. */
    toggle() {
      play.click();
    },
    stop() {
      pause();
      index = 0;
      for (const el of body.querySelectorAll('.rm-speaking')) el.classList.remove('rm-speaking');
      show();
    },
  };
  show();
  return api;
}
