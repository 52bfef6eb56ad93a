// A colour per block label, for outlining blocks: the extension's Show blocks (content.js gets
// them from the reader in its message) and the demo's (www/shared.js).

export const LABEL_COLOURS = Object.freeze({
  content: '#16a34a', navigation: '#2563eb', promo: '#db2777', 'call-to-action': '#e11d48',
  'popular-list': '#9333ea', related: '#ea580c', share: '#0891b2', comments: '#65a30d', ad: '#dc2626',
  newsletter: '#c026d3', consent: '#854d0e', footer: '#475569', other: '#6b7280',
});
