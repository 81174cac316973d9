#pragma once
// A real identity service for tests: a RocksDB store in a temporary directory, the supervised
// event writer, the user registry and the service, with cheap Argon2 parameters.
#include "identity/service.hpp"

#include "actors/registry.hpp"
#include "actors/store_holder.hpp"
#include "common/base64.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"
#include "domain/user.hpp"
#include "events/test_support.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>

#include <future>

namespace colors::identity::testing {

inline secrets test_secrets() {
  secrets s;
  s.jwt.keys.push_back({"k1", random_bytes(32)});
  s.jwt.active_kid = "k1";
  s.pii_kek = random_bytes(32);
  s.email_lookup_key = random_bytes(32);
  return s;
}

// Calls `start(done)` and waits for `done`.
template <class T, class F>
caf::expected<T> wait_for(F start) {
  std::promise<caf::expected<T>> p;
  start([&p](caf::expected<T> r) { p.set_value(std::move(r)); });
  return p.get_future().get();
}

struct fixture {
  events::testing::temp_dir dir;
  std::shared_ptr<actors::store_holder> holder;
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  actors::supervisor_handle tree;
  caf::actor users;
  secrets keys = test_secrets();
  std::shared_ptr<service> svc;

  explicit fixture(throttle_fn throttle = {}) {
    events::store_options so;
    so.path = dir.path();
    auto db = events::store::open(so);
    REQUIRE(db);
    holder = std::make_shared<actors::store_holder>(so, std::shared_ptr<events::store>{std::move(*db)});
    sys = std::make_unique<caf::actor_system>(cfg);
    tree = actors::spawn_supervisor(*sys, {}, {actors::writer_child(holder)});
    auto ctx = std::make_shared<actors::entity_context>();
    ctx->db = [h = holder] { return h->current(); };
    ctx->writer = tree.child("event-writer");
    users = actors::spawn_registry<domain::user::aggregate>(*sys, ctx);
    service_deps deps;
    deps.sys = sys.get();
    deps.users = users;
    deps.writer = tree.child("event-writer");
    deps.db = [h = holder] { return h->current(); };
    deps.keys = keys;
    deps.opts.argon2 = {64, 1, 1};
    deps.throttle = std::move(throttle);
    svc = service::create(std::move(deps));
  }

  ~fixture() {
    svc.reset();
    caf::anon_send_exit(users, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
    sys->await_all_actors_done();
  }

  caf::expected<signed_in> register_user(const std::string& email,
                                         const std::string& password = "correct horse 42",
                                         const std::string& name = "Ada") {
    return wait_for<signed_in>(
      [&](auto done) { svc->register_user({email, password, name}, "10.0.0.1", done); });
  }
  caf::expected<signed_in> login(const std::string& email, const std::string& password) {
    return wait_for<signed_in>([&](auto done) { svc->login(email, password, "10.0.0.1", done); });
  }
  caf::expected<principal> authenticate(const std::string& token) {
    return wait_for<principal>([&](auto done) { svc->authenticate(token, done); });
  }
  std::vector<mail_view> outbox() {
    auto mails = wait_for<std::vector<mail_view>>([&](auto done) { svc->outbox(0, 1000, done); });
    REQUIRE(mails);
    return *mails;
  }
  // The token of the newest mail of `kind` (the text after "token=").
  std::string token_from_mail(const std::string& kind) {
    auto mails = outbox();
    for (auto it = mails.rbegin(); it != mails.rend(); ++it)
      if (it->kind == kind)
        return it->body.substr(it->body.find("token=") + 6);
    FAIL("no mail of kind " << kind);
    return {};
  }
};

} // namespace colors::identity::testing
