// string keys compare by value, including non-ASCII text
let h = {};
h["日本"] = 1;
h["日" + "本"] += 1;
h["é"] = 2;
puts(h["日本"]);
h
