// A sweep's points as children forked from the sweep process rather than fresh `hesa run`
// processes. The command line installs the point's entry (`hesa run`'s own code, called
// in-process with the same arguments) and reads what the points share once before they run (the
// base chip and workload, and what the workload derives from them, such as the NTT roots of its
// primes, which the children inherit). Each child elaborates SystemC once, as a process of its own
// would, and writes the same files; a point saves the exec, the dynamic linking and the shared
// reading. Without an installed entry, points are exec'd as before.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace hesa {

// Runs a point given its command line (argv[0] first); returns the exit code.
using PointMain = std::function<int(std::vector<std::string> args)>;
void set_point_main(PointMain main);
bool has_point_main();

// Forks a child that runs the installed entry with `args`, its standard output and error going
// to the files `out` and `err`, killed when `parent` (the sweep process) dies. Returns its pid.
pid_t fork_point(const std::vector<std::string>& args, const std::string& out,
                 const std::string& err, pid_t parent);

}  // namespace hesa
