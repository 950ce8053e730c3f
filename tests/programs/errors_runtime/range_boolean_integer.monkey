// a boolean range bound
for (i in true..3) { }
