// libFuzzer entry point: one input is one trace input (see fuzz_harness.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hesa::fuzz::trace_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
