// Loop: the back-edge of loop $ARG2. Out of steps (also when a collection is wanted: the
// runtime then sets the budget aside), or (under `auto`) the trace tier's countdown for
// this loop run out: the interpreter takes over at this instruction and does what its
// own back-edge does. Otherwise count a step and an iteration, and jump back to $TARGET.
// Both counts are JS variables (`st`, `it`), in memory only when control leaves the
// function: counted in memory, they made loop_sum's and collatz's template code 1.2-1.3x
// slower.
if (st === 0 || $COUNTDOWN) $SUSPEND
st -= 1;
it += 1;
$JUMP
