// null equals only null; booleans compare only with == and !=
let n = null;
puts(n == null);
puts(n != false);
puts(true != true);
[n == n, false == false, n == [][0]]
