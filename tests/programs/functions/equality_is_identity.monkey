// functions compare by identity
let f = fn() { 1 };
let g = fn() { 1 };
let h = f;
puts(f == h);
puts(f == g);
puts(f != g);
fn() { 1 } == fn() { 1 }
