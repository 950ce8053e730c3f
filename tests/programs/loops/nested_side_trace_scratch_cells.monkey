// Found by the differential generator (seed 2901): side traces nested in side traces
// boxed values into scratch cells numbered from zero again, past the cells allocated
// for the trace, and the JIT code overwrote VM memory.
let a = 4503599627370496; let b = 3; let c = 0; let i = 0; let s = "";
let arr = array(6, 1); let h = {"x": 1, "y": 2};
let f = fn(x) { if (x < 10) { x * 2 } else { x - 3 } };
let mk = fn(z) { fn(y) { y + z } }; let add3 = mk(3); let list = [];
for (i in 0..144) { h["x"] = (h["x"] - add3(f(a))); h[i % 3] = (2 * ((c / (i + 1)) * c)); b = (len(list) - f((4 - c))); }
puts(a, b, c, h);
