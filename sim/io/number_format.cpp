#include "sim/io/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hesa {

double tidy(double v) {
  if (!std::isfinite(v) || v == 0) return v;
  const double whole = std::round(v);
  if (std::fabs(v - whole) <= 1e-12 * std::fabs(v) && std::fabs(whole) < 9e15) return whole;
  // 12 significant digits: scale by an exact power of ten so the rounding is exact.
  const int digits = 11 - static_cast<int>(std::floor(std::log10(std::fabs(v))));
  if (digits >= 0) {
    const double scale = std::pow(10.0, digits);
    return std::isfinite(scale) ? std::round(v * scale) / scale : v;
  }
  const double scale = std::pow(10.0, -digits);
  return std::round(v / scale) * scale;
}

std::string format_number(double v) {
  const double t = tidy(v);
  if (std::isfinite(t) && t == std::floor(t) && std::fabs(t) < 9e15) {
    return fmt::format("{}", static_cast<long long>(t));
  }
  return fmt::format("{}", t);
}

std::string format_quantity(double v, const std::string& unit) {
  return unit.empty() ? format_number(v) : format_number(v) + " " + unit;
}

}  // namespace hesa
