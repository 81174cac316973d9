#include "common/password.hpp"

#include "common/digest.hpp"
#include "common/errc.hpp"

#include <argon2.h>

#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace colors {

namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";
constexpr uint32_t max_verify_memory_kib = 4u * 1024 * 1024; // 4 GiB

// The fields of `$argon2id$v=19$m=..,t=..,p=..$salt$hash`; salt and hash stay base64 text.
struct encoded_hash {
  uint32_t version = 0;
  argon2_params params;
  std::string_view salt;
  std::string_view hash;
};

// Consumes `<name><decimal>` from the front of `text`.
bool take_number(std::string_view& text, std::string_view name, uint32_t& out) {
  if (!text.starts_with(name))
    return false;
  text.remove_prefix(name.size());
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || end == text.data() || (text[0] == '0' && end - text.data() > 1))
    return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return true;
}

std::optional<encoded_hash> parse_encoded(std::string_view text) {
  if (!text.starts_with(argon2id_prefix))
    return std::nullopt;
  text.remove_prefix(argon2id_prefix.size());
  encoded_hash out;
  auto& p = out.params;
  if (!take_number(text, "v=", out.version) || !take_number(text, "$m=", p.memory_kib)
      || !take_number(text, ",t=", p.iterations) || !take_number(text, ",p=", p.parallelism)
      || !text.starts_with('$'))
    return std::nullopt;
  text.remove_prefix(1);
  auto dollar = text.find('$');
  if (dollar == std::string_view::npos || dollar == 0 || dollar + 1 == text.size())
    return std::nullopt;
  out.salt = text.substr(0, dollar);
  out.hash = text.substr(dollar + 1);
  return out;
}

// Length of unpadded base64 for n bytes.
constexpr size_t base64_chars(size_t n) {
  return (4 * n + 2) / 3;
}

// The code points of `text`, or nullopt for invalid UTF-8 (overlong forms, surrogates and values
// over U+10FFFF included).
std::optional<std::vector<char32_t>> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xe  ? 3
                 : (b >> 3) == 0x1e ? 4
                                    : 0;
    if (len == 0 || i + len > text.size())
      return std::nullopt;
    char32_t cp = len == 1 ? b : b & (0x7f >> len);
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xc0) != 0x80)
        return std::nullopt;
      cp = (cp << 6) | (c & 0x3f);
    }
    static constexpr char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

bool all_same(const std::vector<char32_t>& cps) {
  for (auto cp : cps)
    if (cp != cps.front())
      return false;
  return true;
}

} // namespace

caf::expected<std::string> hash_password(std::string_view password, const argon2_params& params) {
  auto salt = random_bytes(password_salt_size);
  std::string encoded(argon2_encodedlen(params.iterations, params.memory_kib, params.parallelism,
                                        password_salt_size, password_hash_size, Argon2_id),
                      '\0');
  int rc = argon2id_hash_encoded(params.iterations, params.memory_kib, params.parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 password_hash_size, encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    return make_error(errc::invalid_argument,
                      std::string{"argon2id hashing failed: "} + argon2_error_message(rc));
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

caf::expected<bool> verify_password(std::string_view password, std::string_view encoded) {
  auto parsed = parse_encoded(encoded);
  if (!parsed || parsed->params.memory_kib > max_verify_memory_kib)
    return make_error(errc::corrupt, "stored password hash is not an Argon2id hash we accept");
  // libargon2 wants a NUL-terminated string; a string_view may not have one.
  std::string terminated{encoded};
  int rc = argon2id_verify(terminated.c_str(), password.data(), password.size());
  if (rc == ARGON2_OK)
    return true;
  if (rc == ARGON2_VERIFY_MISMATCH)
    return false;
  return make_error(errc::corrupt, std::string{"stored password hash does not verify: "}
                                       + argon2_error_message(rc));
}

bool needs_rehash(std::string_view encoded, const argon2_params& params) {
  auto parsed = parse_encoded(encoded);
  if (!parsed)
    return true;
  const auto& p = parsed->params;
  return parsed->version != ARGON2_VERSION_13 || p.memory_kib != params.memory_kib
         || p.iterations != params.iterations || p.parallelism != params.parallelism
         || parsed->salt.size() != base64_chars(password_salt_size)
         || parsed->hash.size() != base64_chars(password_hash_size);
}

password_problem check_password(std::string_view password, std::string_view email,
                                const password_policy& policy) {
  auto cps = code_points(password);
  if (!cps)
    return password_problem::not_utf8;
  if (cps->size() < policy.min_chars)
    return password_problem::too_short;
  if (cps->size() > policy.max_chars)
    return password_problem::too_long;
  if (!cps->empty() && all_same(*cps))
    return password_problem::one_repeated_character;
  if (!email.empty() && normalise_email(password) == normalise_email(email))
    return password_problem::same_as_email;
  return password_problem::none;
}

std::string describe(password_problem problem, const password_policy& policy) {
  switch (problem) {
    case password_problem::none:
      return "password is acceptable";
    case password_problem::not_utf8:
      return "password must be valid UTF-8 text";
    case password_problem::too_short:
      return "password must have at least " + std::to_string(policy.min_chars) + " characters";
    case password_problem::too_long:
      return "password must have at most " + std::to_string(policy.max_chars) + " characters";
    case password_problem::one_repeated_character:
      return "password must not be one character repeated";
    case password_problem::same_as_email:
      return "password must not be your email address";
  }
  return "password is not acceptable";
}

caf::error validate_password(std::string_view password, std::string_view email,
                             const password_policy& policy) {
  auto problem = check_password(password, email, policy);
  if (problem == password_problem::none)
    return {};
  return make_error(errc::invalid_argument, describe(problem, policy));
}

} // namespace colors
