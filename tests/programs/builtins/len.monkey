// len counts the characters of a string and the elements of an array
puts(len(""));
puts(len("four"));
puts(len([]));
puts(len([1, [2, 3]]));
puts(len(array(7, 0)));
len("日本語")
