// OverlappingFieldsCanBeMerged, following graphql-js's algorithm: fields with one response
// name must be the same field with the same arguments unless their parents are mutually
// exclusive object types, and must never return conflicting shapes.
#include "graphql/printer.hpp"
#include "graphql/validate_context.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

namespace colors::graphql::detail {
namespace {

struct field_entry {
  const named_type* parent;
  const selection* node;
  const field* def;
};

struct collected {
  std::vector<std::pair<std::string, std::vector<field_entry>>> groups; // in first-seen order
  std::vector<std::string> fragment_names;
  std::map<std::string, bool> compared_fragments; // fragment -> compared as exclusive
};

struct conflict {
  std::string response_name;
  std::string reason;
  std::vector<location> locs;
};

bool same_arguments(const selection& a, const selection& b) {
  if (a.arguments.size() != b.arguments.size())
    return false;
  for (auto& a1 : a.arguments) {
    const argument* match = nullptr;
    for (auto& a2 : b.arguments)
      if (a2.name == a1.name)
        match = &a2;
    if (!match || print_value(a1.val, true) != print_value(match->val, true))
      return false;
  }
  return true;
}

class overlap_checker {
public:
  explicit overlap_checker(validation_context& ctx) : ctx_(ctx) {}

  std::vector<conflict> within(const named_type* parent, const selection_set& set) {
    std::vector<conflict> out;
    auto& c = fields_of(parent, set);
    for (auto& [name, entries] : c.groups)
      for (std::size_t i = 0; i < entries.size(); ++i)
        for (std::size_t j = i + 1; j < entries.size(); ++j)
          add(out, find_conflict(false, name, entries[i], entries[j]));
    if (c.fragment_names.empty() || (c.groups.empty() && c.fragment_names.size() < 2))
      return out;
    auto names = c.fragment_names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      between_fields_and_fragment(out, false, c, names[i]);
      for (std::size_t j = i + 1; j < names.size(); ++j)
        between_fragments(out, false, names[i], names[j]);
    }
    return out;
  }

private:
  static void add(std::vector<conflict>& out, std::optional<conflict> c) {
    if (c)
      out.push_back(std::move(*c));
  }

  const schema& s() const { return ctx_.schema_ref(); }

  collected& fields_of(const named_type* parent, const selection_set& set) {
    auto key = std::make_pair(parent, &set);
    auto it = cache_.find(key);
    if (it != cache_.end())
      return *it->second;
    auto c = std::make_unique<collected>();
    collect(parent, set, *c);
    return *cache_.emplace(key, std::move(c)).first->second;
  }

  void collect(const named_type* parent, const selection_set& set, collected& c) {
    for (auto& sel : set) {
      if (sel.kind == selection_kind::field) {
        const field* def = nullptr;
        if (parent && (parent->kind == type_kind::object || parent->kind == type_kind::interface))
          def = parent->find_field(sel.name);
        auto& name = sel.response_name();
        auto g = std::find_if(c.groups.begin(), c.groups.end(),
                              [&](auto& p) { return p.first == name; });
        if (g == c.groups.end())
          g = c.groups.insert(c.groups.end(), {name, {}});
        g->second.push_back({parent, &sel, def});
      } else if (sel.kind == selection_kind::fragment_spread) {
        if (std::find(c.fragment_names.begin(), c.fragment_names.end(), sel.name)
            == c.fragment_names.end())
          c.fragment_names.push_back(sel.name);
      } else {
        auto* t = sel.type_condition.empty() ? parent : s().type(sel.type_condition);
        collect(t, sel.selections, c);
      }
    }
  }

  collected* fragment_fields(const std::string& name) {
    auto* f = ctx_.fragment(name);
    if (!f)
      return nullptr;
    return &fields_of(s().type(f->type_condition), f->selections);
  }

  void between(std::vector<conflict>& out, bool exclusive, collected& a, collected& b) {
    for (auto& [name, entries1] : a.groups)
      for (auto& [name2, entries2] : b.groups)
        if (name == name2)
          for (auto& e1 : entries1)
            for (auto& e2 : entries2)
              add(out, find_conflict(exclusive, name, e1, e2));
  }

  void between_fields_and_fragment(std::vector<conflict>& out, bool exclusive, collected& c,
                                   const std::string& fragment) {
    if (c.groups.empty())
      return;
    auto it = c.compared_fragments.find(fragment);
    if (it != c.compared_fragments.end() && (!it->second || exclusive))
      return;
    c.compared_fragments[fragment] = exclusive;
    auto* other = fragment_fields(fragment);
    if (!other || other == &c)
      return;
    between(out, exclusive, c, *other);
    auto refs = other->fragment_names;
    for (auto& r : refs)
      between_fields_and_fragment(out, exclusive, c, r);
  }

  bool pair_seen(const std::string& a, const std::string& b, bool exclusive) {
    auto key = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
    auto it = compared_pairs_.find(key);
    if (it == compared_pairs_.end())
      return false;
    return exclusive ? true : it->second == exclusive;
  }

  void between_fragments(std::vector<conflict>& out, bool exclusive, const std::string& f1,
                         const std::string& f2) {
    if (f1 == f2 || pair_seen(f1, f2, exclusive))
      return;
    compared_pairs_[f1 < f2 ? std::make_pair(f1, f2) : std::make_pair(f2, f1)] = exclusive;
    auto* c1 = fragment_fields(f1);
    auto* c2 = fragment_fields(f2);
    if (!c1 || !c2)
      return;
    between(out, exclusive, *c1, *c2);
    auto refs2 = c2->fragment_names;
    for (auto& r : refs2)
      between_fragments(out, exclusive, f1, r);
    auto refs1 = c1->fragment_names;
    for (auto& r : refs1)
      between_fragments(out, exclusive, r, f2);
  }

  bool types_conflict(const type_ref& a, const type_ref& b) const {
    if (a.is_list() || b.is_list())
      return !(a.is_list() && b.is_list()) || types_conflict(*a.of, *b.of);
    if (a.is_non_null() || b.is_non_null())
      return !(a.is_non_null() && b.is_non_null()) || types_conflict(*a.of, *b.of);
    auto* ta = s().type(a.name);
    auto* tb = s().type(b.name);
    if ((ta && ta->is_leaf()) || (tb && tb->is_leaf()))
      return a.name != b.name;
    return false;
  }

  std::vector<conflict> between_sub_selections(bool exclusive, const named_type* p1,
                                               const selection_set& s1, const named_type* p2,
                                               const selection_set& s2) {
    std::vector<conflict> out;
    auto& c1 = fields_of(p1, s1);
    auto& c2 = fields_of(p2, s2);
    between(out, exclusive, c1, c2);
    auto names1 = c1.fragment_names;
    auto names2 = c2.fragment_names;
    for (auto& f : names2)
      between_fields_and_fragment(out, exclusive, c1, f);
    for (auto& f : names1)
      between_fields_and_fragment(out, exclusive, c2, f);
    for (auto& f1 : names1)
      for (auto& f2 : names2)
        between_fragments(out, exclusive, f1, f2);
    return out;
  }

  std::optional<conflict> find_conflict(bool parents_exclusive, const std::string& name,
                                        const field_entry& a, const field_entry& b) {
    bool exclusive =
        parents_exclusive
        || (a.parent != b.parent && a.parent && b.parent && a.parent->kind == type_kind::object
            && b.parent->kind == type_kind::object);
    auto fail = [&](std::string reason) {
      return conflict{name, std::move(reason), {a.node->loc, b.node->loc}};
    };
    if (!exclusive) {
      if (a.node->name != b.node->name)
        return fail("\"" + a.node->name + "\" and \"" + b.node->name + "\" are different fields");
      if (!same_arguments(*a.node, *b.node))
        return fail("they have differing arguments");
    }
    if (a.def && b.def && types_conflict(a.def->type, b.def->type))
      return fail("they return conflicting types \"" + to_string(a.def->type) + "\" and \""
                  + to_string(b.def->type) + "\"");
    if (!a.node->has_selection_set || !b.node->has_selection_set)
      return std::nullopt;
    auto sub = between_sub_selections(
        exclusive, a.def ? s().type(a.def->type.named()) : nullptr, a.node->selections,
        b.def ? s().type(b.def->type.named()) : nullptr, b.node->selections);
    if (sub.empty())
      return std::nullopt;
    conflict c{name, "subfields conflict", {a.node->loc, b.node->loc}};
    for (auto& x : sub) {
      c.reason += " (\"" + x.response_name + "\": " + x.reason + ")";
      c.locs.insert(c.locs.end(), x.locs.begin(), x.locs.end());
    }
    return c;
  }

  validation_context& ctx_;
  std::map<std::pair<const named_type*, const selection_set*>, std::unique_ptr<collected>> cache_;
  std::map<std::pair<std::string, std::string>, bool> compared_pairs_;
};

struct overlap_rule : visitor {
  validation_context& ctx;
  overlap_checker checker;
  explicit overlap_rule(validation_context& c) : ctx(c), checker(c) {}

  void enter_selection_set(const selection_set& set, const named_type* parent) override {
    for (auto& c : checker.within(parent, set))
      ctx.report("Fields \"" + c.response_name + "\" conflict because " + c.reason
                     + ". Use different aliases on the fields to fetch both if this was "
                       "intentional.",
                 c.locs);
  }
};

} // namespace

void check_overlap(validation_context& ctx) {
  overlap_rule rule(ctx);
  walk(ctx, rule);
}

} // namespace colors::graphql::detail
