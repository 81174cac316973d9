// Argument rules: KnownArgumentNames, UniqueArgumentNames, ProvidedRequiredArguments (fields
// and directives).
#include "graphql/validate_context.hpp"

#include <map>

namespace colors::graphql::detail {
namespace {

struct argument_rules : visitor {
  validation_context& ctx;
  explicit argument_rules(validation_context& c) : ctx(c) {}

  void enter_arguments(const std::vector<argument>& args, const std::vector<input_value>* defs,
                       const std::string& owner, bool is_directive, location loc) override {
    unique(args);
    if (!defs)
      return;
    known(args, *defs, owner, is_directive);
    required(args, *defs, owner, is_directive, loc);
  }

  void unique(const std::vector<argument>& args) {
    std::map<std::string_view, location> seen;
    for (auto& a : args) {
      auto [it, fresh] = seen.emplace(a.name, a.loc);
      if (!fresh)
        ctx.report("There can be only one argument named \"" + a.name + "\".", {it->second, a.loc});
    }
  }

  static const input_value* find(const std::vector<input_value>& defs, std::string_view name) {
    for (auto& d : defs)
      if (d.name == name)
        return &d;
    return nullptr;
  }

  void known(const std::vector<argument>& args, const std::vector<input_value>& defs,
             const std::string& owner, bool is_directive) {
    for (auto& a : args)
      if (!find(defs, a.name))
        ctx.report("Unknown argument \"" + a.name + "\" on "
                       + (is_directive ? "directive \"" : "field \"") + owner + "\".",
                   {a.loc});
  }

  void required(const std::vector<argument>& args, const std::vector<input_value>& defs,
                const std::string& owner, bool is_directive, location loc) {
    for (auto& d : defs) {
      if (!d.type.is_non_null() || d.default_value)
        continue;
      bool given = false;
      for (auto& a : args)
        given = given || a.name == d.name;
      if (given)
        continue;
      std::string who = is_directive ? "Directive \"" + owner + "\""
                                     : "Field \"" + owner.substr(owner.find('.') + 1) + "\"";
      ctx.report(who + " argument \"" + d.name + "\" of type \"" + to_string(d.type)
                     + "\" is required, but it was not provided.",
                 {loc});
    }
  }
};

} // namespace

void check_arguments(validation_context& ctx) {
  argument_rules rules(ctx);
  walk(ctx, rules);
}

} // namespace colors::graphql::detail
