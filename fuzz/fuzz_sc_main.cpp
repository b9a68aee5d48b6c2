// libsystemc references sc_main (the harness links the simulator's libraries); libFuzzer's main
// runs instead and nothing here simulates. Not in the harness, which the tests link too.
extern "C" int sc_main(int, char**) {
  return 0;
}
