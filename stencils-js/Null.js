// Null: push null.
t$R = $NULL; a$R = 0; b$R = 0;
