// the same container appearing twice without a cycle prints in full both times
let x = [1, 2];
let y = [x, x, {"again": x}];
y
