// < > <= >= compare strings lexicographically by code point
puts("a" < "b");
puts("abc" < "abd");
puts("ab" < "abc");
puts("" < "a");
puts("Z" < "a");
puts("b" > "abc");
puts("é" > "z");
puts("abc" <= "abc", "abc" >= "abd");
"日" > "本"
