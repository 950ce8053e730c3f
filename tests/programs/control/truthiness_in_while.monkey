// while conditions use truthiness: 0, "" and [] keep the loop going, false and null stop it
let a = [0, "", [], false, 1];
let i = 0;
while (a[i]) { i += 1; }
puts(i);
let j = 0;
let b = [0, 1];
while (b[j] != null) { j += 1 }
j
