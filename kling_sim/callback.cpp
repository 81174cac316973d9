#include "kling_sim/callback.hpp"

#include <curl/curl.h>

namespace colors::kling_sim {

namespace {

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

} // namespace

bool post_json(const std::string& url, const std::string& body, std::chrono::milliseconds timeout) {
  CURL* curl = curl_easy_init();
  if (!curl)
    return false;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  long status = 0;
  bool sent = curl_easy_perform(curl) == CURLE_OK;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return sent && status >= 200 && status < 300;
}

} // namespace colors::kling_sim
