// libFuzzer entry point: one input is one sweep input (see fuzz_harness.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hesa::fuzz::sweep_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
