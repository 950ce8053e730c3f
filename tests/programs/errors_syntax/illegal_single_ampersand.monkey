// & and | alone are not operators
let a = true;
let c = a & a;
