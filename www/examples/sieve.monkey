// Sieve of Eratosthenes: counts the primes up to N and prints
// the largest. Two nested loops over one array of booleans.
let N = 100000;

let sieve = fn(n) {
  let composite = array(n + 1, false);
  let count = 0;
  let largest = 0;
  for (let i = 2; i <= n; i += 1) {
    if (!composite[i]) {
      count += 1;
      largest = i;
      for (let j = i * i; j <= n; j += i) {
        composite[j] = true;
      }
    }
  }
  [count, largest]
};
puts(sieve(N));
