// Entry point: quiets SystemC's banner, keeps one malloc arena, then lets SystemC elaborate and
// call sc_main (the CLI).
#include <cstdlib>
#include <systemc>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "sim/cli/cli.hpp"

int sc_main(int argc, char** argv) {
  return hesa::cli_main(argc, argv);
}

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
#if defined(__GLIBC__)
  // One arena for every thread: the statistics' second thread (the critical-path walk) then
  // reuses the memory the lowering freed instead of growing an arena of its own.
  mallopt(M_ARENA_MAX, 1);
#endif
  return sc_core::sc_elab_and_sim(argc, argv);
}
