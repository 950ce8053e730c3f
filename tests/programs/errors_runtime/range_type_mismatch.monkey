// both range bounds must be integers; the error points at the .. token
for (i in 0.."10") { }
