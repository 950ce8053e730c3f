// other characters, including non-ASCII ones, print as themselves inside containers
puts(["héllo", "日本", "😀", "a/b", "{[,]}"]);
{"ключ": "значение"}
