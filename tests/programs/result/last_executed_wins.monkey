// the result is the last expression statement that was executed, wherever the program stops
let n = 0;
n + 1;
if (n == 0) { "taken" } else { "not taken" };
let m = 1;
