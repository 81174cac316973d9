#pragma once
// The resolver interface: how the engine asks our code (later: actors) for a field's value.
//
// Resolvers are asynchronous: they get the field's context and a completion, and may call the
// completion later from any thread (e.g. when an actor replies). The completion must be called
// exactly once; the `resolve_info` and everything it refers to stay valid until then.
#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

#include <boost/json.hpp>
#include <caf/expected.hpp>

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <memory>
#include <string>

namespace colors::graphql {

struct resolve_info {
  const named_type& parent_type;
  const field& field_def;
  const selection& node;            // the first field node of this response key
  const boost::json::value& parent; // the parent object's value
  const boost::json::object& args;  // coerced arguments (defaults applied)
  const boost::json::object& variables;
  const std::shared_ptr<void>& context; // whatever the caller of execute() attached (auth, ...)
  // Every field node of this response key (`node` is the first); their selections merge.
  const std::vector<const selection*>* nodes = nullptr;
};

// The names of the fields selected under `path` (e.g. {"edges", "node"}) below the resolved
// field, across all its nodes; nullopt when that cannot be known without the document's
// fragments (a fragment spread on the way) or `nodes` is absent: then assume every field.
std::optional<std::set<std::string>> selected_fields(const resolve_info& info,
                                                     std::initializer_list<std::string_view> path);

// A field's value, or an error whose code (colors::errc) becomes `extensions.code` and whose
// message is shown to the client as is: it must not carry internals.
using field_result = caf::expected<boost::json::value>;
using resolve_done = std::function<void(field_result)>;
using resolver = std::function<void(const resolve_info&, resolve_done)>;

// The object type name of a value of an abstract type; empty when unknown. The default reads
// the value's "__typename" member.
using type_resolver =
    std::function<std::string(const boost::json::value& value, const named_type& abstract)>;

// (type name, field name) -> resolver. Fields without one read the member of the same name
// from their parent object. Immutable once handed to an engine.
struct resolver_map {
  std::map<std::pair<std::string, std::string>, resolver> fields;
  std::map<std::string, type_resolver> types; // abstract type name -> resolver

  void add(std::string type, std::string field, resolver r) {
    fields[{std::move(type), std::move(field)}] = std::move(r);
  }
  const resolver* find(const std::string& type, const std::string& field) const {
    auto it = fields.find({type, field});
    return it == fields.end() ? nullptr : &it->second;
  }
};

} // namespace colors::graphql
