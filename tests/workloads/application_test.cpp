// The applications' operation counts equal the totals their sources give (each workload file
// cites the code it follows): ResNet-20 as narger-ef/LowMemoryFHEResNet20 runs it, HELR as
// KyoohyungHan/HELR does (one bootstrapping period of 4 iterations), and both bootstraps' shape.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>

#include "config/yaml_tree.hpp"
#include "workloads/kernels/sequence_operations.hpp"
#include "workloads/kernels/workload_schema.hpp"
#include "workloads/lowering/bootstrap_schedule.hpp"

using namespace hesa;

namespace {

WorkloadConfig shipped(const std::string& name) {
  return read_workload(
      load_yaml_file(std::string(HESA_SOURCE_DIR) + "/configs/workloads/" + name + ".yaml"));
}

std::map<std::string, double> operations(const WorkloadConfig& w) {
  std::map<std::string, double> out;
  for (const auto& [k, v] : sequence_operations(w)) out[k] = v;
  return out;
}

}  // namespace

TEST_CASE("ResNet-20's operations are those of the implementation it follows", "[application]") {
  // Per inference (src/main.cpp, src/FHEController.cpp): 152 hoisted rotations (19 3 x 3
  // convolutions x 8) and 1243 single ones; 6619 plaintext products; 6634 ciphertext sums and 25
  // plaintext sums; 19 ReLUs of 16 products each; 21 bootstraps.
  const std::map<std::string, double> ops = operations(shipped("resnet20"));
  CHECK(ops.at("rotations") == 152 + 1243);
  CHECK(ops.at("he_rotate") == 19 + 1243);  // a hoisted group is one step
  CHECK(ops.at("pmult") == 6619);
  CHECK(ops.at("he_add") == 6634 + 25);
  CHECK(ops.at("he_mult") == 19 * 16);
  CHECK(ops.at("bootstrap") == 21);
  CHECK(ops.size() == 6);
}

TEST_CASE("HELR's operations are those of its code, 4 iterations and their bootstraps",
          "[application]") {
  // Per iteration (src/ML.cpp, 8 ciphertexts of 1024 samples x 32 features): 25 products (8 inner
  // products, the square, 16 in the sigmoid), 125 rotations (8 x 5 + 5 + 8 x 10), 1 mask, 32
  // constant products, 1 constant sum, 156 sums; 16 bootstraps every iterPerBoot = 4 iterations.
  const WorkloadConfig w = shipped("helr");
  const std::map<std::string, double> ops = operations(w);
  CHECK(ops.at("he_mult") == 4 * 25);
  CHECK(ops.at("rotations") == 4 * 125);
  CHECK(ops.at("pmult") == 4 * 1);
  CHECK(ops.at("const_mult") == 4 * 32);
  CHECK(ops.at("const_add") == 4 * 1);
  CHECK(ops.at("he_add") == 4 * 156);
  CHECK(ops.at("bootstrap") == 16);
  // 5 levels an iteration from the limbs a bootstrap leaves.
  const BootstrapSchedule b = bootstrap_schedule(w.bootstrap, w.n, w.limbs);
  int lowest = w.limbs;
  for (const SequenceStepConfig& s : w.sequence) {
    if (s.kernel != Kernel::kBootstrap) lowest = std::min(lowest, s.level);
  }
  CHECK(b.bottom == 26);
  CHECK(lowest == b.bottom - 4 * 5);
}

TEST_CASE("the bootstraps of the applications run at two parameter sets", "[application]") {
  const WorkloadConfig cheddar = shipped("bootstrap_cheddar");
  const WorkloadConfig craterlake = shipped("bootstrap_craterlake");
  CHECK(cheddar.limbs == 48);
  CHECK(craterlake.limbs == 51);
  CHECK(bootstrap_schedule(craterlake.bootstrap, craterlake.n, craterlake.limbs).key_switches ==
        bootstrap_schedule(cheddar.bootstrap, cheddar.n, cheddar.limbs).key_switches);
  // ResNet-20 and HELR bootstrap sparsely: 16384 and 32 slots.
  CHECK(shipped("resnet20").bootstrap.slots == 16384);
  CHECK(shipped("helr").bootstrap.slots == 32);
}
