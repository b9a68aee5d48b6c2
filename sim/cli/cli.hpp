// The hesa command line: `hesa run` and friends. Returns the process exit code
// (0 ok, 1 a failed check, 2 bad input).
#pragma once

namespace hesa {

int cli_main(int argc, char** argv);

}  // namespace hesa
