// first needs an array
first("abc")
