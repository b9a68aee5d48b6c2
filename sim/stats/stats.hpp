// A tree of named statistics, each with a value, a unit and a description; dumped as nested JSON
// and as flat CSV rows (path,value,unit). Values are stored tidied (sim/io/number_format.hpp).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/io/number_format.hpp"  // format_number, tidy: how every value is printed

namespace hesa {

// A value as JSON: tidied, and an integer when it is one (cycles, bytes, counts).
nlohmann::ordered_json json_number(double v);

class StatsNode {
 public:
  StatsNode& child(const std::string& name);
  void set(const std::string& name, double value, const std::string& unit, const std::string& desc);
  nlohmann::ordered_json to_json() const;
  void to_csv(std::string& out, const std::string& prefix = "") const;

 private:
  struct Leaf {
    std::string name;
    double value;
    std::string unit, desc;
  };
  struct Entry {
    std::string name;
    std::unique_ptr<StatsNode> node;  // null for leaves
    Leaf leaf;
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> children_;  // child nodes by name
};

}  // namespace hesa
