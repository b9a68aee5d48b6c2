#include "models/hbm/hbm_module.hpp"

namespace hesa {

HbmModule::HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg)
    : sc_module(name), cfg_(cfg), model_(cfg) {}

}  // namespace hesa
