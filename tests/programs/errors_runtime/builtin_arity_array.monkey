// array needs exactly two arguments
array(1, 2, 3)
