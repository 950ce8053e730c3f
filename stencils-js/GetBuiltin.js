// GetBuiltin: push builtin $ARG.
t$R = $BUILTIN; a$R = $ARG; b$R = 0;
