// arrays compare by identity, not by contents
let a = [1];
let b = [1];
let c = a;
puts(a == b);
puts(a == c);
puts(a != b);
puts([] == []);
puts(a == [1]);
c != a
