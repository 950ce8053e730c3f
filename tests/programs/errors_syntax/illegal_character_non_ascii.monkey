// an illegal non-ASCII character; its column is counted in characters
let price = "€"; let x = 5 € 3;
