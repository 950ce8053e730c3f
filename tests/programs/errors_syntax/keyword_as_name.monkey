// a keyword where a name is expected is named in capitals
let a = 1;
let null;
