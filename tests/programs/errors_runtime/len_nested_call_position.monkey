// an error in a builtin call nested in another call points at the inner (
puts(len(null))
