// The Mandelbrot set in 12-bit fixed-point integer arithmetic,
// drawn as text. Points that reach the iteration limit are
// `@`; the others are shaded by their escape time.
let N = 200;
let W = 64;
let H = 24;
let ONE = 4096;
let palette = " .:-=+*#%@";

for (py in 0..H) {
  let ci = -5000 + py * 10000 / (H - 1);
  let line = "";
  for (px in 0..W) {
    let cr = -2 * ONE + px * 3 * ONE / W;
    let zr = 0;
    let zi = 0;
    let k = 0;
    while (k < N && zr * zr + zi * zi <= 4 * ONE * ONE) {
      let t = (zr * zr - zi * zi) / ONE + cr;
      zi = 2 * zr * zi / ONE + ci;
      zr = t;
      k += 1;
    }
    let shade = 9;
    if (k < N) { shade = k % 9; }
    line = line + palette[shade];
  }
  puts(line);
}
