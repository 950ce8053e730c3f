// True: push true.
t$R = $BOOL; a$R = 1; b$R = 0;
