// the key expression's start, not its ( , is the position
let a = [[1]];
let h = {"x": 0, first(a): 1};
