#!/usr/bin/env node
// A tiny static server for dist/ on localhost (no framework). Prints the URL.
// Usage: node scripts/serve.mjs [--port N] [--dir DIR]   (port 0 = any free port)
// Also importable: startServer({ dir, port }) → { server, url }.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The policy for scripts. A worker's policy comes from its script's response, not from the
 * page's <meta> (which covers the page itself): this keeps the analysis worker to this
 * site's own files too. Hosts other than this server should send the same header for .js. */
export const SCRIPT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

/** Maps a URL path to a file inside dir, or null when it would leave dir. */
function resolvePath(dir, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = path.resolve(dir, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  return file === dir || file.startsWith(dir + path.sep) ? file : null;
}

/** Starts serving dir on 127.0.0.1:port; resolves to { server, url }. */
export function startServer({ dir = path.join(ROOT, 'dist'), port = 8080 } = {}) {
  const base = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const file = resolvePath(base, req.url || '/');
    if (!file || req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(400).end('bad request');
      return;
    }
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'content-length': stat.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        ...(/\.m?js$/.test(file) ? { 'content-security-policy': SCRIPT_CSP } : {}),
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const dir = path.resolve(opt('--dir', path.join(ROOT, 'dist')));
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`${dir} has no index.html: run \`npm run build\` first`);
    process.exit(1);
  }
  startServer({ dir, port: Number(opt('--port', process.env.PORT || 8080)) }).then(
    ({ url }) => console.log(`duban is at ${url}  (offline file: ${url}duban.html; Ctrl-C stops)`),
    (err) => {
      console.error(`cannot serve: ${err.message}`);
      process.exit(1);
    },
  );
}
