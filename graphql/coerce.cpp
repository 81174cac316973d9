#include "graphql/coerce.hpp"

#include "graphql/printer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace colors::graphql {
namespace json = boost::json;

namespace {

bool digits(std::string_view t, std::size_t pos, std::size_t n) {
  if (pos + n > t.size())
    return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (t[i] < '0' || t[i] > '9')
      return false;
  return true;
}

std::optional<int64_t> integral(const json::value& v) {
  if (v.is_int64())
    return v.get_int64();
  if (v.is_uint64())
    return v.get_uint64() <= INT64_MAX ? std::optional<int64_t>(v.get_uint64()) : std::nullopt;
  if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e18)
      return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::string show(const json::value& v) {
  return json::serialize(v);
}

// Leaf coercion of a JSON value (variables) to a scalar or enum.
std::optional<json::value> coerce_leaf(const named_type& t, const json::value& v,
                                       std::string& why) {
  if (t.kind == type_kind::enum_) {
    if (v.is_string() && t.find_enum_value(std::string_view(v.get_string())))
      return v;
    why = "Value " + show(v) + " does not exist in \"" + t.name + "\" enum.";
    return std::nullopt;
  }
  if (t.name == "Int") {
    auto i = integral(v);
    if (i && *i >= INT32_MIN && *i <= INT32_MAX)
      return json::value(*i);
    why = "Int cannot represent non-integer value: " + show(v);
    return std::nullopt;
  }
  if (t.name == "Float") {
    if (v.is_number())
      return json::value(v.to_number<double>());
    why = "Float cannot represent non numeric value: " + show(v);
    return std::nullopt;
  }
  if (t.name == "String") {
    if (v.is_string())
      return v;
    why = "String cannot represent a non string value: " + show(v);
    return std::nullopt;
  }
  if (t.name == "Boolean") {
    if (v.is_bool())
      return v;
    why = "Boolean cannot represent a non boolean value: " + show(v);
    return std::nullopt;
  }
  if (t.name == "ID") {
    if (v.is_string())
      return v;
    if (auto i = integral(v); i && !v.is_double())
      return json::value(std::to_string(*i));
    why = "ID cannot represent value: " + show(v);
    return std::nullopt;
  }
  if (t.name == "DateTime") {
    if (v.is_string() && is_rfc3339(v.get_string()))
      return v;
    why = "DateTime cannot represent an invalid date-time string: " + show(v);
    return std::nullopt;
  }
  return v; // other custom scalars pass through
}

// A literal scalar as JSON, before leaf coercion.
json::value literal_json(const value& l) {
  switch (l.kind) {
    case value_kind::int_: {
      long long i = 0;
      auto [p, ec] = std::from_chars(l.text.data(), l.text.data() + l.text.size(), i);
      if (ec == std::errc())
        return json::value(static_cast<int64_t>(i));
      return json::value(std::strtod(l.text.c_str(), nullptr));
    }
    case value_kind::float_:
      return json::value(std::strtod(l.text.c_str(), nullptr));
    case value_kind::string:
      return json::value(l.text);
    case value_kind::boolean:
      return json::value(l.text == "true");
    default:
      return json::value(nullptr);
  }
}

} // namespace

bool is_rfc3339(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  if (!digits(t, 0, 4) || t.size() < 20 || t[4] != '-' || !digits(t, 5, 2) || t[7] != '-'
      || !digits(t, 8, 2) || (t[10] != 'T' && t[10] != 't') || !digits(t, 11, 2) || t[13] != ':'
      || !digits(t, 14, 2) || t[16] != ':' || !digits(t, 17, 2))
    return false;
  int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
  int hour = (t[11] - '0') * 10 + (t[12] - '0'), minute = (t[14] - '0') * 10 + (t[15] - '0');
  int second = (t[17] - '0') * 10 + (t[18] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return false;
  std::size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    std::size_t start = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9')
      ++i;
    if (i == start)
      return false;
  }
  if (i < t.size() && (t[i] == 'Z' || t[i] == 'z'))
    return i + 1 == t.size();
  return i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && digits(t, i + 1, 2) && t[i + 3] == ':'
         && digits(t, i + 4, 2);
}

namespace {

// Where coercion of a JSON value failed, as graphql-js reports it: the offending value and
// its path below the variable (`in.price`, `ids[2]`).
struct failure {
  std::string why;
  std::string path;
  json::value value;
};

std::optional<json::value> fail_at(failure& f, std::string why, const std::string& path,
                                   const json::value& v) {
  f.why = std::move(why);
  f.path = path;
  f.value = v;
  return std::nullopt;
}

std::optional<json::value> coerce_object(const schema& s, const named_type& t, const json::value& v,
                                         const std::string& path, failure& f);

std::optional<json::value> coerce_at(const schema& s, const json::value& v, const type_ref& type,
                                     const std::string& path, failure& f) {
  if (type.is_non_null()) {
    if (v.is_null())
      return fail_at(f, "Expected non-nullable type \"" + to_string(type) + "\" not to be null.",
                     path, v);
    return coerce_at(s, v, *type.of, path, f);
  }
  if (v.is_null())
    return json::value(nullptr);
  if (type.is_list()) {
    json::array out;
    if (!v.is_array()) {
      auto item = coerce_at(s, v, *type.of, path, f);
      if (!item)
        return std::nullopt;
      out.push_back(std::move(*item));
      return json::value(std::move(out));
    }
    std::size_t i = 0;
    for (auto& item : v.get_array()) {
      auto c = coerce_at(s, item, *type.of, path + "[" + std::to_string(i++) + "]", f);
      if (!c)
        return std::nullopt;
      out.push_back(std::move(*c));
    }
    return json::value(std::move(out));
  }
  auto* t = s.type(type.name);
  if (!t)
    return fail_at(f, "Unknown type \"" + type.name + "\".", path, v);
  if (t->kind == type_kind::input_object)
    return coerce_object(s, *t, v, path, f);
  std::string why;
  if (auto c = coerce_leaf(*t, v, why))
    return c;
  return fail_at(f, why, path, v);
}

std::optional<json::value> coerce_object(const schema& s, const named_type& t, const json::value& v,
                                         const std::string& path, failure& f) {
  if (!v.is_object())
    return fail_at(f, "Expected type \"" + t.name + "\" to be an object.", path, v);
  auto& obj = v.get_object();
  json::object out;
  for (auto& fd : t.input_fields) {
    auto it = obj.find(fd.name);
    if (it != obj.end()) {
      auto c = coerce_at(s, it->value(), fd.type, path + "." + fd.name, f);
      if (!c)
        return std::nullopt;
      out[fd.name] = std::move(*c);
    } else if (fd.default_value) {
      std::string why;
      auto c = coerce_literal(s, *fd.default_value, fd.type, {}, why);
      if (!c)
        return fail_at(f, why, path, v);
      out[fd.name] = std::move(*c);
    } else if (fd.type.is_non_null()) {
      return fail_at(f,
                     "Field \"" + fd.name + "\" of required type \"" + to_string(fd.type)
                         + "\" was not provided.",
                     path, v);
    }
  }
  for (auto& kv : obj)
    if (!t.find_input_field(std::string_view(kv.key())))
      return fail_at(
          f, "Field \"" + std::string(kv.key()) + "\" is not defined by type \"" + t.name + "\".",
          path, v);
  return json::value(std::move(out));
}

} // namespace

std::optional<json::value> coerce_input(const schema& s, const json::value& v, const type_ref& type,
                                        std::string& why) {
  failure f;
  auto out = coerce_at(s, v, type, "", f);
  if (!out)
    why = f.why;
  return out;
}

std::optional<json::value> coerce_literal(const schema& s, const value& l, const type_ref& type,
                                          const json::object& variables, std::string& why) {
  if (l.kind == value_kind::variable) {
    auto it = variables.find(l.text);
    if (it == variables.end()) {
      if (type.is_non_null()) {
        why = "Variable \"$" + l.text + "\" was not provided for a non-null position.";
        return std::nullopt;
      }
      return json::value(nullptr);
    }
    if (type.is_non_null() && it->value().is_null()) {
      why = "Variable \"$" + l.text + "\" must not be null here.";
      return std::nullopt;
    }
    return it->value();
  }
  if (type.is_non_null()) {
    if (l.kind == value_kind::null) {
      why = "Expected value of type \"" + to_string(type) + "\", found null.";
      return std::nullopt;
    }
    return coerce_literal(s, l, *type.of, variables, why);
  }
  if (l.kind == value_kind::null)
    return json::value(nullptr);
  if (type.is_list()) {
    json::array out;
    if (l.kind != value_kind::list) {
      auto item = coerce_literal(s, l, *type.of, variables, why);
      if (!item)
        return std::nullopt;
      out.push_back(std::move(*item));
      return json::value(std::move(out));
    }
    for (auto& item : l.items) {
      auto c = coerce_literal(s, item, *type.of, variables, why);
      if (!c)
        return std::nullopt;
      out.push_back(std::move(*c));
    }
    return json::value(std::move(out));
  }
  auto* t = s.type(type.name);
  if (!t) {
    why = "Unknown type \"" + type.name + "\".";
    return std::nullopt;
  }
  if (t->kind == type_kind::input_object) {
    if (l.kind != value_kind::object) {
      why = "Expected value of type \"" + t->name + "\", found " + print_value(l) + ".";
      return std::nullopt;
    }
    json::object out;
    for (auto& f : t->input_fields) {
      const value* given = nullptr;
      for (auto& lf : l.fields)
        if (lf.name == f.name)
          given = &lf.val;
      bool absent =
          !given || (given->kind == value_kind::variable && !variables.contains(given->text));
      if (!absent) {
        auto c = coerce_literal(s, *given, f.type, variables, why);
        if (!c)
          return std::nullopt;
        out[f.name] = std::move(*c);
      } else if (f.default_value) {
        auto c = coerce_literal(s, *f.default_value, f.type, {}, why);
        if (!c)
          return std::nullopt;
        out[f.name] = std::move(*c);
      } else if (f.type.is_non_null()) {
        why = "Field \"" + t->name + "." + f.name + "\" of required type \"" + to_string(f.type)
              + "\" was not provided.";
        return std::nullopt;
      }
    }
    return json::value(std::move(out));
  }
  if (t->kind == type_kind::enum_) {
    if (l.kind == value_kind::enum_ && t->find_enum_value(l.text))
      return json::value(l.text);
    why = "Value " + print_value(l) + " does not exist in \"" + t->name + "\" enum.";
    return std::nullopt;
  }
  if (l.kind == value_kind::list || l.kind == value_kind::object || l.kind == value_kind::enum_) {
    why = "Expected value of type \"" + t->name + "\", found " + print_value(l) + ".";
    return std::nullopt;
  }
  if (t->name == "Int" && l.kind != value_kind::int_) {
    why = "Int cannot represent non-integer value: " + print_value(l);
    return std::nullopt;
  }
  if (t->name == "ID" && l.kind == value_kind::int_)
    return json::value(l.text);
  if (t->name == "ID" && l.kind != value_kind::string) {
    why = "ID cannot represent value: " + print_value(l);
    return std::nullopt;
  }
  return coerce_leaf(*t, literal_json(l), why);
}

std::vector<error> coerce_variables(const schema& s, const operation_definition& op,
                                    const json::object& given, json::object& out) {
  std::vector<error> errors;
  auto fail = [&](const variable_definition& v, std::string message) {
    errors.push_back(make_error(std::move(message), v.loc, codes::bad_user_input));
  };
  for (auto& v : op.variables) {
    std::string name = "Variable \"$" + v.name + "\"";
    auto it = given.find(v.name);
    std::string why;
    if (it == given.end()) {
      if (v.default_value) {
        if (auto c = coerce_literal(s, *v.default_value, v.type, {}, why))
          out[v.name] = std::move(*c);
        else
          fail(v, name + " has an invalid default value: " + why);
      } else if (v.type.is_non_null()) {
        fail(v, name + " of required type \"" + to_string(v.type) + "\" was not provided.");
      }
      continue;
    }
    if (it->value().is_null() && v.type.is_non_null()) {
      fail(v, name + " of non-null type \"" + to_string(v.type) + "\" must not be null.");
      continue;
    }
    failure f;
    if (auto c = coerce_at(s, it->value(), v.type, v.name, f))
      out[v.name] = std::move(*c);
    else
      fail(v, name + " got invalid value " + inspect(f.value)
                  + (f.path == v.name ? "" : " at \"" + f.path + "\"") + "; " + f.why);
  }
  return errors;
}

std::optional<std::string> coerce_arguments(const schema& s, const std::vector<input_value>& defs,
                                            const std::vector<argument>& given,
                                            const json::object& variables, json::object& out) {
  for (auto& d : defs) {
    const argument* arg = nullptr;
    for (auto& a : given)
      if (a.name == d.name)
        arg = &a;
    std::string label = "Argument \"" + d.name + "\"";
    bool missing_var =
        arg && arg->val.kind == value_kind::variable && !variables.contains(arg->val.text);
    std::string why;
    if (!arg || missing_var) {
      if (d.default_value) {
        if (auto c = coerce_literal(s, *d.default_value, d.type, {}, why))
          out[d.name] = std::move(*c);
        else
          return label + " has an invalid default value: " + why;
      } else if (d.type.is_non_null()) {
        return label + " of required type \"" + to_string(d.type) + "\" was not provided.";
      }
      continue;
    }
    auto c = coerce_literal(s, arg->val, d.type, variables, why);
    if (!c)
      return label + " has invalid value " + print_value(arg->val) + ": " + why;
    out[d.name] = std::move(*c);
  }
  return std::nullopt;
}

} // namespace colors::graphql
