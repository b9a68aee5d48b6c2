// Lowers a workload's kernel by its family (workloads/kernels/kernel_registry.hpp): the mapping's
// knobs and the target's limits go to the family's lowering (workloads/lowering/).
#pragma once

#include "trace/trace.hpp"
#include "workloads/kernels/workload_config.hpp"
#include "workloads/lowering/bat_matmul_lowering.hpp"
#include "workloads/lowering/ckks_lowering.hpp"
#include "workloads/lowering/elementwise_lowering.hpp"
#include "workloads/mapping/lowering_target.hpp"

namespace hesa {

// with_constants: materialize constant data (for functional execution). Throws LoweringError for
// an impossible mapping.
Trace lower_kernel(const WorkloadConfig& workload, const LoweringTarget& target,
                   bool with_constants);

// The core split a run uses: the workload's when given; else one core none, and on a chip of
// several TensorCores limbs when the kernel has at least as many limbs as cores, batch otherwise
// (GEMMs and BAT matmuls: their tiles over the cores).
CoreSplit resolve_core_split(const WorkloadConfig& workload, const LoweringTarget& target);

ElementwiseKernel elementwise_kernel(Kernel kernel);
CkksParams ckks_params(const WorkloadConfig& workload, const LoweringTarget& target);
BatMatmulLowering lower_bat_matmul_workload(const WorkloadConfig& workload,
                                            const LoweringTarget& target, bool with_constants);

}  // namespace hesa
