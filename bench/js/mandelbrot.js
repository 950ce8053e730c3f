// Twin of programs/mandelbrot.monkey. Monkey's `/` truncates toward zero: Math.trunc.
const N = 2000;

const W = 72;
const H = 28;
const ONE = 4096;
const PALETTE = ' .:-=+*#%@';

export function main(print) {
  for (let py = 0; py < H; py++) {
    const ci = -5000 + Math.trunc((py * 10000) / (H - 1));
    let line = '';
    for (let px = 0; px < W; px++) {
      const cr = -2 * ONE + Math.trunc((px * 3 * ONE) / W);
      let zr = 0;
      let zi = 0;
      let k = 0;
      while (k < N && zr * zr + zi * zi <= 4 * ONE * ONE) {
        const t = Math.trunc((zr * zr - zi * zi) / ONE) + cr;
        zi = Math.trunc((2 * zr * zi) / ONE) + ci;
        zr = t;
        k++;
      }
      line += PALETTE[k < N ? k % 9 : 9];
    }
    print(line);
  }
}
