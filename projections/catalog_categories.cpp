#include "projections/catalog_categories.hpp"

#include "common/errc.hpp"

namespace colors::projections {

uint32_t catalog_categories::intern(std::string_view id) {
  if (auto found = find(id))
    return *found;
  auto ordinal = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(node{std::string{id}, {}, no_category});
  ordinals_.emplace(std::string{id}, ordinal);
  return ordinal;
}

std::optional<uint32_t> catalog_categories::find(std::string_view id) const {
  auto it = ordinals_.find(std::string{id});
  if (it == ordinals_.end())
    return std::nullopt;
  return it->second;
}

bool catalog_categories::is_ancestor_or_self(uint32_t maybe_ancestor, uint32_t category) const {
  // Bounded by the node count: the tree has no cycles, but never loop forever on a bug.
  for (size_t steps = 0; category != no_category && steps <= nodes_.size(); ++steps) {
    if (category == maybe_ancestor)
      return true;
    category = nodes_[category].parent;
  }
  return false;
}

caf::expected<bool> catalog_categories::set(std::string_view id, std::string_view parent_id,
                                            std::string name) {
  if (id.empty())
    return make_error(errc::invalid_argument, "category id is empty");
  if (parent_id == id)
    return make_error(errc::invalid_argument, "category " + std::string{id} + " is its own parent");
  auto existing = find(id);
  auto parent_found = parent_id.empty() ? std::optional<uint32_t>{no_category} : find(parent_id);
  if (existing && parent_found && *parent_found != no_category
      && is_ancestor_or_self(*existing, *parent_found))
    return make_error(errc::invalid_argument,
                      "category " + std::string{id} + " would be its own ancestor");
  auto self = intern(id);
  auto parent = parent_id.empty() ? no_category : intern(parent_id);
  auto& n = nodes_[self];
  bool changed = n.parent != parent || n.name != name;
  n.parent = parent;
  n.name = std::move(name);
  return changed;
}

std::vector<std::string_view> catalog_categories::path_names(uint32_t category) const {
  std::vector<std::string_view> names;
  for (size_t steps = 0; category != no_category && steps <= nodes_.size(); ++steps) {
    if (!nodes_[category].name.empty())
      names.push_back(nodes_[category].name);
    category = nodes_[category].parent;
  }
  return names;
}

catalog_categories::placement catalog_categories::place(uint32_t category,
                                                        std::optional<uint32_t> selected) const {
  uint32_t current = category, below = no_category;
  for (size_t steps = 0; steps <= nodes_.size(); ++steps) {
    if (selected && current == *selected)
      return {true, below};
    if (nodes_[current].parent == no_category)
      return selected ? placement{false, no_category} : placement{true, current};
    below = current;
    current = nodes_[current].parent;
  }
  return {false, no_category}; // unreachable: the tree has no cycles
}

category_scope catalog_categories::scope(std::optional<uint32_t> selected) const {
  category_scope out{std::vector<char>(nodes_.size(), 0),
                     std::vector<uint32_t>(nodes_.size(), no_category)};
  for (uint32_t c = 0; c < nodes_.size(); ++c) {
    auto [inside, facet_node] = place(c, selected);
    out.inside[c] = inside ? 1 : 0;
    out.facet_node[c] = facet_node;
  }
  return out;
}

} // namespace colors::projections
