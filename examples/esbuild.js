// esbuild esbuild.js --bundle --format=esm --loader:.wasm=file --outdir=dist
import { init, run } from 'monkey-jit';
import wasmUrl from 'monkey-jit/monkey-jit.wasm'; // the file loader copies it to dist/

await init(wasmUrl);

document.querySelector('#output').textContent = run('puts(6 * 7)').stdout;
