// the input ends in the middle of a call; EOF is at the position after the last character
puts(1, 2
