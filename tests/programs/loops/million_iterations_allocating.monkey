// 1,000,000 iterations, each allocating a fresh string and a fresh array
let i = 0;
let last = "";
let pair = [];
while (i < 1000000) {
  last = str(i);
  pair = [i, last];
  i += 1;
}
puts(last);
pair
