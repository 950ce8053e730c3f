// a range is only allowed in a for-in header; the error points at the .. token
let r = 0..10;
