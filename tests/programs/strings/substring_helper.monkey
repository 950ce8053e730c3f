// a substring helper written with indexing and concatenation
let substr = fn(s, from, to) {
  let out = "";
  for (i in from..to) { out += s[i]; }
  out
};
puts(substr("hello, world", 7, 12));
puts(substr("日本語テキスト", 3, 7));
substr("abc", 1, 1) == ""
