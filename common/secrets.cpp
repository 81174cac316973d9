#include "common/secrets.hpp"

#include "common/base64.hpp"
#include "common/bytes.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

namespace colors {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr int64_t file_version = 1;

caf::error io_error(const std::string& what, const fs::path& path) {
  return make_error(errc::storage, what + " " + path.string() + ": " + std::strerror(errno));
}

caf::error bad_file(const fs::path& path, const std::string& what) {
  return make_error(errc::corrupt, path.string() + ": " + what);
}

// A readable, sortable, unique key id: the UTC date plus 32 random bits.
std::string new_kid() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
  return std::string{date} + "." + to_hex(random_bytes(4));
}

secrets fresh_secrets() {
  secrets s;
  s.jwt.keys.push_back({new_kid(), random_bytes(secret_key_size)});
  s.jwt.active_kid = s.jwt.keys.back().kid;
  s.pii_kek = random_bytes(secret_key_size);
  s.email_lookup_key = random_bytes(secret_key_size);
  return s;
}

std::string to_json(const secrets& s) {
  json::array keys;
  for (const auto& k : s.jwt.keys)
    keys.push_back(json::object{{"kid", k.kid}, {"key", base64_encode(k.secret)}});
  json::object root{
      {"version", file_version},
      {"jwt", json::object{{"active_kid", s.jwt.active_kid}, {"keys", std::move(keys)}}},
      {"pii_kek", base64_encode(s.pii_kek)},
      {"email_lookup_key", base64_encode(s.email_lookup_key)},
  };
  return json::serialize(root) + "\n";
}

// A base64 member of `obj` decoded, or "" unless its size is within [min, max] (min > 0).
std::string key_member(const json::object& obj, std::string_view name, size_t min, size_t max) {
  auto* v = obj.if_contains(name);
  auto* text = v ? v->if_string() : nullptr;
  auto bytes = text ? base64_decode(*text) : std::nullopt;
  if (!bytes || bytes->size() < min || bytes->size() > max)
    return {};
  return *bytes;
}

caf::expected<jwt_key_ring> ring_from_json(const json::value* v, const fs::path& path) {
  auto* obj = v ? v->if_object() : nullptr;
  auto* keys = obj && obj->contains("keys") ? obj->at("keys").if_array() : nullptr;
  auto* active = obj && obj->contains("active_kid") ? obj->at("active_kid").if_string() : nullptr;
  if (!keys || !active)
    return bad_file(path, "jwt needs active_kid and keys");
  jwt_key_ring ring;
  ring.active_kid = *active;
  std::set<std::string> seen;
  for (const auto& item : *keys) {
    auto* key = item.if_object();
    auto* kid = key && key->contains("kid") ? key->at("kid").if_string() : nullptr;
    auto secret = key ? key_member(*key, "key", secret_key_size, 1024) : std::string{};
    if (!kid || kid->empty() || secret.empty() || !seen.insert(std::string{*kid}).second)
      return bad_file(path, "a jwt key needs a unique kid and a base64 key of at least 32 bytes");
    ring.keys.push_back({std::string{*kid}, std::move(secret)});
  }
  if (!ring.active())
    return bad_file(path, "jwt active_kid names no key");
  return ring;
}

caf::expected<secrets> from_json(std::string_view text, const fs::path& path) {
  json::error_code ec;
  auto root = json::parse(text, ec);
  auto* obj = ec ? nullptr : root.if_object();
  auto* version = obj && obj->contains("version") ? obj->at("version").if_int64() : nullptr;
  if (!version || *version != file_version)
    return bad_file(path, "not a version 1 secrets file");
  auto ring = ring_from_json(obj->if_contains("jwt"), path);
  if (!ring)
    return ring.error();
  secrets s;
  s.jwt = std::move(*ring);
  auto pii = key_member(*obj, "pii_kek", secret_key_size, secret_key_size);
  auto lookup = key_member(*obj, "email_lookup_key", secret_key_size, 1024);
  if (pii.empty() || lookup.empty())
    return bad_file(path, "pii_kek (32 bytes) and email_lookup_key (>= 32 bytes) must be base64");
  s.pii_kek = std::move(pii);
  s.email_lookup_key = std::move(lookup);
  return s;
}

caf::error fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return io_error("cannot open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? caf::error{} : io_error("cannot fsync directory", dir);
}

// Writes `content` to a new 0600 file `tmp` and makes it durable.
caf::error write_private_file(const fs::path& tmp, std::string_view content) {
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return io_error("cannot create", tmp);
  bool ok = ::fchmod(fd, 0600) == 0; // exact mode whatever the umask
  for (size_t done = 0; ok && done < content.size();) {
    auto n = ::write(fd, content.data() + done, content.size() - done);
    ok = n > 0 || (n < 0 && errno == EINTR);
    done += n > 0 ? static_cast<size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  auto err = ok ? caf::error{} : io_error("cannot write", tmp);
  ::close(fd);
  if (err)
    ::unlink(tmp.c_str());
  return err;
}

fs::path temp_path(const fs::path& file) {
  return file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + to_hex(random_bytes(4));
}

// Publishes `content` at `file`: atomically replacing it, or (replace = false) only if absent;
// returns duplicate when another process created it first.
caf::error publish(const fs::path& file, std::string_view content, bool replace) {
  auto tmp = temp_path(file);
  if (auto err = write_private_file(tmp, content))
    return err;
  int rc = replace ? ::rename(tmp.c_str(), file.c_str()) : ::link(tmp.c_str(), file.c_str());
  int saved = errno;
  if (!replace || rc != 0)
    ::unlink(tmp.c_str());
  errno = saved;
  if (rc != 0 && !replace && saved == EEXIST)
    return make_error(errc::duplicate, file.string() + " was created concurrently");
  if (rc != 0)
    return io_error("cannot publish", file);
  return fsync_dir(file.parent_path());
}

caf::expected<std::string> read_file(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return io_error("cannot read", file);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad())
    return io_error("cannot read", file);
  return std::move(buf).str();
}

// Secrets must not be readable by anyone else; fix it rather than refuse to start.
void tighten_mode(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    log(log_level::warn, "secrets file was readable by others; mode set to 0600",
        {{"path", file.string()}});
    ::chmod(file.c_str(), 0600);
  }
}

caf::expected<secrets> load_file(const fs::path& file) {
  tighten_mode(file);
  auto text = read_file(file);
  if (!text)
    return text.error();
  return from_json(*text, file);
}

caf::expected<secrets> load_or_create_file(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec)
    return make_error(errc::storage, "cannot create " + data_dir.string() + ": " + ec.message());
  auto file = data_dir / secrets_file_name;
  if (fs::exists(file, ec))
    return load_file(file);
  auto fresh = fresh_secrets();
  auto err = publish(file, to_json(fresh), false);
  if (code_of(err) == errc::duplicate)
    return load_file(file);
  if (err)
    return err;
  log(log_level::info, "created secrets file with new keys", {{"path", file.string()}});
  return fresh;
}

void apply(secrets& s, const secret_overrides& o) {
  if (o.jwt) {
    auto it = std::find_if(s.jwt.keys.begin(), s.jwt.keys.end(),
                           [&](const jwt_key& k) { return k.kid == o.jwt->kid; });
    if (it != s.jwt.keys.end())
      s.jwt.keys.erase(it);
    s.jwt.keys.push_back(*o.jwt);
    s.jwt.active_kid = o.jwt->kid;
  }
  if (o.pii_kek)
    s.pii_kek = *o.pii_kek;
  if (o.email_lookup_key)
    s.email_lookup_key = *o.email_lookup_key;
}

// Decodes variable `name` when set; `max` 0 means no upper bound.
caf::error env_key(const secret_env_fn& env, const char* name, size_t min, size_t max,
                   std::optional<std::string>& out) {
  auto text = env(name);
  if (!text || text->empty())
    return {};
  auto bytes = base64_decode(*text);
  if (!bytes || bytes->size() < min || (max != 0 && bytes->size() > max))
    return make_error(errc::invalid_argument, std::string{name} + " must be standard base64 of "
                                                  + (max == min ? "exactly " : "at least ")
                                                  + std::to_string(min) + " bytes");
  out.emplace(std::move(*bytes));
  return {};
}

} // namespace

caf::expected<secret_overrides> secret_overrides_from(const secret_env_fn& env) {
  secret_overrides o;
  std::optional<std::string> jwt_secret;
  if (auto err = env_key(env, "COLORS_JWT_KEY", secret_key_size, 0, jwt_secret))
    return err;
  if (auto err = env_key(env, "COLORS_PII_KEK", secret_key_size, secret_key_size, o.pii_kek))
    return err;
  if (auto err = env_key(env, "COLORS_EMAIL_LOOKUP_KEY", secret_key_size, 0, o.email_lookup_key))
    return err;
  auto kid = env("COLORS_JWT_KID");
  if (kid && !kid->empty() && !jwt_secret)
    return make_error(errc::invalid_argument, "COLORS_JWT_KID is set but COLORS_JWT_KEY is not");
  if (jwt_secret)
    o.jwt = jwt_key{kid && !kid->empty() ? *kid : "env", std::move(*jwt_secret)};
  return o;
}

caf::expected<secret_overrides> secret_overrides_from_env() {
  return secret_overrides_from([](const char* name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name))
      return std::string{value};
    return std::nullopt;
  });
}

caf::expected<secrets> load_or_create_secrets(const fs::path& data_dir,
                                              const secret_overrides& overrides) {
  auto s = load_or_create_file(data_dir);
  if (s)
    apply(*s, overrides);
  return s;
}

caf::expected<secrets> load_or_create_secrets(const fs::path& data_dir) {
  auto overrides = secret_overrides_from_env();
  if (!overrides)
    return overrides.error();
  return load_or_create_secrets(data_dir, *overrides);
}

caf::expected<secrets> rotate_jwt_key(const fs::path& data_dir, const secret_overrides& overrides,
                                      size_t keep) {
  auto s = load_or_create_file(data_dir);
  if (!s)
    return s;
  auto& keys = s->jwt.keys;
  auto kid = new_kid();
  while (s->jwt.find(kid))
    kid = new_kid();
  keys.push_back({std::move(kid), random_bytes(secret_key_size)});
  s->jwt.active_kid = keys.back().kid;
  auto retained = std::max<size_t>(keep, 1);
  if (keys.size() > retained)
    keys.erase(keys.begin(), keys.end() - static_cast<std::ptrdiff_t>(retained));
  if (auto err = publish(data_dir / secrets_file_name, to_json(*s), true))
    return err;
  log(log_level::info, "rotated the JWT signing key", {{"kid", s->jwt.active_kid}});
  apply(*s, overrides);
  return s;
}

} // namespace colors
