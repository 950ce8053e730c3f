// a while loop runs while its condition is truthy
let i = 0;
let sum = 0;
while (i < 10) {
  sum += i;
  i += 1;
}
puts(i);
sum
