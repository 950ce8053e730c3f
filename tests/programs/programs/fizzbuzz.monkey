// FizzBuzz from 1 to 20 on one line
let out = "";
for (i in 1..21) {
  let s = if (i % 15 == 0) { "FizzBuzz" } else if (i % 3 == 0) { "Fizz" } else if (i % 5 == 0) { "Buzz" } else { str(i) };
  out += s;
  if (i < 20) { out += " "; }
}
out
