// arrays grow only by making new ones with push
let a = [];
for (i in 0..5) { a = push(a, i * i); }
puts(len(a));
a
