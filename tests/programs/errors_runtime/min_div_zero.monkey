// dividing i64::MIN by zero is still division by zero
let min = -9223372036854775807 - 1;
min / 0
