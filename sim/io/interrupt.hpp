// SIGINT/SIGTERM during a run: temporary output files (and folders the run created) are removed
// by the signal handler, and a commit of finished files runs with the signals held back, so an
// interrupted run leaves either complete files or none.
#pragma once

#include <csignal>
#include <string>

namespace hesa {

// Installs the handler for SIGINT and SIGTERM (idempotent). It removes every registered path
// (files, then folders), restores the default action and re-raises the signal.
void install_interrupt_cleanup();

// Registers a path the handler removes: a temporary file, or a folder created by this run (removed
// only if empty). Returns a slot for unregister_cleanup; -1 when all slots are taken (the path
// then simply stays unguarded).
int register_cleanup(const std::string& path, bool folder);
void unregister_cleanup(int slot);
// Drops every registered path without removing it: a forked child leaves its parent's paths (its
// lock file, its temporaries) to the parent.
void forget_cleanups();

// Holds SIGINT and SIGTERM back while alive; a signal that arrived meanwhile is delivered when
// the block ends.
class SignalHold {
 public:
  SignalHold();
  ~SignalHold();
  SignalHold(const SignalHold&) = delete;
  SignalHold& operator=(const SignalHold&) = delete;

 private:
  sigset_t old_;
};

}  // namespace hesa
