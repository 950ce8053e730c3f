// * on a string and an integer (no repetition operator)
let s = "ab";
s * 3
