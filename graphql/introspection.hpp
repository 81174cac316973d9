#pragma once
// Resolvers of the introspection types (__Schema, __Type, __Field, ...), answering from one
// schema. Synchronous and read-only: safe to call from any thread.
#include "graphql/resolver.hpp"
#include "graphql/schema.hpp"

#include <memory>

namespace colors::graphql {

std::shared_ptr<const resolver_map> introspection_resolvers(std::shared_ptr<const schema> s);

} // namespace colors::graphql
