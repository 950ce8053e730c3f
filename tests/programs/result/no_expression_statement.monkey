// a program without expression statements has the result null
let x = 5;
let y = x * 2;
