// semicolons after statements are optional where the statement ends unambiguously
let x = 1 let y = 2
let z = x + y
puts(z)
puts(x) puts(y)
z * 2
