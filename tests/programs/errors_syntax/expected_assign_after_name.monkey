// let needs = after the name
let x 5;
