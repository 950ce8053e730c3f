// a range whose bounds are both null
let h = {};
for (i in h["a"]..h["b"]) { }
