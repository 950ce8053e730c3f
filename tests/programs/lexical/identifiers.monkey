// identifiers: letters, digits after the first character, underscores; case-sensitive
let _ = 1;
let _x9 = 2;
let camelCase = 3;
let snake_case_2 = 4;
let X = 5;
let x = 6;
puts(_ + _x9 + camelCase + snake_case_2);
puts(X, x);
X * x
