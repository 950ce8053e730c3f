// prime factorisation by trial division
let factors = fn(n) {
  let out = [];
  let d = 2;
  while (d * d <= n) {
    while (n % d == 0) { out = push(out, d); n /= d; }
    d += 1;
  }
  if (n > 1) { out = push(out, n); }
  out
};
puts(factors(360));
puts(factors(97));
puts(factors(1234567890));
factors(600851475143)
