#include "common/ids.hpp"

#include "common/bytes.hpp"
#include "common/clock.hpp"
#include "common/digest.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <stdexcept>

namespace colors {

namespace {

// A per-thread generator seeded from the OS; cheaper than a syscall per id.
std::mt19937_64& thread_rng() {
  thread_local std::mt19937_64 rng{[] {
    uint64_t seed = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed) != 1)
      seed = std::random_device{}();
    return seed;
  }()};
  return rng;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The 48-bit millisecond and the 12-bit counter of the newest id of this process (RFC 9562,
// 6.2 method 1): ids made later by any thread sort after it. A burst of more than 4,096 ids in
// a millisecond borrows from the next millisecond.
uint64_t next_stamp() {
  static std::atomic<uint64_t> newest{0};
  auto now = static_cast<uint64_t>(unix_millis()) << 12;
  auto prev = newest.load(std::memory_order_relaxed);
  uint64_t stamp = 0;
  do
    stamp = std::max(now, prev + 1);
  while (!newest.compare_exchange_weak(prev, stamp, std::memory_order_relaxed));
  return stamp;
}

} // namespace

std::string new_uuid() {
  std::string out(16, '\0');
  auto stamp = next_stamp();
  auto ms = stamp >> 12;
  for (int i = 0; i < 6; ++i)
    out[i] = static_cast<char>((ms >> (40 - 8 * i)) & 0xff);
  out[6] = static_cast<char>(0x70 | ((stamp >> 8) & 0x0f));
  out[7] = static_cast<char>(stamp & 0xff);
  uint64_t b = thread_rng()();
  for (int i = 0; i < 8; ++i)
    out[8 + i] = static_cast<char>((b >> (i * 8)) & 0xff);
  out[8] = static_cast<char>((out[8] & 0x3f) | 0x80);
  return out;
}

std::string name_uuid(std::string_view name) {
  auto out = sha256(name).substr(0, 16);
  out[6] = static_cast<char>((out[6] & 0x0f) | 0x80);
  out[8] = static_cast<char>((out[8] & 0x3f) | 0x80);
  return out;
}

std::string uuid_to_string(std::string_view bytes) {
  auto hex = to_hex(bytes);
  if (bytes.size() != 16)
    return hex;
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-'
         + hex.substr(16, 4) + '-' + hex.substr(20);
}

std::optional<std::string> uuid_from_string(std::string_view text) {
  if (text.size() != 36)
    return std::nullopt;
  std::string out;
  out.reserve(16);
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-')
        return std::nullopt;
      ++i;
      continue;
    }
    int hi = hex_value(text[i]);
    int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

} // namespace colors
