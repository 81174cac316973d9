#pragma once
// One operation of the identity service, run start to finish on the service's thread pool.
// Blocking asks are fine here (a pool thread, never a CAF or I/O thread) and keep each
// operation readable as straight-line code.
//
// Thread-safety: a flow belongs to the one pool thread that runs it.
#include "identity/service.hpp"
#include "identity/tokens.hpp"

#include "events/types.hpp"

#include <boost/asio/post.hpp>
#include <caf/scoped_actor.hpp>

namespace colors::identity {

int64_t now_ms();

class service::flow {
public:
  explicit flow(service& svc);

  // A command to a user entity; its reply refreshes the directory.
  [[nodiscard]] caf::expected<events::UserState> command(const std::string& user_id,
                                                         events::UserCommand cmd);
  [[nodiscard]] caf::expected<events::UserState> query(const std::string& user_id);
  // query, but not_found for an unknown or erased user.
  [[nodiscard]] caf::expected<events::UserState> existing(const std::string& user_id);
  [[nodiscard]] caf::expected<events::append_result>
  append(std::string stream, events::expected_version expected, std::vector<events::new_event> evs);
  [[nodiscard]] caf::expected<std::vector<events::envelope>> read(const std::string& stream,
                                                                  uint64_t from, size_t max);

  // The user holding an email lookup hash, if any.
  [[nodiscard]] caf::expected<std::optional<std::string>> email_holder(const std::string& lookup);
  // Reserves the address for `user_id`; duplicate when a live account holds it.
  [[nodiscard]] caf::error claim_email(const std::string& lookup, const std::string& user_id);
  [[nodiscard]] caf::error release_email(const std::string& lookup, const std::string& user_id);

  [[nodiscard]] caf::expected<signed_in> start_session(const events::UserState& s);
  [[nodiscard]] caf::expected<session_tokens> tokens_for(const events::UserState& s,
                                                         const refresh_token& refresh);
  [[nodiscard]] caf::error send_verification(const events::UserState& s, const std::string& email);
  [[nodiscard]] caf::error queue_mail(const std::string& user_id, const std::string& kind,
                                      const std::string& to, const std::string& body);
  // nullopt when allowed.
  [[nodiscard]] caf::error throttled(std::string_view operation_class, const std::string& key);

  service& svc;

private:
  caf::scoped_actor self_;
};

// Marks the calling thread as one of `owner`'s pool threads (see ~service).
void enter_pool_thread(const service* owner);

// Each flow holds a reference to the service until it is done, so the service outlives every
// flow; when a flow's end drops the last reference, ~service runs on that pool thread.
template <class T, class F>
void service::run(done_fn<T> done, F body) {
  boost::asio::post(*pool_, [self = shared_from_this(), done = std::move(done),
                             body = std::move(body)]() mutable {
    enter_pool_thread(self.get());
    flow f{*self};
    done(body(f));
  });
}

} // namespace colors::identity
