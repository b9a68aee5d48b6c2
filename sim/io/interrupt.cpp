#include "sim/io/interrupt.hpp"

#include <unistd.h>

#include <climits>
#include <cstring>

namespace hesa {

namespace {

constexpr int kSlots = 64;

// Written only with the signals held back; read by the handler.
struct Slot {
  volatile sig_atomic_t used = 0;
  volatile sig_atomic_t folder = 0;
  char path[PATH_MAX] = {};
};
Slot slots[kSlots];

extern "C" void on_interrupt(int sig) {
  for (int pass = 0; pass < 2; ++pass) {  // files first, then the (now empty) folders
    for (int i = kSlots - 1; i >= 0; --i) {
      if (!slots[i].used || slots[i].folder != pass) continue;
      if (pass == 0) unlink(slots[i].path);
      if (pass == 1) rmdir(slots[i].path);
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void install_interrupt_cleanup() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int register_cleanup(const std::string& path, bool folder) {
  if (path.size() >= PATH_MAX) return -1;
  const SignalHold hold;
  for (int i = 0; i < kSlots; ++i) {
    if (slots[i].used) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].folder = folder;
    slots[i].used = 1;
    return i;
  }
  return -1;
}

void unregister_cleanup(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  const SignalHold hold;
  slots[slot].used = 0;
}

void forget_cleanups() {
  const SignalHold hold;
  for (Slot& slot : slots) slot.used = 0;
}

SignalHold::SignalHold() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_BLOCK, &set, &old_);
}

SignalHold::~SignalHold() {
  sigprocmask(SIG_SETMASK, &old_, nullptr);
}

}  // namespace hesa
