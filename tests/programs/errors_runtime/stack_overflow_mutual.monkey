// unbounded mutual recursion: frame 10,001 is a call to ping made inside pong
let ping = null;
let pong = fn(n) { ping(n + 1) };
ping = fn(n) { pong(n + 1) };
ping(0)
