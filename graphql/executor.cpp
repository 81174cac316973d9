#include "graphql/executor.hpp"

#include "graphql/coerce.hpp"
#include "graphql/error.hpp"
#include "graphql/printer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <set>

namespace colors::graphql {
namespace json = boost::json;

namespace {

struct path_node {
  std::shared_ptr<const path_node> parent;
  path_segment seg;
};
using path_ptr = std::shared_ptr<const path_node>;
// A value of the result tree, or a part of one kept alive by the whole (aliasing shared_ptr).
using value_ptr = std::shared_ptr<const json::value>;

path_ptr extend(path_ptr p, path_segment seg) {
  return std::make_shared<const path_node>(path_node{std::move(p), std::move(seg)});
}

std::vector<path_segment> to_vector(const path_ptr& p) {
  std::vector<path_segment> out;
  for (auto* n = p.get(); n; n = n->parent.get())
    out.push_back(n->seg);
  return {out.rbegin(), out.rend()};
}

// The path of a position reached by the synchronous walk (execution::complete_now): a chain of
// stack frames, turned into a path_ptr only when an error needs it.
struct lazy_path {
  const path_ptr* start = nullptr; // the walk's first position (in the root frame only)
  const lazy_path* up = nullptr;
  const std::string* key = nullptr; // a field's response name, or else
  std::size_t index = 0;            // a list item's index

  path_ptr materialize() const {
    if (!up)
      return *start;
    return extend(up->materialize(), key ? path_segment{*key} : path_segment{index});
  }
};

// The completed value of one response position, filled by exactly one field or list item.
struct result_node {
  enum class kind : uint8_t { null, leaf, list, object };
  kind k = kind::null;
  bool non_null = false;
  json::value leaf;
  std::vector<std::unique_ptr<result_node>> items;
  std::vector<std::pair<std::string, std::unique_ptr<result_node>>> fields;
};

using field_group = std::pair<std::string, std::vector<const selection*>>;
using grouped = std::vector<field_group>;
using done_fn = std::function<void()>;

// Calls `done` after `n` arrivals; `arrive` may run on any thread.
struct join {
  std::atomic<std::size_t> left;
  done_fn done;
  void arrive() {
    if (left.fetch_sub(1, std::memory_order_acq_rel) == 1)
      done();
  }
};

std::optional<int64_t> as_integral(const json::value& v) {
  if (v.is_int64())
    return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= INT64_MAX)
    return static_cast<int64_t>(v.get_uint64());
  if (v.is_double() && std::isfinite(v.get_double()) && std::floor(v.get_double()) == v.get_double()
      && std::fabs(v.get_double()) < 9e18)
    return static_cast<int64_t>(v.get_double());
  if (v.is_bool())
    return v.get_bool() ? 1 : 0;
  return std::nullopt;
}

// graphql-js's `serialize` of the built-in scalars, plus DateTime and enums.
std::optional<json::value> serialize(const named_type& t, const json::value& v, std::string& why) {
  auto show = [&] { return inspect(v); };
  if (t.kind == type_kind::enum_) {
    if (v.is_string() && t.find_enum_value(std::string_view(v.get_string())))
      return v;
    why = "Enum \"" + t.name + "\" cannot represent value: " + show();
  } else if (t.name == "Int") {
    auto i = as_integral(v);
    if (i && *i >= INT32_MIN && *i <= INT32_MAX)
      return json::value(*i);
    why = i ? "Int cannot represent non 32-bit signed integer value: " + show()
            : "Int cannot represent non-integer value: " + show();
  } else if (t.name == "Float") {
    if (v.is_number())
      return json::value(v.to_number<double>());
    if (v.is_bool())
      return json::value(v.get_bool() ? 1.0 : 0.0);
    why = "Float cannot represent non numeric value: " + show();
  } else if (t.name == "String") {
    if (v.is_string())
      return v;
    if (v.is_bool() || v.is_number())
      return json::value(show()); // as JavaScript's String(value)
    why = "String cannot represent value: " + show();
  } else if (t.name == "Boolean") {
    if (v.is_bool())
      return v;
    if (v.is_number())
      return json::value(v.to_number<double>() != 0);
    why = "Boolean cannot represent a non boolean value: " + show();
  } else if (t.name == "ID") {
    if (v.is_string())
      return v;
    if (auto i = as_integral(v); i && !v.is_bool() && !v.is_double())
      return json::value(std::to_string(*i));
    why = "ID cannot represent value: " + show();
  } else if (t.name == "DateTime") {
    if (v.is_string() && is_rfc3339(v.get_string()))
      return v;
    why = "DateTime cannot represent value: " + show();
  } else {
    return v;
  }
  return std::nullopt;
}

class execution : public std::enable_shared_from_this<execution> {
public:
  execution(execution_params p, std::function<void(json::object)> done)
    : p_(std::move(p)), done_(std::move(done)) {
    for (auto& f : p_.doc->fragments)
      fragments_.emplace(f.name, &f);
  }

  void start() {
    auto* root = p_.schema_ptr->root(p_.op->op);
    if (!root) {
      record(make_error("Schema is not configured for " + std::string(to_string(p_.op->op)) + "s.",
                        p_.op->loc, codes::validation_failed));
      return finish(false);
    }
    auto fields = std::make_shared<grouped>();
    std::set<std::string> visited;
    collect(*root, p_.op->selections, *fields, visited);
    auto self = shared_from_this();
    auto parent = std::make_shared<const json::value>(p_.root_value);
    root_.non_null = false;
    run_fields(*root, parent, fields, root_, nullptr, p_.op->op == operation_type::mutation,
               [self, fields] { self->finish(true); });
  }

private:
  const schema& s() const { return *p_.schema_ptr; }

  bool include(const std::vector<directive>& dirs) const {
    for (auto& d : dirs) {
      if (d.name != "skip" && d.name != "include")
        continue;
      bool flag = false;
      for (auto& a : d.arguments) {
        if (a.name != "if")
          continue;
        if (a.val.kind == value_kind::boolean) {
          flag = a.val.text == "true";
        } else if (a.val.kind == value_kind::variable) {
          auto it = p_.variables.find(a.val.text);
          flag = it != p_.variables.end() && it->value().is_bool() && it->value().get_bool();
        }
      }
      if ((d.name == "skip") == flag)
        return false;
    }
    return true;
  }

  bool applies(const named_type& obj, const std::string& cond) const {
    if (cond.empty() || cond == obj.name)
      return true;
    auto* t = s().type(cond);
    return t && t->is_abstract() && s().is_possible_type(*t, obj);
  }

  // Spec CollectFields: groups the selected fields by response name, in order.
  void collect(const named_type& t, const selection_set& set, grouped& out,
               std::set<std::string>& visited) const {
    for (auto& sel : set) {
      if (!include(sel.directives))
        continue;
      if (sel.kind == selection_kind::field) {
        auto& key = sel.response_name();
        auto it = std::find_if(out.begin(), out.end(), [&](auto& g) { return g.first == key; });
        if (it == out.end())
          out.push_back({key, {&sel}});
        else
          it->second.push_back(&sel);
      } else if (sel.kind == selection_kind::inline_fragment) {
        if (applies(t, sel.type_condition))
          collect(t, sel.selections, out, visited);
      } else if (visited.insert(sel.name).second) {
        auto it = fragments_.find(sel.name);
        if (it != fragments_.end() && applies(t, it->second->type_condition))
          collect(t, it->second->selections, out, visited);
      }
    }
  }

  void run_fields(const named_type& t, std::shared_ptr<const json::value> parent,
                  std::shared_ptr<grouped> fields, result_node& node, path_ptr path, bool serial,
                  done_fn done) {
    node.k = result_node::kind::object;
    for (auto& g : *fields)
      node.fields.emplace_back(g.first, std::make_unique<result_node>());
    if (serial)
      return run_serial(t, parent, fields, node, path, 0, std::move(done));
    auto j = std::make_shared<join>();
    j->left = fields->size() + 1;
    j->done = std::move(done);
    for (std::size_t i = 0; i < fields->size(); ++i)
      run_field(t, parent, (*fields)[i].second, *node.fields[i].second,
                extend(path, (*fields)[i].first), [j] { j->arrive(); });
    j->arrive();
  }

  void run_serial(const named_type& t, std::shared_ptr<const json::value> parent,
                  std::shared_ptr<grouped> fields, result_node& node, path_ptr path, std::size_t i,
                  done_fn done) {
    if (i == fields->size())
      return done();
    auto self = shared_from_this();
    run_field(t, parent, (*fields)[i].second, *node.fields[i].second,
              extend(path, (*fields)[i].first),
              [self, &t, parent, fields, &node, path, i, done]() mutable {
                self->run_serial(t, parent, fields, node, path, i + 1, std::move(done));
              });
  }

  const resolver* find_resolver(const named_type& t, const std::string& name) const {
    if (t.is_introspection() && p_.builtin)
      return p_.builtin->find(t.name, name);
    return p_.resolvers ? p_.resolvers->find(t.name, name) : nullptr;
  }

  // State of one resolver call; lives until the resolver completes.
  struct call {
    json::object args;
    std::shared_ptr<const json::value> parent;
    std::optional<resolve_info> info;
    std::atomic<bool> completed{false};
  };

  void run_field(const named_type& t, std::shared_ptr<const json::value> parent,
                 const std::vector<const selection*>& nodes, result_node& slot, path_ptr path,
                 done_fn done) {
    const selection& first = *nodes.front();
    if (first.name == "__typename") {
      slot.non_null = true;
      slot.k = result_node::kind::leaf;
      slot.leaf = json::value(t.name);
      return done();
    }
    const field* def = s().field_of(t, first.name);
    if (!def)
      return done(); // validation makes this unreachable; an absent field stays null
    slot.non_null = def->type.is_non_null();
    auto* r = find_resolver(t, first.name);
    if (!r && def->args.empty() && &t != s().root(operation_type::query))
      return complete(def->type, t, *def, nodes, member(parent, first.name), slot, path, std::move(done));
    auto c = std::make_shared<call>();
    c->parent = std::move(parent);
    if (auto why = coerce_arguments(s(), def->args, first.arguments, p_.variables, c->args)) {
      field_error(path, first, *why, codes::bad_user_input);
      return done();
    }
    c->info.emplace(resolve_info{t, *def, first, *c->parent, c->args, p_.variables, p_.context, &nodes});
    auto self = shared_from_this();
    auto complete_fn = [self, c, def, &t, &nodes, &slot, path, done](field_result r) mutable {
      if (c->completed.exchange(true))
        return; // a second completion is a resolver bug; the first one counted
      if (!r) {
        self->resolver_error(path, *nodes.front(), r.error());
        return done();
      }
      self->complete(def->type, t, *def, nodes, std::make_shared<const json::value>(std::move(*r)),
                     slot, path, std::move(done));
    };
    if (auto meta = meta_value(t, first, c->args))
      return complete_fn(std::move(*meta));
    if (r)
      return (*r)(*c->info, std::move(complete_fn));
    complete(def->type, t, *def, nodes, member(c->parent, first.name), slot, path, std::move(done));
  }

  // The default resolver: the parent's member of the field's name, kept alive by the parent
  // (no copy of the subtree); null when absent.
  static value_ptr member(const value_ptr& parent, const std::string& name) {
    static const json::value absent = nullptr;
    if (parent->is_object())
      if (auto* m = parent->get_object().if_contains(name))
        return value_ptr{parent, m};
    return value_ptr{parent, &absent};
  }

  // __schema and __type on the query root.
  std::optional<json::value> meta_value(const named_type& t, const selection& sel,
                                        const json::object& args) const {
    if (&t != s().root(operation_type::query))
      return std::nullopt;
    if (sel.name == "__schema")
      return json::value(json::object{});
    if (sel.name != "__type")
      return std::nullopt;
    auto* name = args.if_contains("name");
    if (name && name->is_string() && s().type(std::string_view(name->get_string())))
      return json::value(json::object{{"name", *name}});
    return json::value(nullptr);
  }

  void complete(const type_ref& type, const named_type& parent_type, const field& def,
                const std::vector<const selection*>& nodes, value_ptr v, result_node& slot,
                path_ptr path, done_fn done) {
    if (completes_now(type, nodes)) {
      complete_now(type, parent_type, def, nodes, *v, slot, lazy_path{&path});
      return done();
    }
    if (type.is_non_null()) {
      slot.non_null = true;
      if (v->is_null()) {
        field_error(path, *nodes.front(),
                    "Cannot return null for non-nullable field " + parent_type.name + "." + def.name
                        + ".",
                    nullptr);
        return done();
      }
      return complete(*type.of, parent_type, def, nodes, std::move(v), slot, path, std::move(done));
    }
    if (v->is_null())
      return done();
    if (type.is_list())
      return complete_list(type, parent_type, def, nodes, std::move(v), slot, path,
                           std::move(done));
    auto* t = s().type(type.name);
    if (t->is_leaf()) {
      std::string why;
      if (auto out = serialize(*t, *v, why)) {
        slot.k = result_node::kind::leaf;
        slot.leaf = std::move(*out);
      } else {
        field_error(path, *nodes.front(), why, nullptr);
      }
      return done();
    }
    complete_object(*t, parent_type, def, nodes, std::move(v), slot, path, std::move(done));
  }

  void complete_list(const type_ref& type, const named_type& parent_type, const field& def,
                     const std::vector<const selection*>& nodes, value_ptr v, result_node& slot,
                     path_ptr path, done_fn done) {
    if (!v->is_array()) {
      field_error(path, *nodes.front(),
                  "Expected Iterable, but did not find one for field \"" + parent_type.name + "."
                      + def.name + "\".",
                  nullptr);
      return done();
    }
    const auto& items = v->get_array();
    slot.k = result_node::kind::list;
    for (std::size_t i = 0; i < items.size(); ++i)
      slot.items.push_back(std::make_unique<result_node>());
    auto j = std::make_shared<join>();
    j->left = items.size() + 1;
    j->done = [v, done = std::move(done)] { done(); };
    for (std::size_t i = 0; i < items.size(); ++i)
      complete(*type.of, parent_type, def, nodes, value_ptr{v, &items[i]}, *slot.items[i],
               extend(path, i), [j] { j->arrive(); });
    j->arrive();
  }

  // The synchronous walk. A value whose whole selection needs no resolver (every field is
  // its parent's member, as the default resolver reads it) is completed in one recursive pass,
  // with the same rules and errors as the asynchronous walk (complete, complete_list,
  // run_fields) but none of its per-field joins, callbacks and path allocations.

  // Whether a value of `type` selected by `nodes` completes without calling a resolver.
  bool completes_now(const type_ref& type, const std::vector<const selection*>& nodes) {
    const auto* t = s().type(type.named());
    if (!t || t->is_abstract())
      return false;
    return t->is_leaf() || resolver_free(*t, nodes);
  }

  bool resolver_free(const named_type& object, const std::vector<const selection*>& nodes) {
    {
      std::lock_guard<std::mutex> lock(collected_mutex_);
      if (auto it = resolver_free_.find({&object, &nodes}); it != resolver_free_.end())
        return it->second;
    }
    auto fields = collected(object, nodes);
    bool free = &object != s().root(operation_type::query);
    for (auto& [key, group] : *fields) {
      if (!free)
        break;
      const selection& first = *group.front();
      const field* def = first.name == "__typename" ? nullptr : s().field_of(object, first.name);
      if (!def)
        continue; // __typename, or an absent field (stays null)
      free = !find_resolver(object, first.name) && def->args.empty()
             && completes_now(def->type, group);
    }
    std::lock_guard<std::mutex> lock(collected_mutex_);
    resolver_free_[{&object, &nodes}] = free;
    return free;
  }

  void complete_now(const type_ref& type, const named_type& parent_type, const field& def,
                    const std::vector<const selection*>& nodes, const json::value& v,
                    result_node& slot, const lazy_path& path) {
    if (type.is_non_null()) {
      slot.non_null = true;
      if (v.is_null())
        return field_error(path.materialize(), *nodes.front(),
                           "Cannot return null for non-nullable field " + parent_type.name + "."
                               + def.name + ".",
                           nullptr);
      return complete_now(*type.of, parent_type, def, nodes, v, slot, path);
    }
    if (v.is_null())
      return;
    if (type.is_list())
      return complete_list_now(type, parent_type, def, nodes, v, slot, path);
    const auto* t = s().type(type.name);
    if (!t->is_leaf())
      return fields_now(*t, v, *collected(*t, nodes), slot, path);
    std::string why;
    if (auto out = serialize(*t, v, why)) {
      slot.k = result_node::kind::leaf;
      slot.leaf = std::move(*out);
    } else {
      field_error(path.materialize(), *nodes.front(), why, nullptr);
    }
  }

  void complete_list_now(const type_ref& type, const named_type& parent_type, const field& def,
                         const std::vector<const selection*>& nodes, const json::value& v,
                         result_node& slot, const lazy_path& path) {
    if (!v.is_array())
      return field_error(path.materialize(), *nodes.front(),
                         "Expected Iterable, but did not find one for field \"" + parent_type.name
                             + "." + def.name + "\".",
                         nullptr);
    const auto& items = v.get_array();
    slot.k = result_node::kind::list;
    slot.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      slot.items.push_back(std::make_unique<result_node>());
      complete_now(*type.of, parent_type, def, nodes, items[i], *slot.items[i],
                   lazy_path{nullptr, &path, nullptr, i});
    }
  }

  void fields_now(const named_type& t, const json::value& parent, const grouped& fields,
                  result_node& node, const lazy_path& path) {
    static const json::value absent = nullptr;
    node.k = result_node::kind::object;
    node.fields.reserve(fields.size());
    for (auto& [key, group] : fields) {
      node.fields.emplace_back(key, std::make_unique<result_node>());
      auto& slot = *node.fields.back().second;
      const selection& first = *group.front();
      if (first.name == "__typename") {
        slot.non_null = true;
        slot.k = result_node::kind::leaf;
        slot.leaf = json::value(t.name);
        continue;
      }
      const field* def = s().field_of(t, first.name);
      if (!def)
        continue;
      slot.non_null = def->type.is_non_null();
      const json::value* member = parent.is_object() ? parent.get_object().if_contains(first.name)
                                                     : nullptr;
      complete_now(def->type, t, *def, group, member ? *member : absent, slot,
                   lazy_path{nullptr, &path, &key, 0});
    }
  }

  // graphql-js's resolveType + ensureValidRuntimeType: the object type of an abstract value,
  // or nullptr and `why`.
  const named_type* runtime_type(const named_type& abstract, const named_type& parent_type,
                                 const field& def, const json::value& v, std::string& why) const {
    std::string name;
    if (p_.resolvers) {
      auto it = p_.resolvers->types.find(abstract.name);
      if (it != p_.resolvers->types.end())
        name = it->second(v, abstract);
    }
    if (name.empty() && v.is_object())
      if (auto* tn = v.get_object().if_contains("__typename"); tn && tn->is_string())
        name = std::string(tn->get_string());
    auto q = [](const std::string& n) { return "\"" + n + "\""; };
    auto* t = name.empty() ? nullptr : s().type(name);
    if (name.empty())
      why = "Abstract type " + q(abstract.name)
            + " must resolve to an Object type at runtime "
              "for field "
            + q(parent_type.name + "." + def.name) + ". Either the " + q(abstract.name)
            + " type should provide a \"resolveType\" function or each "
              "possible type should provide an \"isTypeOf\" function.";
    else if (!t)
      why = "Abstract type " + q(abstract.name) + " was resolved to a type " + q(name)
            + " that does not exist inside the schema.";
    else if (t->kind != type_kind::object)
      why = "Abstract type " + q(abstract.name) + " was resolved to a non-object type " + q(name)
            + ".";
    else if (!s().is_possible_type(abstract, *t))
      why = "Runtime Object type " + q(name) + " is not a possible type for " + q(abstract.name)
            + ".";
    else
      return t;
    return nullptr;
  }

  void complete_object(const named_type& t, const named_type& parent_type, const field& def,
                       const std::vector<const selection*>& nodes, value_ptr v, result_node& slot,
                       path_ptr path, done_fn done) {
    const named_type* object = &t;
    std::string why;
    if (t.is_abstract() && !(object = runtime_type(t, parent_type, def, *v, why))) {
      field_error(path, *nodes.front(), why, nullptr);
      return done();
    }
    auto fields = collected(*object, nodes);
    run_fields(*object, std::move(v), fields, slot, path, false, [fields, done] { done(); });
  }

  // CollectFields of `nodes` on `object`, once per execution (every item of a list has the same
  // selections, and the variables that @skip/@include read do not change).
  std::shared_ptr<grouped> collected(const named_type& object, const std::vector<const selection*>& nodes) {
    std::lock_guard<std::mutex> lock(collected_mutex_);
    auto& slot = collected_[{&object, &nodes}];
    if (!slot) {
      slot = std::make_shared<grouped>();
      std::set<std::string> visited;
      for (auto* n : nodes)
        collect(object, n->selections, *slot, visited);
    }
    return slot;
  }

  void record(error e) {
    std::lock_guard<std::mutex> lock(errors_mutex_);
    errors_.push_back(std::move(e));
  }

  std::mutex collected_mutex_;
  std::map<std::pair<const named_type*, const void*>, std::shared_ptr<grouped>> collected_;
  std::map<std::pair<const named_type*, const void*>, bool> resolver_free_;

  void field_error(const path_ptr& path, const selection& node, std::string message,
                   const char* code) {
    error e = make_error(std::move(message), node.loc, code);
    e.path = to_vector(path);
    record(std::move(e));
  }

  void resolver_error(const path_ptr& path, const selection& node, const caf::error& err) {
    auto code = code_of(err);
    bool show = code && *code != errc::storage && *code != errc::corrupt;
    field_error(path, node, show ? message_of(err) : "Internal error.", code_for(err));
  }

  // False when the value is null in a non-null position (the parent must become null).
  static bool build(result_node& n, json::value& out) {
    switch (n.k) {
      case result_node::kind::null:
        out = nullptr;
        return !n.non_null;
      case result_node::kind::leaf:
        out = std::move(n.leaf);
        return true;
      case result_node::kind::list: {
        json::array arr;
        arr.reserve(n.items.size());
        for (auto& item : n.items) {
          json::value v;
          if (!build(*item, v)) {
            out = nullptr;
            return !n.non_null;
          }
          arr.push_back(std::move(v));
        }
        out = std::move(arr);
        return true;
      }
      case result_node::kind::object: {
        json::object obj;
        obj.reserve(n.fields.size());
        for (auto& [key, child] : n.fields) {
          json::value v;
          if (!build(*child, v)) {
            out = nullptr;
            return !n.non_null;
          }
          obj[key] = std::move(v);
        }
        out = std::move(obj);
        return true;
      }
    }
    return true;
  }

  // The position of an error's path in the response, so that errors are listed in response
  // order whichever thread finished first (the order graphql-js gives when nothing waits).
  std::vector<std::size_t> order_key(const error& e) const {
    std::vector<std::size_t> key;
    const result_node* node = &root_;
    for (auto& seg : e.path) {
      std::size_t index = 0;
      if (auto* name = std::get_if<std::string>(&seg)) {
        while (node && index < node->fields.size() && node->fields[index].first != *name)
          ++index;
        node = node && index < node->fields.size() ? node->fields[index].second.get() : nullptr;
      } else {
        index = std::get<std::size_t>(seg);
        node = node && index < node->items.size() ? node->items[index].get() : nullptr;
      }
      key.push_back(index);
    }
    return key;
  }

  void finish(bool with_data) {
    json::object response;
    {
      std::lock_guard<std::mutex> lock(errors_mutex_);
      std::vector<std::pair<std::vector<std::size_t>, const error*>> sorted;
      for (auto& e : errors_)
        sorted.emplace_back(order_key(e), &e);
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](auto& a, auto& b) { return a.first < b.first; });
      if (!errors_.empty()) {
        json::array errs;
        for (auto& [key, e] : sorted)
          errs.push_back(e->to_json());
        response["errors"] = std::move(errs);
      }
    }
    if (with_data) {
      json::value data;
      build(root_, data);
      response["data"] = std::move(data);
    }
    auto done = std::move(done_);
    done(std::move(response));
  }

  execution_params p_;
  std::function<void(json::object)> done_;
  std::map<std::string, const fragment_definition*, std::less<>> fragments_;
  result_node root_;
  std::mutex errors_mutex_;
  std::vector<error> errors_;
};

} // namespace

void execute(execution_params params, std::function<void(json::object)> done) {
  auto e = std::make_shared<execution>(std::move(params), std::move(done));
  e->start();
}

} // namespace colors::graphql
