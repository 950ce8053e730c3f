// compound assignment to array elements and hash entries
let a = [1, 2, 3];
a[0] += 10;
a[1] *= 5;
a[2] -= 1;
puts(a);
let h = {"x": 7};
h["x"] %= 4;
h["x"] /= 2;
h["y"] = 0;
h["y"] -= 1;
h
