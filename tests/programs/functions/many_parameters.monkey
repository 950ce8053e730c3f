// a function with eight parameters
let f = fn(a, b, c, d, e, g, h, i) { a + b * 2 + c * 3 + d * 4 + e * 5 + g * 6 + h * 7 + i * 8 };
f(1, 1, 1, 1, 1, 1, 1, 1)
