#pragma once
// Stop signals without a signal handler: SIGTERM and SIGINT stay blocked in every thread and one
// thread takes them synchronously with sigwait, so no code runs in signal context at all.
namespace colors {

// Blocks SIGTERM and SIGINT for the calling thread and every thread it starts later. Call it
// first in main, before any library starts a thread.
void block_stop_signals();

// Ignores SIGPIPE: a closed log pipe or socket must fail a write, not kill the server.
void ignore_sigpipe();

// Waits until SIGTERM or SIGINT arrives (or is already pending); returns its number.
int wait_for_stop_signal();

} // namespace colors
