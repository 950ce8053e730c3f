// the sieve of Eratosthenes below 10,000
let n = 10000;
let isPrime = array(n, true);
isPrime[0] = false;
isPrime[1] = false;
let i = 2;
while (i * i < n) {
  if (isPrime[i]) {
    let j = i * i;
    while (j < n) { isPrime[j] = false; j += i; }
  }
  i += 1;
}
let count = 0;
let sum = 0;
let largest = 0;
for (k in 0..n) {
  if (isPrime[k]) { count += 1; sum += k; largest = k; }
}
puts(count);
puts(sum);
largest
