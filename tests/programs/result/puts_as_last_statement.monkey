// a final puts call is an expression statement whose value is null
puts("printed");
