// first and last return elements of any type, including null and arrays
puts(first([null, 1]));
puts(last([1, [2]]));
puts(first(["日本"]));
last([[]])
