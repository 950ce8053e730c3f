// "0..3" lexes as 0 .. 3, and "-3..-1" as (-3) .. (-1)
let a = [];
for (i in 0..3) { a = push(a, i); }
for (i in -3..-1) { a = push(a, i); }
a
