// strings compare by value
let a = "mon" + "key";
puts(a == "monkey");
puts(a != "monkey");
puts("a" == "A");
puts("" == "");
"日本" == "日" + "本"
