#pragma once
// Checks that the things a command names exist, asked of their entities (the source of truth)
// rather than of the catalog read model: the read model may not yet hold an entry whose create
// was acknowledged a moment ago, and a client may name it in its very next request. Each check
// is one asynchronous ask per id (asks for several ids run side by side); nothing blocks.
#include "api/products.hpp"

#include <functional>
#include <string>
#include <vector>

namespace colors::api {

using check_done = std::function<void(caf::error)>;

// Brand or category `id` of the registry `entries` exists (an empty id passes); `what` names
// it in the error ("No brand has the id ...").
void require_entry(const catalog_api& api, const caf::actor& entries, const std::string& id,
                   std::string what, check_done next);

// Every product of `ids` exists; `next` runs once, with the first missing one's error.
void require_products(const catalog_api& api, const std::vector<std::string>& ids, check_done next);

// Category `parent_id` can be the parent of category `id`: it and each category above it
// exist, the chain does not pass through `id` and is at most `max_depth` deep.
void require_parent(const catalog_api& api, const std::string& id, const std::string& parent_id,
                    int max_depth, check_done next);

} // namespace colors::api
