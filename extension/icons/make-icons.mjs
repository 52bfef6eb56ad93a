#!/usr/bin/env node
// Writes the toolbar icons (icon-16/32/48/128.png) beside this script: a rounded blue-slate tile
// with a white "page" and text lines. Pure Node (zlib), no dependencies, deterministic output.
//
//   node extension/icons/make-icons.mjs

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [16, 32, 48, 128];

const TILE = [0x2b, 0x4c, 0x7e];
const PAGE = [0xff, 0xff, 0xff];
const INK = [0x9a, 0xa9, 0xc0];
const TITLE = [0x2b, 0x4c, 0x7e];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage (0..1) of pixel (x, y) by a rounded rectangle, 4x4 supersampled. */
function roundRect(x, y, r) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const px = x + (sx + 0.5) / 4, py = y + (sy + 0.5) / 4;
      if (px < r.x0 || px > r.x1 || py < r.y0 || py > r.y1) continue;
      const cx = Math.min(Math.max(px, r.x0 + r.rad), r.x1 - r.rad);
      const cy = Math.min(Math.max(py, r.y0 + r.rad), r.y1 - r.rad);
      if ((px - cx) ** 2 + (py - cy) ** 2 <= r.rad ** 2) hits++;
    }
  }
  return hits / 16;
}

function draw(size) {
  const s = size / 128; // design grid is 128 px
  const tile = { x0: 4 * s, y0: 4 * s, x1: 124 * s, y1: 124 * s, rad: 26 * s };
  const page = { x0: 30 * s, y0: 20 * s, x1: 98 * s, y1: 108 * s, rad: 8 * s };
  const lineH = Math.max(size >= 32 ? 7 * s : 1.6, 1.2);
  const lines = [
    { y: 34, x1: 84, color: TITLE, h: lineH * 1.5 },
    { y: 54, x1: 86, color: INK, h: lineH },
    { y: 68, x1: 86, color: INK, h: lineH },
    { y: 82, x1: 86, color: INK, h: lineH },
    { y: 96, x1: 70, color: INK, h: lineH },
  ].map((l) => ({ x0: 42 * s, x1: l.x1 * s, y0: l.y * s, y1: l.y * s + l.h, rad: Math.min(l.h / 2, 3 * s), color: l.color }));
  const out = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = roundRect(x, y, tile);
      let c = TILE;
      const p = roundRect(x, y, page);
      c = mix(c, PAGE, p);
      for (const l of lines) c = mix(c, l.color, roundRect(x, y, l) * p);
      const i = (y * size + x) * 4;
      out[i] = c[0]; out[i + 1] = c[1]; out[i + 2] = c[2]; out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

for (const size of SIZES) {
  const file = path.join(DIR, `icon-${size}.png`);
  fs.writeFileSync(file, png(size, draw(size)));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
