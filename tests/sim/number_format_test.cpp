// Numbers as outputs print them (sim/io/number_format): float noise taken off, shortest form.
#include <catch2/catch.hpp>

#include "sim/io/number_format.hpp"

using namespace hesa;

TEST_CASE("numbers print without float noise in their shortest round-trip form", "[numbers]") {
  CHECK(format_number(4157527.9999999246) == "4157528");   // a count summed as doubles
  CHECK(format_number(400.07280000000003) == "400.0728");  // an area summed from parts
  CHECK(format_number(0.1 + 0.2) == "0.3");
  CHECK(format_number(415093712.08025) == "415093712.08");  // 12 significant digits
  CHECK(format_number(1e-5) == "1e-05");
  CHECK(format_number(-2.5) == "-2.5");
  CHECK(format_number(0) == "0");
  CHECK(format_number(123456789012345.0) == "123456789012345");  // a large count stays exact
  CHECK(format_number(3.203125) == "3.203125");
  CHECK(format_quantity(400.07280000000003, "mm2") == "400.0728 mm2");
  CHECK(tidy(1.0 / 3) == 0.333333333333);
  CHECK(std::isnan(tidy(std::nan(""))));
  CHECK(tidy(1e300 / 3) == Approx(1e300 / 3));
}
