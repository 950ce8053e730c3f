// array's size must be an integer
array("3", 0)
