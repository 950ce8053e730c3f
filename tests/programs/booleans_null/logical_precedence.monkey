// || binds looser than &&, which binds looser than == and <
puts(true || true && false);
puts(false && true || true);
puts(1 < 2 == true);
puts(1 == 1 && 2 == 2);
puts(!(true || true));
true || false && false == false
