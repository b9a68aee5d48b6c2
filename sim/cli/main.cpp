// Entry point: quiets SystemC's banner, then lets SystemC elaborate and call sc_main (the CLI).
#include <cstdlib>
#include <systemc>

#include "sim/cli/cli.hpp"

int sc_main(int argc, char** argv) {
  return hesa::cli_main(argc, argv);
}

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
