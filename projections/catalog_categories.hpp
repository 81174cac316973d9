#pragma once
// The category tree of the catalog index: dense ordinals with parent links. The tree is small
// (hundreds of nodes), so a query computes subtree membership for every node in one walk
// instead of keeping closure tables. Not thread-safe for writes; const members may run
// concurrently.
#include <caf/expected.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace colors::projections {

inline constexpr uint32_t no_category = UINT32_MAX;

// Where each category stands relative to the query's category (or to the roots without one).
struct category_scope {
  std::vector<char> inside;         // by ordinal: in the selected subtree (all, without one)
  std::vector<uint32_t> facet_node; // by ordinal: the child of the selection (or the root) whose
                                    // subtree holds it; no_category for the selection itself
                                    // and for nodes outside
};

class catalog_categories {
public:
  // The ordinal of `id`, adding it as an unnamed root when unknown.
  uint32_t intern(std::string_view id);

  std::optional<uint32_t> find(std::string_view id) const;

  // Sets name and parent. true when either changed; invalid_argument for an empty id or a
  // parent that would make a cycle.
  [[nodiscard]] caf::expected<bool> set(std::string_view id, std::string_view parent_id,
                                        std::string name);

  // The names of `category` and its ancestors, nearest first (unnamed ones left out).
  std::vector<std::string_view> path_names(uint32_t category) const;

  // With `selected` absent: every node inside, facet nodes are the roots.
  category_scope scope(std::optional<uint32_t> selected) const;

  const std::string& id_of(uint32_t category) const { return nodes_[category].id; }
  uint32_t parent_of(uint32_t category) const { return nodes_[category].parent; }
  size_t size() const { return nodes_.size(); }

private:
  struct node {
    std::string id;
    std::string name;
    uint32_t parent = no_category;
  };
  bool is_ancestor_or_self(uint32_t maybe_ancestor, uint32_t category) const;

  struct placement {
    bool inside;
    uint32_t facet_node;
  };
  // Walks up from `category` to the selection (or to its root without one).
  placement place(uint32_t category, std::optional<uint32_t> selected) const;

  std::vector<node> nodes_;
  std::unordered_map<std::string, uint32_t> ordinals_;
};

} // namespace colors::projections
