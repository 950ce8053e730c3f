// Loop: the back-edge of loop $ARG2. Out of steps (also when a collection is wanted: the
// runtime then sets the budget aside), or (under `auto`) the trace tier's countdown for
// this loop run out: the interpreter takes over at this instruction and does what its
// own back-edge does. Otherwise count a step and an iteration, and jump back to $TARGET.
if (H32[$STEPS] === 0 || $COUNTDOWN) $SUSPEND
H32[$STEPS] -= 1;
H32[$ITERS] += 1;
$JUMP
