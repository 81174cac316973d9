#include "api/entity_checks.hpp"

#include "actors/ask.hpp"
#include "actors/atoms.hpp"
#include "common/errc.hpp"

#include <memory>

namespace colors::api {

namespace {

caf::error missing(const std::string& what, const std::string& id) {
  return make_error(errc::invalid_argument, "No " + what + " has the id " + id + ".");
}

// Asks `entries` for the state of `id`; `next` gets it, or the error of the ask.
template <class State>
void ask_state(const catalog_api& api, const caf::actor& entries, const std::string& id,
               std::function<void(caf::expected<State>)> next) {
  actors::ask<State>(*api.sys, entries, api.timeout, std::move(next), actors::query_atom::value, id);
}

// Collects the outcomes of `pending` checks run side by side: `next` runs once, after the last
// one, with the first error seen (or none).
struct joined_checks {
  size_t pending;
  caf::error first_error;
  check_done next;

  void finish_one(caf::error err) {
    if (err && !first_error)
      first_error = std::move(err);
    if (--pending == 0)
      next(std::move(first_error));
  }
};

void walk_up(const catalog_api& api, const std::string& id, const std::string& at, int depth,
             int max_depth, check_done next) {
  if (at.empty())
    return next({});
  if (at == id)
    return next(make_error(errc::invalid_argument, "A category cannot move under itself."));
  ask_state<events::CatalogEntryState>(
    api, api.categories, at,
    [api, id, at, depth, max_depth, next](caf::expected<events::CatalogEntryState> s) {
      if (!s)
        return next(s.error());
      if (!s->exists())
        return next(missing("category", at));
      if (depth == max_depth)
        return next(make_error(errc::invalid_argument,
                               "Categories nest at most " + std::to_string(max_depth) + " deep."));
      walk_up(api, id, s->fields().parent_id(), depth + 1, max_depth, next);
    });
}

} // namespace

void require_entry(const catalog_api& api, const caf::actor& entries, const std::string& id,
                   std::string what, check_done next) {
  if (id.empty())
    return next({});
  ask_state<events::CatalogEntryState>(api, entries, id,
                                       [id, what, next](caf::expected<events::CatalogEntryState> s) {
                                         if (!s)
                                           return next(s.error());
                                         next(s->exists() ? caf::error{} : missing(what, id));
                                       });
}

void require_products(const catalog_api& api, const std::vector<std::string>& ids, check_done next) {
  if (ids.empty())
    return next({});
  auto join = std::make_shared<joined_checks>(joined_checks{ids.size(), {}, std::move(next)});
  for (const auto& id : ids)
    ask_state<events::ProductState>(api, api.products, id,
                                    [join, id](caf::expected<events::ProductState> s) {
                                      if (!s)
                                        return join->finish_one(s.error());
                                      join->finish_one(s->exists() ? caf::error{} : missing("product", id));
                                    });
}

void require_parent(const catalog_api& api, const std::string& id, const std::string& parent_id,
                    int max_depth, check_done next) {
  walk_up(api, id, parent_id, 0, max_depth, std::move(next));
}

} // namespace colors::api
