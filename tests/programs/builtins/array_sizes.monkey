// array(0, v) is empty; array(100000, v) has 100,000 elements
let e = array(0, 1);
puts(e, len(e));
let big = array(100000, 7);
puts(len(big), big[99999], big[100000]);
first(big) + last(big)
