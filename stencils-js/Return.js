// Return: from a frame called by JIT code, hand the result to the JS caller in `R` (the
// array shared by all template code; the caller reads it right after the call) and
// return the steps left. The outermost frame returns through the interpreter. Nothing
// reads the callee slot in memory while template code runs (the collector runs only
// after a hand-over, which writes every live slot back), so the result is not stored
// there: passing it in `R` made fib30's template code 10-15% faster. Globals kept in JS
// variables go back to memory first ($SYNC_GLOBALS: see GetGlobalReg.js), and so do the
// loop iterations this frame counted ($FLUSH_ITERS).
if (D === 0) $SUSPEND
R[0] = t$X; R[1] = a$X; R[2] = b$X;
$SYNC_GLOBALS
$FLUSH_ITERS
return st;
