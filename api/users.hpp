#pragma once
// Resolvers of accounts, sessions, roles and personal data (Query.me, Mutation.login, ...).
// Each checks the permission table (identity/policy.hpp) before it does anything.
#include "graphql/resolver.hpp"
#include "identity/service.hpp"

#include <memory>

namespace colors::api {

void add_user_resolvers(graphql::resolver_map& resolvers,
                        std::shared_ptr<identity::service> identity);

} // namespace colors::api
