// values of different types are unequal, and comparing them with == or != is not an error
puts(1 == true);
puts(0 == false);
puts(null == 0);
puts("1" == 1);
puts("true" == true);
puts([] == null);
puts(1 != "1");
"" == null
