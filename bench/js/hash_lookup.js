// Twin of programs/hash_lookup.monkey, with Map for both tables.
const N = 500000;

export function main(print) {
  const byNumber = new Map();
  for (let i = 0; i < 1000; i++) byNumber.set(i * 3, i);
  const words = new Map();
  for (let i = 0; i < 500; i++) words.set(`w${i}`, i);
  const wordKeys = Array.from({ length: 700 }, (_, i) => `w${i}`);

  let hits = 0;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const v = byNumber.get(i % 3000);
    if (v !== undefined) {
      hits++;
      sum += v;
    }
    const w = words.get(wordKeys[i % 700]);
    if (w !== undefined) sum += w;
  }
  print(hits);
  print(sum);
}
