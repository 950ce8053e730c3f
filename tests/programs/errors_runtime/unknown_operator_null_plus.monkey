// null has no arithmetic
let n = null;
n + n
