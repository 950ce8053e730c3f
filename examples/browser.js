import { init, run } from 'monkey-jit';

await init(); // fetches the .wasm that sits next to the package's JS

const { stdout, error } = run(`
let fib = fn(n) { if (n < 2) { return n; } fib(n - 1) + fib(n - 2) };
puts(fib(20));
`);
document.querySelector('#output').textContent = error ?? stdout;
