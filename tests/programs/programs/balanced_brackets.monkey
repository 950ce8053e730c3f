// balanced-bracket checking with a fixed-size array used as a stack
let pairs = {")": "(", "]": "[", "}": "{"};
let balanced = fn(s) {
  let stack = array(len(s), "");
  let top = 0;
  for (c in s) {
    if (c == "(" || c == "[" || c == "{") {
      stack[top] = c;
      top += 1;
    } else if (pairs[c] != null) {
      if (top == 0) { return false; }
      top -= 1;
      if (stack[top] != pairs[c]) { return false; }
    }
  }
  top == 0
};
let tests = ["", "()", "([]{})", "([)]", "((", "}{", "fn(a) { [a, {b: c}] }"];
let out = [];
for (t in tests) { out = push(out, balanced(t)); }
out
