// += on string elements of an array
let words = ["a", "b"];
words[0] += "x";
words[1] += words[0];
words
