#pragma once
// Fixed-width big-endian integers, so that RocksDB's bytewise order is numeric order.
#include <cstdint>
#include <string>
#include <string_view>

namespace colors {

inline void put_u64_be(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

inline std::string u64_be(uint64_t v) {
  std::string out;
  out.reserve(8);
  put_u64_be(out, v);
  return out;
}

// Reads 8 bytes at `pos`; the caller checks the size.
inline uint64_t get_u64_be(std::string_view in, size_t pos = 0) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i)
    v = (v << 8) | static_cast<unsigned char>(in[pos + i]);
  return v;
}

std::string to_hex(std::string_view bytes);

} // namespace colors
