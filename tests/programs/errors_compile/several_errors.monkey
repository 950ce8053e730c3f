// every compile error of the file is reported, in source order
let a = 1;
puts(b);
a = c;
let f = fn() { continue; };
d += 1;
break;
