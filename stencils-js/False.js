// False: push false.
t$R = $BOOL; a$R = 0; b$R = 0;
