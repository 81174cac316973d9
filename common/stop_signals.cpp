#include "common/stop_signals.hpp"

#include <pthread.h>
#include <signal.h>

namespace colors {

namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

} // namespace

void block_stop_signals() {
  auto set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ignore_sigpipe() {
  signal(SIGPIPE, SIG_IGN);
}

int wait_for_stop_signal() {
  auto set = stop_signals();
  int sig = SIGTERM;
  if (sigwait(&set, &sig) != 0) // only for an invalid set; treat as a stop request
    return SIGTERM;
  return sig;
}

} // namespace colors
