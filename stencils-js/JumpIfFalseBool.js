// JumpIfFalseBool (variant of JumpIfFalse): the condition is known to be a boolean
// (`types.rs`, e.g. a comparison's result): jump to $TARGET when it is false.
if ((a$X & 255) === 0) $JUMP
