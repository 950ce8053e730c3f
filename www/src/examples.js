// The Examples menu, in menu order. The programs live in www/examples/*.monkey; the
// bundler inlines them as text. tests/js/www.test.mjs runs every one under every tier.

import hello from '../examples/hello.monkey';
import loopSum from '../examples/loop-sum.monkey';
import fib from '../examples/fib.monkey';
import closures from '../examples/closures.monkey';
import sieve from '../examples/sieve.monkey';
import mandelbrot from '../examples/mandelbrot.monkey';
import coldCode from '../examples/cold-code.monkey';
import hashLookup from '../examples/hash-lookup.monkey';
import stringBuild from '../examples/string-build.monkey';
import higherOrder from '../examples/higher-order.monkey';
import quicksort from '../examples/quicksort.monkey';
import nestedLoops from '../examples/nested-loops.monkey';
import typeChange from '../examples/type-change.monkey';
import bigIntegers from '../examples/big-integers.monkey';
import collatz from '../examples/collatz.monkey';
import sideWrite from '../examples/side-write.monkey';
import gameOfLife from '../examples/game-of-life.monkey';
import hanoi from '../examples/hanoi.monkey';

/**
 * `{ id, title, code }` for each example; `id` is its file name without `.monkey`; `hint`,
 * if any, is shown when the example is loaded.
 */
export const EXAMPLES = [
  { id: 'hello', title: 'A tour of Monkey', code: hello },
  { id: 'loop-sum', title: 'Loop sum (the seed loop)', code: loopSum },
  { id: 'fib', title: 'Recursive Fibonacci', code: fib },
  { id: 'closures', title: 'Closures in a hot loop', code: closures },
  { id: 'sieve', title: 'Sieve of Eratosthenes', code: sieve },
  { id: 'mandelbrot', title: 'Mandelbrot as text', code: mandelbrot },
  {
    id: 'cold-code',
    title: 'Cold code: 48 functions called once',
    code: coldCode,
    hint: 'Try the template tier: it compiles every function (see Template JS); Compare tiers shows what that costs.',
  },
  { id: 'hash-lookup', title: 'Hash lookups', code: hashLookup },
  { id: 'string-build', title: 'String building', code: stringBuild },
  { id: 'higher-order', title: 'map, filter, reduce', code: higherOrder },
  { id: 'quicksort', title: 'Quicksort', code: quicksort },
  { id: 'nested-loops', title: 'Nested loops', code: nestedLoops },
  { id: 'type-change', title: 'A loop that changes type', code: typeChange },
  { id: 'big-integers', title: '64-bit integers past 2^53', code: bigIntegers },
  { id: 'collatz', title: 'Collatz: a branchy loop', code: collatz },
  { id: 'side-write', title: 'A rare write: re-optimization', code: sideWrite },
  { id: 'game-of-life', title: 'Game of life', code: gameOfLife },
  {
    id: 'hanoi',
    title: 'Towers of Hanoi: template beats trace',
    code: hanoi,
    hint: 'Try the template tier, then Compare tiers: the function trace cannot hold the writes, so template is fastest here.',
  },
];

/** The program the page starts with when the URL carries none. */
export const DEFAULT_EXAMPLE = 'loop-sum';
