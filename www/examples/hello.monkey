// A tour of Monkey. Press Run (Ctrl+Enter) and look around.
//
// Values: integers, booleans, null, strings, arrays, hashes
// and functions.
let name = "Monkey";
let langs = ["Go", "Rust", name];
let year = {"Go": 2009, "Rust": 2015};
puts("Hello, " + name + "!");
puts(len(langs), first(langs), last(langs), year["Rust"]);

// Functions are values; closures capture variables by
// reference.
let greeter = fn(greeting) { fn(who) { greeting + ", " + who } };
let hi = greeter("Hi");
puts(hi("there"));

// Loops and mutation: `while`, C-style `for`, and `for-in`
// over ranges, arrays and strings.
let squares = [];
for (i in 1..6) { squares = push(squares, i * i); }
puts(squares);
let countdown = "";
let k = 3;
while (k > 0) { countdown = countdown + str(k) + " "; k -= 1; }
puts(countdown + "liftoff");
let vowels = 0;
for (let j = 0; j < len("banana"); j += 1) {
  if ("banana"[j] == "a") { vowels += 1; }
}
puts(vowels);

// The program's value is its last expression.
type(greeter)
