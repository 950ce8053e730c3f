// A printed form past 16 MiB is an error: here three 8 MiB strings, quoted in an array
let s = "ab";
for (i in 0..22) { s = s + s; }
puts(len(str([s])));
let t = str([s, s, s]);
puts("not reached");
