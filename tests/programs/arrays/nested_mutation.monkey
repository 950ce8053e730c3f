// mutating a nested array is visible through every path to it
let inner = [1, 2];
let outer = [inner, inner];
outer[0][0] = 9;
puts(inner);
puts(outer);
inner[1] = 8;
outer[1]
