// An array of booleans is checked against its length like any other.
let a = [true, false, true];
a[2] = false;
a[3] = true;
