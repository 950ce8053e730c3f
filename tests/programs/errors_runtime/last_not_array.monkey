// last needs an array
last(1)
