#include "tryon/kling_transfer.hpp"

namespace colors::tryon {

namespace {

size_t append_body(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<transfer*>(user);
  size_t n = size * count;
  if (t.body.size() + n > t.max_bytes) {
    t.too_large = true;
    return 0; // aborts with CURLE_WRITE_ERROR
  }
  t.body.append(data, n);
  return n;
}

void set_headers(transfer& t, const transfer_spec& spec) {
  if (!spec.bearer.empty())
    t.headers = curl_slist_append(t.headers, ("Authorization: Bearer " + spec.bearer).c_str());
  if (spec.post_body)
    t.headers = curl_slist_append(t.headers, "Content-Type: application/json");
  t.headers = curl_slist_append(t.headers, "Accept: application/json, image/*");
  t.headers = curl_slist_append(t.headers, "Expect:"); // no 100-continue round trip on POST
  curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, t.headers);
}

void set_limits(transfer& t, const transfer_spec& spec) {
  curl_easy_setopt(t.easy, CURLOPT_CONNECTTIMEOUT_MS, long(spec.connect_timeout.count()));
  curl_easy_setopt(t.easy, CURLOPT_TIMEOUT_MS, long(spec.request_timeout.count()));
  curl_easy_setopt(t.easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(spec.max_bytes));
  curl_easy_setopt(t.easy, CURLOPT_PROTOCOLS_STR, "http,https");
  if (spec.follow_redirects) {
    curl_easy_setopt(t.easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(t.easy, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(t.easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
}

} // namespace

transfer::~transfer() {
  if (easy)
    curl_easy_cleanup(easy);
  curl_slist_free_all(headers);
}

std::unique_ptr<transfer> make_transfer(const transfer_spec& spec) {
  auto t = std::make_unique<transfer>();
  t->easy = curl_easy_init();
  if (!t->easy)
    return nullptr;
  t->max_bytes = spec.max_bytes;
  t->started = std::chrono::steady_clock::now();
  curl_easy_setopt(t->easy, CURLOPT_URL, spec.url.c_str());
  curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(t->easy, CURLOPT_USERAGENT, "colors-of-life/1");
  curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t.get());
  if (spec.post_body) {
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(spec.post_body->size()));
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, spec.post_body->c_str());
  }
  set_headers(*t, spec);
  set_limits(*t, spec);
  return t;
}

long http_status_of(const transfer& t) {
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

std::string transport_message(const transfer& t, CURLcode code) {
  if (t.too_large)
    return "response larger than " + std::to_string(t.max_bytes) + " bytes";
  std::string detail = t.error[0] ? t.error : curl_easy_strerror(code);
  return "transport: " + detail;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (alnum || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(char(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

} // namespace colors::tryon
