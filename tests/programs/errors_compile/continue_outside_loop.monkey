// continue inside an if but outside any loop
if (true) {
  continue;
}
