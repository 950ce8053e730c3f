// Jump: to $TARGET.
$JUMP
