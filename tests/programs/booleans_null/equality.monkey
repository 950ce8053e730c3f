// == and != compare booleans and null by value
puts(true == true, true == false, false != true);
puts(null == null, null != null);
puts((1 < 2) == true);
puts(!true == false);
null == false
