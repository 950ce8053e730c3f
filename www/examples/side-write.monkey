// A loop that reads `scale` on every iteration but changes it
// only now and then. The trace, recorded on the common path,
// loads `scale` once, before its loop. When the rare path gets
// hot, its side trace would write `scale` behind the loop's
// back, so the JIT re-optimizes the parent trace to carry
// `scale` in a PHI, and links the side trace to it. Events
// shows trace 0 compiled twice; Passes steps through both
// optimizations, and Optimized IR and JS show the newest code.
let scale = 1;
let total = 0;
for (i in 0..20000) {
  if (i % 1000 == 999) {
    scale = scale + 1;
  }
  total = total + scale;
}
puts("scale: " + str(scale));
total
