// the result is the value of the last top-level expression statement
1;
2;
3
