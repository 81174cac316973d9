// Brands, categories and collections: their queries (from the catalog read model), their
// mutations (platform admins; commands to their entities) and the fields that link them to
// products.
#include "api/catalog_views.hpp"
#include "api/entity_checks.hpp"
#include "api/guard.hpp"
#include "api/products.hpp"

#include "actors/ask.hpp"
#include "actors/atoms.hpp"
#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"

#include <set>

namespace colors::api {

namespace {

namespace json = boost::json;
using domain::catalog_entry::kind;
using events::CatalogEntryState;
using graphql::resolve_done;
using graphql::resolve_info;

constexpr size_t max_list = 500;
constexpr int max_category_depth = 20;

struct kind_info {
  kind k;
  const char* field;   // of the payload: "brand"
  const char* create;  // "createBrand"
  const char* update;  // "updateBrand"
};

constexpr kind_info kinds[] = {{kind::brand, "brand", "createBrand", "updateBrand"},
                               {kind::category, "category", "createCategory", "updateCategory"},
                               {kind::collection, "collection", "createCollection", "updateCollection"}};

const caf::actor& registry_of(const catalog_api& api, kind k) {
  return k == kind::brand ? api.brands : k == kind::category ? api.categories : api.collections;
}

events::CatalogEntryFields fields_of(const json::object& in) {
  events::CatalogEntryFields f;
  f.set_name(text_of(in, "name"));
  f.set_description(text_of(in, "description"));
  f.set_parent_id(text_of(in, "parentId"));
  if (auto* ids = in.if_contains("productIds"); ids && ids->is_array())
    for (const auto& id : ids->as_array())
      f.add_product_ids(std::string{id.as_string()});
  return f;
}

json::value entry_or_null(const catalog_api& api, kind k, const std::string& id) {
  if (id.empty())
    return nullptr;
  auto s = api.catalog->entry(k, id);
  return s ? json::value(entry_json(k, *s)) : json::value(nullptr);
}

json::array entries_json(kind k, const std::vector<CatalogEntryState>& all) {
  json::array out;
  for (const auto& s : all)
    out.push_back(entry_json(k, s));
  return out;
}

size_t limit_of(const resolve_info& info) {
  auto* first = info.args.if_contains("first");
  if (!first || !first->is_int64())
    return 100;
  return static_cast<size_t>(std::clamp<int64_t>(first->as_int64(), 0, max_list));
}

// Checks what the fields name (a category's parent chain, a collection's products) against
// the entities, after the fields themselves pass the aggregate's own validation (so a list
// too long to be valid is refused before anything is asked).
void check_links(const catalog_api& api, kind k, const std::string& id,
                 const events::CatalogEntryFields& f, check_done next) {
  if (auto err = domain::catalog_entry::validate(k, id, f))
    return next(err);
  if (k == kind::category)
    return require_parent(api, id, f.parent_id(), max_category_depth, std::move(next));
  if (k == kind::collection)
    return require_products(api, {f.product_ids().begin(), f.product_ids().end()}, std::move(next));
  next({});
}

// The payload of a refused change when the user can fix it, else the error.
void fail(resolve_done done, const char* field, const caf::error& err) {
  if (auto payload = user_error_payload(err, field))
    return done(json::value(std::move(*payload)));
  done(err);
}

void send(const catalog_api& api, const kind_info& ki, const std::string& id,
          events::CatalogEntryCommand cmd, resolve_done done) {
  auto k = ki.k;
  auto payload = to_payload<CatalogEntryState>(std::move(done), ki.field, [k, field = ki.field](const CatalogEntryState& s) {
    return json::object{{field, entry_json(k, s)}, {"userErrors", json::array{}}};
  });
  actors::ask<CatalogEntryState>(*api.sys, registry_of(api, k), api.timeout, std::move(payload),
                                 actors::command_atom::value, id, std::move(cmd));
}

// Sends `cmd` once what its `fields` name checks out; a refused change answers as `fail` says.
void check_then_send(const catalog_api& api, const kind_info& ki, const std::string& id,
                     const events::CatalogEntryFields& fields, events::CatalogEntryCommand cmd,
                     resolve_done done) {
  check_links(api, ki.k, id, fields, [api, ki, id, cmd = std::move(cmd), done = std::move(done)](caf::error err) mutable {
    if (err)
      return fail(std::move(done), ki.field, err);
    send(api, ki, id, std::move(cmd), std::move(done));
  });
}

graphql::resolver create(const catalog_api& api, const kind_info& ki) {
  return guarded(std::string{"Mutation."} + ki.create, [api, ki](const resolve_info& info, const request_context& ctx, resolve_done done) {
    auto id = uuid_to_string(new_uuid());
    events::CatalogEntryCommand cmd;
    cmd.set_now(unix_millis());
    cmd.mutable_create()->set_entry_id(id);
    *cmd.mutable_create()->mutable_fields() = fields_of(info.args.at("input").as_object());
    cmd.mutable_create()->set_by(ctx.who->user_id);
    auto fields = cmd.create().fields();
    check_then_send(api, ki, id, fields, std::move(cmd), std::move(done));
  });
}

graphql::resolver update(const catalog_api& api, const kind_info& ki) {
  return guarded(std::string{"Mutation."} + ki.update, [api, ki](const resolve_info& info, const request_context& ctx, resolve_done done) {
    auto id = arg_string(info, "id");
    events::CatalogEntryCommand cmd;
    cmd.set_now(unix_millis());
    *cmd.mutable_change()->mutable_fields() = fields_of(info.args.at("input").as_object());
    cmd.mutable_change()->set_by(ctx.who->user_id);
    auto fields = cmd.change().fields();
    check_then_send(api, ki, id, fields, std::move(cmd), std::move(done));
  });
}

void add_queries(graphql::resolver_map& r, const catalog_api& api) {
  r.add("Query", "brands", [api](const resolve_info& info, resolve_done done) {
    done(json::value(entries_json(kind::brand, api.catalog->entries(kind::brand, limit_of(info)))));
  });
  r.add("Query", "collections", [api](const resolve_info& info, resolve_done done) {
    done(json::value(entries_json(kind::collection, api.catalog->entries(kind::collection, limit_of(info)))));
  });
  r.add("Query", "categories", [api](const resolve_info&, resolve_done done) {
    done(json::value(entries_json(kind::category, api.catalog->child_categories(""))));
  });
  for (auto [field, k] : {std::pair{"brand", kind::brand}, {"category", kind::category}, {"collection", kind::collection}})
    r.add("Query", field, [api, k](const resolve_info& info, resolve_done done) {
      done(entry_or_null(api, k, arg_string(info, "id")));
    });
}

void add_links(graphql::resolver_map& r, const catalog_api& api) {
  r.add("Product", "brand", [api](const resolve_info& info, resolve_done done) {
    done(entry_or_null(api, kind::brand, parent_text(info, "brandId")));
  });
  r.add("Product", "category", [api](const resolve_info& info, resolve_done done) {
    done(entry_or_null(api, kind::category, parent_text(info, "_categoryId")));
  });
  r.add("Category", "parent", [api](const resolve_info& info, resolve_done done) {
    done(entry_or_null(api, kind::category, parent_text(info, "_parentId")));
  });
  r.add("Category", "children", [api](const resolve_info& info, resolve_done done) {
    done(json::value(entries_json(kind::category, api.catalog->child_categories(parent_text(info, "id")))));
  });
  r.add("Category", "path", [api](const resolve_info& info, resolve_done done) {
    json::array path{info.parent};
    auto at = parent_text(info, "_parentId");
    for (int depth = 0; !at.empty() && depth < max_category_depth; ++depth) {
      auto parent = api.catalog->entry(kind::category, at);
      if (!parent)
        break;
      path.insert(path.begin(), entry_json(kind::category, *parent));
      at = parent->fields().parent_id();
    }
    done(json::value(std::move(path)));
  });
  r.add("Collection", "products", [api](const resolve_info& info, resolve_done done) {
    std::vector<std::string> ids;
    for (const auto& id : info.parent.as_object().at("_productIds").as_array())
      ids.emplace_back(id.as_string());
    json::array out;
    for (const auto& s : api.catalog->products(ids))
      if (s.status() == "ACTIVE")
        out.push_back(product_json(s, false));
    done(json::value(std::move(out)));
  });
}

} // namespace

void add_catalog_entry_resolvers(graphql::resolver_map& r, catalog_api api) {
  add_queries(r, api);
  add_links(r, api);
  for (const auto& ki : kinds) {
    r.add("Mutation", ki.create, create(api, ki));
    r.add("Mutation", ki.update, update(api, ki));
  }
}

} // namespace colors::api
