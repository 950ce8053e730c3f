// a top-level return; ends the program with the result null
5;
return;
6
