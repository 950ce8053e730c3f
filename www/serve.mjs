// A small static file server for the built playground (no dependency): the right
// Content-Type for each file (application/wasm for the module, so browsers compile it
// while it downloads), no caching, nothing outside the served folder, a redirect from
// a folder's URL without its trailing slash to the one with it, and the two
// headers that make the page cross-origin isolated (COOP and COEP), without which
// browsers coarsen performance.now() to 100 µs steps and the run's timings with it.
//
//   node www/serve.mjs [--port N] [DIR]     (npm run playground; DIR defaults to www/dist)

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Cross-origin isolation: the page and its worker then get microsecond timers. Every
 * file the page loads is same-origin, so require-corp blocks nothing.
 */
export const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Serves `root` on `host:port` (port 0: any free one). Resolves to the listening
 * http.Server once it accepts connections.
 */
export function serveStatic(root, { port = 0, host = '127.0.0.1' } = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      return response.writeHead(400).end();
    }
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return response.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) {
        // `/sub` would load sub/index.html with its relative URLs resolving against `/`.
        if (!path.endsWith('/')) {
          // A relative Location (the folder's own name): an absolute one built from the
          // request could point elsewhere (`/.//evil.example/x/..%2F..` gave
          // `//evil.example/…`, found in review).
          const url = new URL(request.url, 'http://localhost');
          const name = url.pathname.split('/').pop();
          return response.writeHead(301, { Location: `./${encodeURIComponent(decodeURIComponent(name))}/${url.search}` }).end();
        }
        file = join(file, 'index.html');
      }
      const { size } = statSync(file);
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...ISOLATION,
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { port: { type: 'string', default: '8080' } }, allowPositionals: true });
  const root = positionals[0] ?? fileURLToPath(new URL('dist', import.meta.url));
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`playground: error: ${root} has no index.html: run \`npm run build:www\` first`);
    process.exit(1);
  }
  const port = Number(values.port);
  const server = await serveStatic(root, { port }).catch((err) => {
    if (err.code !== 'EADDRINUSE') throw err;
    console.log(`playground: port ${port} is taken; using a free one`);
    return serveStatic(root, { port: 0 });
  });
  console.log(`playground: serving ${root}`);
  console.log(`playground: http://127.0.0.1:${server.address().port}/   (Ctrl+C to stop)`);
}
