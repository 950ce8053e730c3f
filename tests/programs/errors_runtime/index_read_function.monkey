// indexing a function
let f = fn() { [1] };
f[0]
