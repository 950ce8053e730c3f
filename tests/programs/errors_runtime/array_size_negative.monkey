// array's size must not be negative
array(-1, 0)
