// unary minus on null
let h = {};
-h["missing"]
