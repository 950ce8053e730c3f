// -9223372036854775808 is minus applied to a literal that does not fit
let min = -9223372036854775808;
