#pragma once
// Identity settings: token lifetimes, password cost, where mailed links point.
#include "common/password.hpp"

#include <caf/timespan.hpp>

#include <chrono>
#include <string>

namespace colors::identity {

struct identity_options {
  argon2_params argon2;
  std::chrono::seconds access_ttl{15 * 60};
  std::chrono::seconds refresh_ttl{30 * 24 * 3600};
  std::chrono::seconds verification_ttl{24 * 3600};
  std::chrono::seconds reset_ttl{3600};
  std::string issuer = "colors";
  std::string public_url = "http://127.0.0.1:8080"; // the base of links in mails
  caf::timespan ask_timeout = std::chrono::seconds{10};
  size_t password_threads = 2; // Argon2 runs here, never on CAF or I/O threads
};

} // namespace colors::identity
