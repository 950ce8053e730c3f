// the for header's let binds in the enclosing scope, so the name is visible after the loop
for (let i = 0; i < 7; i += 1) { }
i
