#include "graphql/resolver.hpp"

namespace colors::graphql {

namespace {

using sets = std::vector<const selection_set*>;

// The fields of `set` with inline fragments flattened; false at a fragment spread (its
// selections live in the document, which resolvers do not see).
bool fields_of(const selection_set& set, std::vector<const selection*>& out) {
  for (const auto& sel : set) {
    if (sel.kind == selection_kind::field)
      out.push_back(&sel);
    else if (sel.kind == selection_kind::inline_fragment) {
      if (!fields_of(sel.selections, out))
        return false;
    } else {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<std::set<std::string>> selected_fields(const resolve_info& info,
                                                     std::initializer_list<std::string_view> path) {
  if (!info.nodes)
    return std::nullopt;
  sets level;
  for (const auto* node : *info.nodes)
    level.push_back(&node->selections);
  for (auto name : path) {
    sets next;
    for (const auto* set : level) {
      std::vector<const selection*> fields;
      if (!fields_of(*set, fields))
        return std::nullopt;
      for (const auto* f : fields)
        if (f->name == name)
          next.push_back(&f->selections);
    }
    level = std::move(next);
  }
  std::set<std::string> names;
  for (const auto* set : level) {
    std::vector<const selection*> fields;
    if (!fields_of(*set, fields))
      return std::nullopt;
    for (const auto* f : fields)
      names.insert(f->name);
  }
  return names;
}

} // namespace colors::graphql
