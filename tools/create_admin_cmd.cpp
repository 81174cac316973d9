// colctl create-admin: makes the first platform admin (or promotes an existing account) in a
// stopped server's data directory, through the same identity service the API uses.
#include "tools/command.hpp"

#include "actors/registry.hpp"
#include "actors/store_holder.hpp"
#include "common/errc.hpp"
#include "common/secrets.hpp"
#include "domain/user.hpp"
#include "identity/service.hpp"

#include <caf/all.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace colors::tools {

namespace {

const flag_spec create_admin_flags[] = {
  {"data-dir", "DIR", "the server's data directory (the server must be stopped)", true},
  {"email", "EMAIL", "the admin's email address", true},
  {"name", "NAME", "the display name (default: Admin)"},
};

// From $COLORS_ADMIN_PASSWORD, else the first line of stdin: never a command-line argument,
// which other users of the machine could read.
std::string password() {
  if (const char* env = std::getenv("COLORS_ADMIN_PASSWORD"))
    return env;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

caf::expected<events::UserState> create(const std::string& dir, const std::string& email,
                                        const std::string& name, const std::string& pass) {
  auto keys = load_or_create_secrets(dir);
  if (!keys)
    return keys.error();
  events::store_options so;
  so.path = dir;
  auto holder = std::make_shared<actors::store_holder>(so);
  if (auto db = holder->writable(); !db)
    return db.error();
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto tree = actors::spawn_supervisor(sys, {}, {actors::writer_child(holder)});
  auto ctx = std::make_shared<actors::entity_context>();
  ctx->db = [holder] { return holder->current(); };
  ctx->writer = tree.child("event-writer");
  auto users = actors::spawn_registry<domain::user::aggregate>(sys, ctx);
  identity::service_deps deps{&sys, users, ctx->writer, ctx->db, std::move(*keys), {}, {}};
  auto svc = identity::service::create(std::move(deps));
  auto out = svc->bootstrap_admin(email, pass, name);
  svc.reset();
  caf::anon_send_exit(users, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
  sys.await_all_actors_done();
  if (auto db = holder->release())
    if (auto err = db->flush())
      return err;
  return out;
}

int run_create_admin(const parsed_flags& f) {
  auto pass = password();
  auto user = create(*f.get("data-dir"), *f.get("email"), f.get("name").value_or("Admin"), pass);
  if (!user) {
    print_error(message_of(user.error()));
    return code_of(user.error()) == errc::locked ? exit_usage : exit_failed;
  }
  std::printf("platform admin %s (%s)\n", f.get("email")->c_str(), user->user_id().c_str());
  return exit_ok;
}

} // namespace

const command& create_admin_command() {
  static const command cmd{
    "create-admin", "create the first platform admin (server stopped)",
    "--data-dir DIR --email EMAIL [--name NAME]",
    "Registers the account with PLATFORM_ADMIN, or grants PLATFORM_ADMIN to the existing\n"
    "account of that address. The password comes from $COLORS_ADMIN_PASSWORD or the first\n"
    "line of standard input, and must meet the password policy (at least 10 characters).\n",
    create_admin_flags, run_create_admin};
  return cmd;
}

} // namespace colors::tools
