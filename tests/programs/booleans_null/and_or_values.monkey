// && and || yield a boolean computed from the operands' truthiness
puts(1 && 2);
puts(0 || false);
puts(null || "x");
puts(false || null);
puts("" && []);
puts(true && null);
puts(type(1 && 2));
null || null
