// < on operands of different types keeps the operator and operand order in the message
puts(1 < 2);
puts(1 < "2");
