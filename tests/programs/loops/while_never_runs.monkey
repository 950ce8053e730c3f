// a while loop whose condition is falsy at the start never runs its body
let ran = false;
while (false) { ran = true; }
while (null) { ran = true; }
ran
