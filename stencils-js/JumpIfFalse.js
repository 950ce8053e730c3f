// JumpIfFalse: pop; to $TARGET when false or null.
if (t$X === $BOOL ? (a$X & 255) === 0 : t$X === $NULL) $JUMP
