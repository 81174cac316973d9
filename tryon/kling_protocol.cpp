#include "tryon/kling_protocol.hpp"

#include "common/errc.hpp"

namespace colors::tryon {

namespace json = boost::json;

namespace {

caf::error bad(std::string what) {
  return make_error(errc::invalid_argument, "Kling protocol: " + std::move(what));
}

// The string member `key`: nullopt when absent or null, an error when of another type.
caf::expected<std::optional<std::string>> optional_string(const json::object& o,
                                                          std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null())
    return std::optional<std::string>{};
  if (!v->is_string())
    return bad(std::string{key} + " must be a string");
  return std::optional<std::string>{std::string{v->get_string()}};
}

std::optional<int64_t> integer_of(const json::value* v) {
  if (!v)
    return std::nullopt;
  if (v->is_int64())
    return v->get_int64();
  if (v->is_uint64())
    return static_cast<int64_t>(v->get_uint64());
  if (v->is_double())
    return static_cast<int64_t>(v->get_double());
  if (v->is_string()) { // some gateways stringify numbers
    try {
      return std::stoll(std::string{v->get_string()});
    } catch (...) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

int64_t integer_or(const json::object& o, std::string_view key, int64_t fallback) {
  return integer_of(o.if_contains(key)).value_or(fallback);
}

std::string string_or_empty(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string{v->get_string()} : std::string{};
}

std::vector<result_image> images_of(const json::object& task) {
  std::vector<result_image> out;
  const auto* result = task.if_contains("task_result");
  if (!result || !result->is_object())
    return out;
  const auto* images = result->get_object().if_contains("images");
  if (!images || !images->is_array())
    return out;
  for (const auto& item : images->get_array())
    if (item.is_object())
      out.push_back({integer_or(item.get_object(), "index", int64_t(out.size())),
                     string_or_empty(item.get_object(), "url")});
  return out;
}

std::optional<std::string> external_id_of(const json::object& task) {
  const auto* info = task.if_contains("task_info");
  if (!info || !info->is_object())
    return std::nullopt;
  const auto* ext = info->get_object().if_contains("external_task_id");
  if (!ext || !ext->is_string() || ext->get_string().empty())
    return std::nullopt;
  return std::string{ext->get_string()};
}

} // namespace

bool is_known_model(std::string_view model_name) {
  return model_name == kling_model_v1 || model_name == kling_model_v1_5;
}

std::string_view to_string(task_status s) {
  switch (s) {
    case task_status::submitted:
      return "submitted";
    case task_status::processing:
      return "processing";
    case task_status::succeed:
      return "succeed";
    case task_status::failed:
      return "failed";
  }
  return "failed";
}

std::optional<task_status> parse_task_status(std::string_view text) {
  for (auto s :
       {task_status::submitted, task_status::processing, task_status::succeed, task_status::failed})
    if (to_string(s) == text)
      return s;
  return std::nullopt;
}

json::object to_json(const create_task_request& r) {
  json::object o{
      {"model_name", r.model_name}, {"human_image", r.human_image}, {"cloth_image", r.cloth_image}};
  if (r.callback_url)
    o["callback_url"] = *r.callback_url;
  if (r.external_task_id)
    o["external_task_id"] = *r.external_task_id;
  return o;
}

caf::expected<create_task_request> parse_create_task_request(const json::value& v) {
  if (!v.is_object())
    return bad("the request body must be a JSON object");
  const auto& o = v.get_object();
  create_task_request r;
  auto model = optional_string(o, "model_name");
  auto human = optional_string(o, "human_image");
  auto cloth = optional_string(o, "cloth_image");
  auto callback = optional_string(o, "callback_url");
  auto external = optional_string(o, "external_task_id");
  for (const auto* field : {&model, &human, &cloth, &callback, &external})
    if (!*field)
      return field->error();
  if (*model && !(*model)->empty())
    r.model_name = **model;
  r.human_image = human->value_or("");
  r.cloth_image = cloth->value_or("");
  if (*callback && !(*callback)->empty())
    r.callback_url = **callback;
  if (*external && !(*external)->empty())
    r.external_task_id = **external;
  return r;
}

json::object to_json(const kling_task& t) {
  json::object o{{"task_id", t.task_id},
                 {"task_status", to_string(t.status)},
                 {"task_status_msg", t.status_msg},
                 {"created_at", t.created_at},
                 {"updated_at", t.updated_at}};
  if (!t.images.empty()) {
    json::array images;
    for (const auto& img : t.images)
      images.push_back(json::object{{"index", img.index}, {"url", img.url}});
    o["task_result"] = json::object{{"images", std::move(images)}};
  }
  json::object info;
  if (t.external_task_id)
    info["external_task_id"] = *t.external_task_id;
  o["task_info"] = std::move(info);
  return o;
}

caf::expected<kling_task> parse_task(const json::value& v) {
  if (!v.is_object())
    return bad("a task must be a JSON object");
  const auto& o = v.get_object();
  const auto* id = o.if_contains("task_id");
  if (!id || !id->is_string() || id->get_string().empty())
    return bad("a task needs a string task_id");
  const auto* status = o.if_contains("task_status");
  auto parsed =
      status && status->is_string() ? parse_task_status(status->get_string()) : std::nullopt;
  if (!parsed)
    return bad("unknown task_status");
  kling_task t;
  t.task_id = std::string{id->get_string()};
  t.status = *parsed;
  t.status_msg = string_or_empty(o, "task_status_msg");
  t.created_at = integer_or(o, "created_at", 0);
  t.updated_at = integer_or(o, "updated_at", t.created_at);
  t.images = images_of(o);
  t.external_task_id = external_id_of(o);
  return t;
}

caf::expected<std::vector<kling_task>> parse_task_list(const json::value& v) {
  if (!v.is_array())
    return bad("a task list must be a JSON array");
  std::vector<kling_task> out;
  for (const auto& item : v.get_array()) {
    auto t = parse_task(item);
    if (!t)
      return t.error();
    out.push_back(std::move(*t));
  }
  return out;
}

std::string to_body(const kling_envelope& e) {
  json::object o{{"code", e.code}, {"message", e.message}, {"request_id", e.request_id}};
  if (!e.data.is_null())
    o["data"] = e.data;
  return json::serialize(o);
}

caf::expected<kling_envelope> parse_envelope(std::string_view body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object())
    return bad("the response body is not a JSON object");
  const auto& o = v.get_object();
  auto code = integer_of(o.if_contains("code"));
  if (!code)
    return bad("the response has no integer code");
  kling_envelope e;
  e.code = static_cast<int>(*code);
  e.message = string_or_empty(o, "message");
  e.request_id = string_or_empty(o, "request_id");
  if (const auto* data = o.if_contains("data"))
    e.data = *data;
  return e;
}

} // namespace colors::tryon
