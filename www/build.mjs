// Builds the playground into a static folder (www/dist by default) that can be served
// from any path as-is: index.html, main.js + main.css (the page), worker.js (runs the
// programs) and monkey_jit_bg.wasm, all referenced by relative URLs.
//
//   node www/build.mjs [OUTDIR]      (npm run build:www; needs pkg/web from npm run build)

import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WWW = join(ROOT, 'www');
const WASM = join(ROOT, 'pkg', 'web', 'monkey_jit_bg.wasm');

/** Builds the playground into `outdir`, replacing what was there; returns `outdir`. */
export async function buildPlayground({ outdir = join(WWW, 'dist'), quiet = false } = {}) {
  if (!existsSync(WASM)) {
    throw new Error(`${relative(ROOT, WASM)} is missing: run \`npm run build\` first`);
  }
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'www/src/main.js', worker: 'www/src/worker.js' },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: 'linked',
    // The playground uses the package as users do, through its browser entry.
    alias: { 'monkey-jit': './js/browser.js' },
    loader: { '.monkey': 'text' },
    // wasm-bindgen's glue repeats a key in its imports object; harmless, not ours to fix.
    logOverride: { 'duplicate-object-key': 'silent' },
    logLevel: quiet ? 'silent' : 'warning',
  });
  copyFileSync(join(WWW, 'index.html'), join(outdir, 'index.html'));
  copyFileSync(WASM, join(outdir, 'monkey_jit_bg.wasm'));
  if (!quiet) {
    for (const name of readdirSync(outdir).sort()) {
      if (name.endsWith('.map')) continue;
      const kb = (statSync(join(outdir, name)).size / 1024).toFixed(1);
      console.log(`build:www ${kb.padStart(8)} kB  ${relative(ROOT, join(outdir, name))}`);
    }
  }
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  buildPlayground({ outdir }).catch((err) => {
    console.error(`build:www: error: ${err.message}`);
    process.exit(1);
  });
}
