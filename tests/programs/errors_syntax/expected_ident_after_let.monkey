// let must be followed by a name (the token class INT is named)
let 5;
