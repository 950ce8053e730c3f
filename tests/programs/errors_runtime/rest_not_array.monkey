// rest needs an array
rest(null)
