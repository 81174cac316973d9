#pragma once
// One HTTP request of the Kling client as a libcurl easy handle: URL, method, headers, timeouts
// and a size-capped response buffer. The client adds it to its multi handle and reads the
// result when libcurl reports it done.
//
// Thread-safety: none; a transfer belongs to the client's thread.
#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace colors::tryon {

struct transfer_spec {
  std::string url;
  const std::string* post_body = nullptr; // POST when set (must outlive the transfer)
  std::string bearer;                     // empty: no Authorization header (result downloads)
  bool follow_redirects = false;          // result CDNs may redirect; the API does not
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  size_t max_bytes = 20 << 20;
};

struct transfer {
  transfer() = default;
  transfer(const transfer&) = delete;
  transfer& operator=(const transfer&) = delete;
  ~transfer();

  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;
  size_t max_bytes = 0;
  bool too_large = false;
  char error[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started;
};

// nullptr when libcurl cannot make a handle (out of memory).
std::unique_ptr<transfer> make_transfer(const transfer_spec& spec);

long http_status_of(const transfer& t);
// The reason of a failed transfer, for logs.
std::string transport_message(const transfer& t, CURLcode code);

// `text` with everything but RFC 3986 unreserved characters percent-encoded (a path segment
// or query value).
std::string percent_encode(std::string_view text);

} // namespace colors::tryon
