// names that merely start with a keyword are ordinary identifiers
let lettuce = 1;
let fnord = 2;
let iffy = 3;
let elsewhere = 4;
let returned = 5;
let whilst = 6;
let format = 7;
let inside = 8;
let breaker = 9;
let continued = 10;
let trueish = 11;
let falsehood = 12;
let nullable = 13;
lettuce + fnord + iffy + elsewhere + returned + whilst + format + inside + breaker + continued + trueish + falsehood + nullable
