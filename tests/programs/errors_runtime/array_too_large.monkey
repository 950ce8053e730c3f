// more than 100,000,000 elements is an error
array(200000000, 0)
