// at the top level a tab is printed as a real tab character
puts("a\tb");
"c\td"
