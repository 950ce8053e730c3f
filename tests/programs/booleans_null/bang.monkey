// !x is true exactly when x is false or null, for any type
puts(!false, !null);
puts(!true, !0, !1, !"", ![], !{});
puts(!fn() { 1 }, !len);
!!null
