// an unusable key in an index assignment points at the [
let h = {};
h[{}] = 1;
