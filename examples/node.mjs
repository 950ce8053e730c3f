import { run } from 'monkey-jit'; // node loads the .wasm on first use: no init() needed

const program = `
let fib = fn(n) { if (n < 2) { return n; } fib(n - 1) + fib(n - 2) };
puts(fib(20));
fib(10)
`;
const { stdout, result, error } = run(program, { maxSteps: 10_000_000 });
process.stdout.write(stdout); // 6765
console.log(error ?? `=> ${result}`); // => 55
