#!/usr/bin/env node
// The demo's static server: serves the repository root (so /www/, /pkg/ and /extension/ are all
// reachable), with the right MIME types for ES modules and wasm. No dependencies.
//
//   node www/serve.mjs [--port N] [--csp]
//
// --port 0 picks any free port. --csp sends a strict Content-Security-Policy (script-src 'self'
// only, so even WebAssembly may not run in the page) on every response, as the end-to-end test
// does, to show the extension works there.
// Prints: readmode demo: http://127.0.0.1:PORT/www/

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to {server, url} once it listens. */
export function startServer({ port = 8000, csp = false, root = ROOT, host = '127.0.0.1' } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (csp) headers['Content-Security-Policy'] = STRICT_CSP;
    let pathname;
    let rawPath = '/';
    try {
      rawPath = new URL(req.url, 'http://localhost').pathname;
      pathname = decodeURIComponent(rawPath);
    } catch {
      pathname = null;
    }
    if (pathname === null || pathname.includes('\0')) {
      res.writeHead(400, headers).end('bad request');
      return;
    }
    if (pathname === '/') {
      res.writeHead(302, { ...headers, Location: '/www/' }).end();
      return;
    }
    let file = path.resolve(base, '.' + pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403, headers).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { ...headers, Location: rawPath + '/' }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      fs.readFile(file, (err2, body) => {
        if (err2) {
          res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
          return;
        }
        const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
        res.writeHead(200, { ...headers, 'Content-Type': type }).end(req.method === 'HEAD' ? undefined : body);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: real } = server.address();
      resolve({ server, url: `http://${host}:${real}/www/`, origin: `http://${host}:${real}` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let port = 8000;
  let csp = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--csp') csp = true;
    else if (args[i] === '-h' || args[i] === '--help') {
      console.log('usage: node www/serve.mjs [--port N] [--csp]');
      process.exit(0);
    } else {
      console.error(`serve.mjs: unknown argument ${args[i]}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('serve.mjs: --port takes a number from 0 to 65535');
    process.exit(2);
  }
  startServer({ port, csp }).then(
    ({ url }) => {
      console.log(`readmode demo: ${url}`);
      if (csp) console.log(`with Content-Security-Policy: ${STRICT_CSP}`);
    },
    (e) => {
      console.error(`serve.mjs: cannot listen on port ${port}: ${e.message}`);
      process.exit(1);
    },
  );
}
