// One ICI engine of one chip of a slice: executes a copy of a limb to another chip's HBM
// (Opcode::kIciCopy) in the closed form of ici_cost.hpp, over the links its route crosses, which
// every engine of the slice shares (contention per link). Several engines per chip send over
// several links at once. Assumes HBM keeps up at both ends: a link carries at most a few percent
// of a chip's HBM bandwidth (docs/models.md, "ICI").
#pragma once

#include "models/ici/ici_cost.hpp"
#include "models/unit/unit_module.hpp"

namespace hesa {

class IciModule : public UnitModule {
 public:
  IciModule(sc_core::sc_module_name name, int core, Sequencer& seq, IciLinks& links,
            Timeline* timeline);
  uint64_t bytes() const { return bytes_; }
  const IciLinks& links() const { return links_; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  IciLinks& links_;
  uint64_t bytes_ = 0;  // sent by this engine (once per transfer, however many links it crosses)
};

}  // namespace hesa
