// Base of the compute units fed from and drained to their TensorCore's VMEM (MXU, VPU, XLU): an
// instruction takes its closed-form compute cycles at the chip clock, and no less time than its
// operand and result traffic takes on the core's VMEM port (shared with the DMA and the other
// units). The derived unit gives the cost of an instruction and counts its own work.
#pragma once

#include <algorithm>
#include <cstdint>

#include "models/unit/unit_module.hpp"
#include "models/vmem/vmem_module.hpp"

namespace hesa {

struct PortCost {
  double cycles = 0;  // until the last of the unit's instances is done
  uint64_t vmem_read_bytes = 0;
  uint64_t vmem_write_bytes = 0;
  double compute_cycles = -1;  // summed over the instances at work (< 0: `cycles`)
};

class PortUnit : public UnitModule {
 public:
  // tracks: as for UnitModule (a unit of several instances names each).
  PortUnit(sc_core::sc_module_name name, UnitKind kind, int core, double clock_ghz, Sequencer& seq,
           VmemModule& vmem, Timeline* timeline, const std::vector<std::string>& tracks = {})
      : UnitModule(name, kind, core, seq, timeline, tracks), vmem_(vmem), clock_ghz_(clock_ghz) {}
  // Closed-form compute cycles of every instruction executed.
  double compute_cycles() const { return compute_cycles_; }

 protected:
  // The cost of `instr` on this unit; the derived unit counts its work here.
  virtual PortCost cost(const Instr& instr) = 0;

 private:
  double execute(const Instr& instr, double now_ns) final {
    const PortCost c = cost(instr);
    compute_cycles_ += c.compute_cycles < 0 ? c.cycles : c.compute_cycles;
    vmem_bytes_ += c.vmem_read_bytes + c.vmem_write_bytes;
    const double vmem_done = vmem_.access(now_ns, c.vmem_read_bytes, c.vmem_write_bytes);
    return std::max(now_ns + c.cycles / clock_ghz_, vmem_done);
  }

  VmemModule& vmem_;
  double clock_ghz_;
  double compute_cycles_ = 0;
};

}  // namespace hesa
