// strings print raw at the top level and quoted inside containers
let s = "say \"hi\"";
puts(s);
puts([s]);
puts({"k": s});
puts([["nested", ["deeper"]]]);
[s, "back\\slash"]
