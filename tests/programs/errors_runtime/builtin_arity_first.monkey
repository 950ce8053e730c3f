// first needs one argument
first()
