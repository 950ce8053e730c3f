// index assignment through one alias is seen through another
let h = {"v": 1};
let list = [h, h];
list[0]["v"] = 2;
list[1]["v"] += 40;
h["v"]
