// code point order, not UTF-16 order: U+1F600 sorts after U+FF01
let smile = "😀";
let bang = "！";
puts(smile > bang);
puts(bang < smile);
puts("a😀" > "a！");
smile <= bang
