#pragma once
// The identity service: accounts, sessions, roles and personal data, as the API calls them.
//
// Every operation answers through a callback, exactly once, on some other thread. Operations
// that hash passwords, touch the keys family or wait on several actors run as straight-line
// "flows" on the service's own small thread pool (blocking asks there never hold a CAF or I/O
// thread). Token checks (`authenticate`) and `user` reads take the fast path: a JWT check plus
// the in-memory directory, or one asynchronous ask to the user entity.
//
// Thread-safety: every member may be called from any thread.
#include "identity/directory.hpp"
#include "identity/options.hpp"
#include "identity/tokens.hpp"
#include "identity/vault.hpp"

#include "common/secrets.hpp"
#include "events/store.hpp"

#include <boost/asio/thread_pool.hpp>
#include <boost/json.hpp>
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace colors::identity {

template <class T>
using done_fn = std::function<void(caf::expected<T>)>;

// Throttling of abuse-prone operations: nullopt when allowed, else when to retry.
using throttle_fn = std::function<std::optional<std::chrono::milliseconds>(
  std::string_view operation_class, const std::string& key)>;

// Spends a token of `operation_class` for `key`: no error when allowed, else rate_limited with
// "try again in N s" (whole seconds, at least 1). An empty `throttle` never limits.
[[nodiscard]] caf::error throttle(const throttle_fn& throttle, std::string_view operation_class,
                                  const std::string& key);

struct session_tokens {
  std::string access_token;
  int64_t access_expires_at = 0; // Unix seconds
  std::string refresh_token;
};

struct signed_in {
  session_tokens tokens;
  events::UserState user;
};

struct registration {
  std::string email;
  std::string password;
  std::string display_name;
};

struct profile_change {
  std::optional<std::string> display_name;
  std::optional<boost::json::object> preferences; // favoriteColors, styles, brands, sizes
};

// A user's personal fields, opened. Empty optionals for an erased user.
struct user_view {
  std::optional<std::string> email;
  std::optional<std::string> display_name;
  boost::json::object preferences;
};

struct mail_view {
  uint64_t position = 0; // stream version in the outbox, the pagination cursor
  std::string user_id;
  std::string kind;
  std::string to;   // "[erased]" once the user is gone
  std::string body; // likewise
  int64_t queued_at = 0;
};

struct service_deps {
  caf::actor_system* sys = nullptr;
  caf::actor users;  // the user registry's proxy
  caf::actor writer; // the event writer's proxy
  std::function<std::shared_ptr<events::store>()> db;
  secrets keys;
  identity_options opts;
  throttle_fn throttle; // optional
};

class service : public std::enable_shared_from_this<service> {
public:
  static std::shared_ptr<service> create(service_deps deps);
  ~service();

  // The caller behind a bearer access token. Errors: unauthenticated.
  void authenticate(std::string_view access_token, done_fn<principal> done);

  void register_user(registration in, std::string client_ip, done_fn<signed_in> done);
  void login(std::string email, std::string password, std::string client_ip,
             done_fn<signed_in> done);
  void refresh(std::string refresh_token, done_fn<signed_in> done);
  void logout(principal who, std::string refresh_token, done_fn<bool> done);
  void logout_all(principal who, done_fn<bool> done);

  void verify_email(std::string token, done_fn<events::UserState> done);
  void resend_verification(principal who, done_fn<bool> done);
  // Always "true" to the caller, whether or not the address is known (no enumeration).
  void request_password_reset(std::string email, std::string client_ip, done_fn<bool> done);
  void reset_password(std::string token, std::string new_password, done_fn<bool> done);
  void change_password(principal who, std::string current, std::string next,
                       done_fn<signed_in> done);
  void update_profile(principal who, profile_change change, done_fn<events::UserState> done);

  void grant_role(principal by, std::string user_id, std::string role,
                  std::vector<std::string> brand_ids, done_fn<events::UserState> done);
  void revoke_role(principal by, std::string user_id, std::string role,
                   done_fn<events::UserState> done);
  // By the user (with their password) or by a platform admin (password empty).
  void erase(principal by, std::string user_id, std::string password, done_fn<bool> done);

  // A user's state (not_found when there is none).
  void user(std::string user_id, done_fn<events::UserState> done);
  user_view view(const events::UserState& s);
  void export_data(principal who, done_fn<std::string> done);
  void outbox(uint64_t after, size_t first, done_fn<std::vector<mail_view>> done);

  // The first platform admin (colctl, demo data): registers the account, or grants the role to
  // the existing account of that address. Blocking; not for CAF threads.
  [[nodiscard]] caf::expected<events::UserState>
  bootstrap_admin(const std::string& email, const std::string& password,
                  const std::string& display_name);

  auth_directory& directory() { return directory_; }
  // Personal data of other modules (reference photos) is sealed with the same keys, so that
  // erasing the account shreds it too.
  pii_vault& vault() { return *vault_; }
  const identity_options& options() const { return deps_.opts; }

  class flow;

private:
  explicit service(service_deps deps);
  template <class T, class F>
  void run(done_fn<T> done, F body);
  // The Argon2id hash of a new password that passes the policy for this user.
  [[nodiscard]] caf::expected<std::string> new_password_hash(const events::UserState& s,
                                                             const std::string& password);

  service_deps deps_;
  std::unique_ptr<pii_vault> vault_;
  auth_directory directory_;
  access_token_cache verified_tokens_; // for deps_.keys.jwt and deps_.opts.issuer
  std::string dummy_hash_; // verified against for unknown emails: same timing as a real miss
  std::unique_ptr<boost::asio::thread_pool> pool_;
};

// The user's roles as the API and the data export show them: [{role, brandIds}].
boost::json::array roles_json(const events::UserState& s);

} // namespace colors::identity
