// Twin of programs/string_build.monkey.
const N = 60000;

const reverse = (s) => [...s].reverse().join('');

export function main(print) {
  const found = [];
  let digits = 0;
  for (let i = 0; i < N; i++) {
    const s = String(i * i);
    digits += s.length;
    if (s === reverse(s)) found.push(s);
  }
  print(digits);
  print(found.join(','));
}
