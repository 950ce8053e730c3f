// array(n, v) makes an array of n elements, each the value v
puts(array(3, 0));
puts(array(0, "x"));
puts(len(array(1000, null)));
let grid = array(2, [0, 0]);
grid[0][1] = 5;
puts(grid);
grid[0] == grid[1]
