#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// libsystemc references sc_main; tests that simulate call sc_start themselves.
extern "C" int sc_main(int, char**) {
  return 0;
}
