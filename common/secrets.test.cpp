#include "common/secrets.hpp"

#include "common/base64.hpp"
#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using namespace colors;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const char* name) {
  const char* base = std::getenv("COLORS_TEST_TMP");
  auto dir = fs::path{base ? base : fs::temp_directory_path().string()}
             / (std::string{"secrets-"} + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::string slurp(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void spit(const fs::path& file, std::string_view text) {
  fs::create_directories(file.parent_path());
  std::ofstream{file, std::ios::binary | std::ios::trunc} << text;
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
}

unsigned mode_of(const fs::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

secret_env_fn env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>{it->second};
  };
}

secrets load(const fs::path& dir, const secret_overrides& overrides = {}) {
  auto s = load_or_create_secrets(dir, overrides);
  REQUIRE(s);
  return *s;
}

bool same(const secrets& a, const secrets& b) {
  if (a.jwt.active_kid != b.jwt.active_kid || a.jwt.keys.size() != b.jwt.keys.size()
      || a.pii_kek != b.pii_kek || a.email_lookup_key != b.email_lookup_key)
    return false;
  for (size_t i = 0; i < a.jwt.keys.size(); ++i)
    if (a.jwt.keys[i].kid != b.jwt.keys[i].kid || a.jwt.keys[i].secret != b.jwt.keys[i].secret)
      return false;
  return true;
}

// Runs `fn` with stderr (where logs go) redirected to a file; returns what was written.
template <class Fn>
std::string stderr_of(const fs::path& dir, Fn fn) {
  auto path = dir.string() + ".stderr";
  int saved = ::dup(2);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  ::dup2(fd, 2);
  fn();
  ::dup2(saved, 2);
  ::close(fd);
  ::close(saved);
  auto text = slurp(path);
  fs::remove(path);
  return text;
}

const std::string env_jwt_key = base64_encode(std::string(40, 'e'));
const std::string env_pii_kek = base64_encode(std::string(32, 'p'));
const std::string env_lookup_key = base64_encode(std::string(32, 'l'));

} // namespace

TEST_CASE("first start creates a private secrets file with fresh keys") {
  auto dir = fresh_dir("create") / "nested";
  auto s = load(dir);
  auto file = dir / secrets_file_name;
  REQUIRE(fs::exists(file));
  CHECK(mode_of(file) == 0600);
  REQUIRE(s.jwt.keys.size() == 1);
  CHECK(s.jwt.active() == &s.jwt.keys[0]);
  CHECK(s.jwt.keys[0].secret.size() == 32);
  CHECK(s.pii_kek.size() == 32);
  CHECK(s.email_lookup_key.size() == 32);
  CHECK(s.pii_kek != s.email_lookup_key);
  CHECK(slurp(file).find(base64_encode(s.pii_kek)) != std::string::npos);
  // Only the file itself: no temporary files left behind.
  CHECK(std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}) == 1);
}

TEST_CASE("later starts read the same secrets back") {
  auto dir = fresh_dir("reload");
  auto first = load(dir);
  auto second = load(dir);
  CHECK(same(first, second));
  CHECK(load(fresh_dir("other")).pii_kek != first.pii_kek);
}

TEST_CASE("concurrent first starts all end up with the same secrets") {
  auto dir = fresh_dir("race");
  std::vector<secrets> results(8);
  std::vector<std::thread> threads;
  for (auto& r : results)
    threads.emplace_back([&dir, &r] { r = *load_or_create_secrets(dir, secret_overrides{}); });
  for (auto& t : threads)
    t.join();
  for (const auto& r : results)
    CHECK(same(r, results.front()));
  CHECK(std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}) == 1);
}

TEST_CASE("a secrets file readable by others is tightened to 0600") {
  auto dir = fresh_dir("mode");
  auto first = load(dir);
  auto file = dir / secrets_file_name;
  ::chmod(file.c_str(), 0644);
  auto log = stderr_of(dir, [&] { CHECK(same(load(dir), first)); });
  CHECK(mode_of(file) == 0600);
  CHECK(log.find("mode set to 0600") != std::string::npos);
}

TEST_CASE("a damaged secrets file is corrupt and is not overwritten") {
  auto dir = fresh_dir("corrupt");
  auto file = dir / secrets_file_name;
  auto good_key = base64_encode(std::string(32, 'k'));
  auto with = [&](std::string jwt, std::string pii, std::string lookup) {
    return R"({"version":1,"jwt":)" + jwt + R"(,"pii_kek":")" + pii + R"(","email_lookup_key":")"
           + lookup + R"("})";
  };
  auto ring = R"({"active_kid":"a","keys":[{"kid":"a","key":")" + good_key + R"("}]})";
  spit(file, with(ring, good_key, good_key));
  REQUIRE(load_or_create_secrets(dir, {}));
  for (const std::string& bad : std::vector<std::string>{
           "not json", "[]", R"({"version":2})", with(ring, base64_encode("short"), good_key),
           with(ring, good_key, "!!"), with(ring, base64_encode(std::string(33, 'k')), good_key),
           with(R"({"active_kid":"b","keys":[{"kid":"a","key":")" + good_key + R"("}]})", good_key,
                good_key),
           with(R"({"active_kid":"a","keys":[{"kid":"a","key":")" + good_key
                    + R"("},{"kid":"a","key":")" + good_key + R"("}]})",
                good_key, good_key),
           with(R"({"active_kid":"a","keys":[{"kid":"a","key":")" + base64_encode("short")
                    + R"("}]})",
                good_key, good_key),
           with(R"({"keys":[]})", good_key, good_key)}) {
    CAPTURE(bad);
    spit(file, bad);
    auto s = load_or_create_secrets(dir, {});
    REQUIRE_FALSE(s);
    CHECK(code_of(s.error()) == errc::corrupt);
    CHECK(slurp(file) == bad);
  }
}

TEST_CASE("environment overrides replace file values in memory only") {
  auto dir = fresh_dir("env");
  auto from_file = load(dir);
  auto overrides = secret_overrides_from(env_of({{"COLORS_JWT_KEY", env_jwt_key},
                                                 {"COLORS_JWT_KID", "ops-1"},
                                                 {"COLORS_PII_KEK", env_pii_kek},
                                                 {"COLORS_EMAIL_LOOKUP_KEY", env_lookup_key}}));
  REQUIRE(overrides);
  auto s = load(dir, *overrides);
  CHECK(s.jwt.active_kid == "ops-1");
  CHECK(s.jwt.active()->secret == std::string(40, 'e'));
  CHECK(s.jwt.find(from_file.jwt.active_kid) != nullptr); // file keys still verify
  CHECK(s.pii_kek == std::string(32, 'p'));
  CHECK(s.email_lookup_key == std::string(32, 'l'));
  auto text = slurp(dir / secrets_file_name);
  for (const auto& value : {env_jwt_key, env_pii_kek, env_lookup_key})
    CHECK(text.find(value) == std::string::npos);
  CHECK(same(load(dir), from_file));
}

TEST_CASE("COLORS_JWT_KID defaults to env and empty variables count as unset") {
  auto o = secret_overrides_from(env_of({{"COLORS_JWT_KEY", env_jwt_key}, {"COLORS_PII_KEK", ""}}));
  REQUIRE(o);
  REQUIRE(o->jwt);
  CHECK(o->jwt->kid == "env");
  CHECK_FALSE(o->pii_kek);
  CHECK_FALSE(o->email_lookup_key);
  auto none = secret_overrides_from(env_of({}));
  REQUIRE(none);
  CHECK_FALSE(none->jwt);
}

TEST_CASE("invalid environment overrides name the variable but never the value") {
  auto short_key = base64_encode(std::string(16, 's'));
  for (auto [name, value] :
       std::map<std::string, std::string>{{"COLORS_JWT_KEY", short_key},
                                          {"COLORS_PII_KEK", base64_encode(std::string(33, 's'))},
                                          {"COLORS_EMAIL_LOOKUP_KEY", short_key},
                                          {"COLORS_PII_KEK", "not base64!"}}) {
    CAPTURE(name);
    auto o = secret_overrides_from(env_of({{name, value}}));
    REQUIRE_FALSE(o);
    CHECK(code_of(o.error()) == errc::invalid_argument);
    CHECK(message_of(o.error()).find(name) != std::string::npos);
    CHECK(message_of(o.error()).find(value) == std::string::npos);
  }
  auto kid_only = secret_overrides_from(env_of({{"COLORS_JWT_KID", "k"}}));
  REQUIRE_FALSE(kid_only);
  CHECK(message_of(kid_only.error()).find("COLORS_JWT_KEY") != std::string::npos);
}

TEST_CASE("the process environment is read through the same rules") {
  ::setenv("COLORS_PII_KEK", env_pii_kek.c_str(), 1);
  auto o = secret_overrides_from_env();
  ::unsetenv("COLORS_PII_KEK");
  REQUIRE(o);
  CHECK(o->pii_kek == std::string(32, 'p'));
  auto dir = fresh_dir("process-env");
  ::setenv("COLORS_JWT_KEY", "bad", 1);
  auto s = load_or_create_secrets(dir);
  ::unsetenv("COLORS_JWT_KEY");
  REQUIRE_FALSE(s);
  CHECK(load_or_create_secrets(dir));
}

TEST_CASE("rotating the JWT key adds a new active key and old tokens still verify") {
  auto dir = fresh_dir("rotate");
  auto before = load(dir);
  boost::json::object claims{{"sub", "user-1"}, {"exp", 2'000'000'000}};
  auto old_token = jwt_sign(claims, before.jwt);
  REQUIRE(old_token);
  auto after = rotate_jwt_key(dir);
  REQUIRE(after);
  CHECK(after->jwt.keys.size() == 2);
  CHECK(after->jwt.active_kid != before.jwt.active_kid);
  CHECK(after->jwt.active_kid == after->jwt.keys.back().kid);
  CHECK(after->pii_kek == before.pii_kek);
  CHECK(after->email_lookup_key == before.email_lookup_key);
  CHECK(jwt_verify(*old_token, after->jwt, {.now = 1'800'000'000}));
  auto new_token = jwt_sign(claims, after->jwt);
  REQUIRE(new_token);
  CHECK_FALSE(jwt_verify(*new_token, before.jwt, {.now = 1'800'000'000}));
  CHECK(same(load(dir), *after));
  CHECK(mode_of(dir / secrets_file_name) == 0600);
  CHECK(std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}) == 1);
}

TEST_CASE("rotation keeps only the newest keys") {
  auto dir = fresh_dir("rotate-keep");
  auto first = load(dir);
  for (int i = 0; i < 5; ++i)
    REQUIRE(rotate_jwt_key(dir, {}, 3));
  auto s = load(dir);
  CHECK(s.jwt.keys.size() == 3);
  CHECK(s.jwt.find(first.jwt.active_kid) == nullptr);
  auto one = rotate_jwt_key(dir, {}, 0);
  REQUIRE(one);
  CHECK(one->jwt.keys.size() == 1);
}

TEST_CASE("with COLORS_JWT_KEY set, rotation changes the file but the environment key signs") {
  auto dir = fresh_dir("rotate-env");
  auto overrides = *secret_overrides_from(env_of({{"COLORS_JWT_KEY", env_jwt_key}}));
  auto s = rotate_jwt_key(dir, overrides);
  REQUIRE(s);
  CHECK(s->jwt.active_kid == "env");
  CHECK(load(dir).jwt.active_kid != "env");
  CHECK(slurp(dir / secrets_file_name).find(env_jwt_key) == std::string::npos);
}

TEST_CASE("creating, loading and rotating secrets logs no secret values") {
  auto dir = fresh_dir("quiet");
  secrets s;
  auto log = stderr_of(dir, [&] {
    load(dir);
    ::chmod((dir / secrets_file_name).c_str(), 0640);
    load(dir);
    s = *rotate_jwt_key(dir);
  });
  CHECK(log.find("created secrets file") != std::string::npos);
  CHECK(log.find("rotated the JWT signing key") != std::string::npos);
  for (const auto& key : s.jwt.keys)
    CHECK(log.find(base64_encode(key.secret)) == std::string::npos);
  CHECK(log.find(base64_encode(s.pii_kek)) == std::string::npos);
  CHECK(log.find(base64_encode(s.email_lookup_key)) == std::string::npos);
}

TEST_CASE("a data directory path that is a file is a storage error") {
  auto dir = fresh_dir("not-a-dir");
  spit(dir, "x");
  auto s = load_or_create_secrets(dir / "data", {});
  REQUIRE_FALSE(s);
  CHECK(code_of(s.error()) == errc::storage);
  fs::remove(dir);
}

TEST_CASE("an unwritable data directory is a storage error") {
  if (::geteuid() == 0)
    return; // root writes anywhere
  auto dir = fresh_dir("readonly");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  auto s = load_or_create_secrets(dir, {});
  fs::permissions(dir, fs::perms::owner_all);
  REQUIRE_FALSE(s);
  CHECK(code_of(s.error()) == errc::storage);
}
