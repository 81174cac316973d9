#pragma once
// What the server needs of every live connection (HTTP or WebSocket) to drain it on stop.
namespace colors::http {

class connection {
public:
  virtual ~connection() = default;
  // Graceful: finish what is in flight, then close. Safe from any thread.
  virtual void shutdown() = 0;
};

} // namespace colors::http
