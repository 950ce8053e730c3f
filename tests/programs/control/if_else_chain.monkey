// if / else if / else chooses exactly one block
let grade = fn(n) {
  if (n >= 90) { "A" } else if (n >= 80) { "B" } else if (n >= 70) { "C" } else { "F" }
};
puts(grade(95), grade(85), grade(75), grade(10));
grade(90)
