// s[i] += ... reads the character fine but cannot write it back
let s = "ab";
s[0] += "x";
