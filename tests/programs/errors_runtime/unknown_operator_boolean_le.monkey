// booleans have no <=
true <= false
