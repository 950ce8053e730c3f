// Return: from a frame called by JIT code, put the result in the callee slot below the
// frame and return to the JS caller. The outermost frame returns through the interpreter.
if (D === 0) $SUSPEND
H32[B4 - 4] = t$X; H32[B4 - 2] = a$X; H32[B4 - 1] = b$X;
return 0;
