// an integer literal that does not fit in an i64
let big = 99999999999999999999;
