// Const: push constant $ARG, copied from the materialised constant pool (a string's
// handle; integer constants use ConstInt).
t$R = H8[$KB]; a$R = H32[$K4 + 2]; b$R = H32[$K4 + 3];
