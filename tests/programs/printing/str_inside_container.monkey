// a string made by str is an ordinary string: quoted and escaped when inside a container
let inner = str(["a"]);
puts(inner);
[inner]
