// only false and null are falsy: 0, "", [] and {} are truthy
let t = fn(x) { if (x) { "truthy" } else { "falsy" } };
puts(t(0));
puts(t(""));
puts(t([]));
puts(t({}));
puts(t(true));
puts(t(false));
puts(t(null));
t(-1)
