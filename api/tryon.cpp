#include "api/tryon.hpp"

#include "actors/ask.hpp"
#include "actors/atoms.hpp"
#include "api/context.hpp"
#include "api/catalog_views.hpp"
#include "api/guard.hpp"
#include "api/product_commands.hpp"
#include "api/tryon_views.hpp"
#include "api/views.hpp"
#include "common/bytes.hpp"
#include "common/clock.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "identity/policy.hpp"

#include <algorithm>

namespace colors::api {

namespace {

namespace json = boost::json;
namespace t = domain::tryon_task;
using graphql::resolve_done;
using graphql::resolve_info;
using events::TryOnTaskState;

constexpr size_t max_limit = 100;
constexpr size_t max_key_length = 128;
constexpr int cancelled_code = -20;

void fetch_task(const tryon_api& api, const std::string& id, identity::done_fn<TryOnTaskState> done) {
  actors::ask<TryOnTaskState>(*api.catalog.sys, api.tasks, api.timeout, std::move(done),
                              actors::query_atom::value, id);
}

void command_task(const tryon_api& api, const std::string& id, events::TryOnTaskCommand cmd,
                  identity::done_fn<TryOnTaskState> done) {
  actors::ask<TryOnTaskState>(*api.catalog.sys, api.tasks, api.timeout, std::move(done),
                              actors::command_atom::value, id, std::move(cmd));
}

events::TryOnTaskCommand task_command() {
  events::TryOnTaskCommand cmd;
  cmd.set_now(unix_millis());
  return cmd;
}

json::object user_error(const char* result_field, json::array field, const char* code,
                        std::string message) {
  json::object e{{"field", std::move(field)}, {"message", std::move(message)}, {"code", code}};
  return {{result_field, nullptr}, {"userErrors", json::array{std::move(e)}}};
}

json::object create_error(const char* field, const char* code, std::string message) {
  return user_error("task", json::array{"input", field}, code, std::move(message));
}

json::object task_payload(const TryOnTaskState& s) {
  return {{"task", tryon_task_json(s)}, {"userErrors", json::array{}}};
}

// Answers `done` with the task's payload, or the error.
identity::done_fn<TryOnTaskState> answer_with_task(resolve_done done) {
  return [done = std::move(done)](caf::expected<TryOnTaskState> s) {
    if (!s)
      return done(s.error());
    done(json::value(task_payload(*s)));
  };
}

// Whether the caller may see the task: its owner or a platform admin.
bool may_see(const request_context& ctx, const char* operation, const TryOnTaskState& s) {
  return t::exists(s) && !identity::authorize(ctx.caller(), operation, {s.request().user_id(), {}});
}

// Calls `then` once the read model knows the task (at most ~2 s later), so a subscription or
// list right after the mutation finds it.
void when_listed(const tryon_api& api, const std::string& id, std::function<void()> then) {
  using check_atom = caf::atom_constant<caf::atom("listed")>;
  api.catalog.sys->spawn(
    [model = api.model, id, then](caf::event_based_actor* self, int) -> caf::behavior {
      self->send(self, check_atom::value, 0);
      return {[=](check_atom, int n) {
        if (model->find(id) || n >= 400) {
          then();
          return self->quit();
        }
        self->delayed_send(self, std::chrono::milliseconds{5}, check_atom::value, n + 1);
      }};
    },
    0);
}

int64_t start_of_utc_day(int64_t unix_ms) {
  constexpr int64_t day = 24LL * 3600 * 1000;
  return unix_ms - unix_ms % day;
}

// The shopper's own photo, ready for try-on; a user error otherwise.
std::optional<json::object> check_photo(const tryon_api& api, const std::string& user,
                                        const std::string& image_id) {
  auto info = api.media->lookup(image_id);
  if (!info || info->purpose != media::media_purpose::reference || info->owner_id != user)
    return create_error("userReferenceImageId", "NOT_FOUND",
                        "You have no photo with the id " + image_id
                          + "; upload one with POST /uploads?purpose=reference.");
  if (!info->try_on_ready)
    return create_error("userReferenceImageId", "INVALID_INPUT",
                        "This photo does not meet the try-on limits (JPEG or PNG, at least 300 px "
                        "a side); upload another.");
  return std::nullopt;
}

std::optional<json::object> check_product(const events::ProductState& p,
                                          const std::string& variant_id) {
  if (!p.exists() || p.status() != "ACTIVE")
    return create_error("productId", "NOT_FOUND", "No product has the id " + p.product_id() + ".");
  if (p.fields().garment_image_id().empty())
    return create_error("productId", "INVALID_INPUT",
                        "This product cannot be tried on: it has no garment image.");
  if (variant_id.empty())
    return std::nullopt;
  auto same = [&](const events::ProductVariant& v) { return v.variant_id() == variant_id; };
  if (std::none_of(p.variants().begin(), p.variants().end(), same))
    return create_error("variantId", "NOT_FOUND", "This product has no variant " + variant_id + ".");
  return std::nullopt;
}

struct create_input {
  events::TryOnRequested request;
  std::string error_field;
  std::string error;
};

create_input read_input(const json::object& in, const std::string& user) {
  create_input out;
  auto& r = out.request;
  r.set_user_id(user);
  r.set_product_id(text_of(in, "productId"));
  r.set_variant_id(text_of(in, "variantId"));
  r.set_reference_image_id(text_of(in, "userReferenceImageId"));
  r.set_callback_secret(to_hex(random_bytes(16)));
  r.set_idempotency_key(text_of(in, "idempotencyKey"));
  // With a key, the id comes from it: two creates with the same key racing each other reach the
  // same entity, which takes the first and refuses the second as a duplicate.
  r.set_task_id(uuid_to_string(r.idempotency_key().empty()
                                 ? new_uuid()
                                 : name_uuid("tryon/" + user + "/" + r.idempotency_key())));
  auto model = kling_model_of(text_of(in, "model"));
  r.set_model(std::string{model.value_or("kolors-virtual-try-on-v1-5")});
  if (!uuid_from_string(r.product_id()))
    out = {r, "productId", "No product has the id " + r.product_id() + "."};
  else if (r.reference_image_id().empty())
    out = {r, "userReferenceImageId", "Give the id of your photo (POST /uploads?purpose=reference)."};
  else if (r.idempotency_key().size() > max_key_length)
    out = {r, "idempotencyKey", "The idempotency key has at most 128 characters."};
  return out;
}

// Records the request, then either the cached result or hands the task to the runner.
void start_task(const tryon_api& api, events::TryOnRequested request, resolve_done done) {
  auto key = projections::tryon_cache_key{request.user_id(), request.product_id(),
                                          request.variant_id(), request.reference_image_id(),
                                          request.garment_image_id(), request.model()};
  auto cached = api.cache_ttl.count() > 0 // 0: the cache is off (load tests, a re-run wanted)
                  ? api.model->cached_result(key, unix_millis() - api.cache_ttl.count())
                  : std::nullopt;
  auto id = request.task_id();
  auto cmd = task_command();
  *cmd.mutable_request() = std::move(request);
  auto respond = [api, id, done](const TryOnTaskState& s) {
    when_listed(api, id, [done, s] { done(json::value(task_payload(s))); });
  };
  bool keyed = !cmd.request().idempotency_key().empty();
  command_task(api, id, std::move(cmd), [api, id, keyed, cached, respond, done](caf::expected<TryOnTaskState> s) {
    if (!s && keyed && code_of(s.error()) == errc::duplicate) // the same key, a moment earlier
      return fetch_task(api, id, answer_with_task(done));
    if (!s)
      return done(s.error());
    if (!cached) {
      api.run(id);
      return respond(*s);
    }
    auto hit = task_command();
    hit.mutable_succeed()->set_result_image_id(cached->result_image_id);
    hit.mutable_succeed()->set_from_cache(true);
    hit.mutable_succeed()->set_source_task_id(cached->source_task_id);
    command_task(api, id, std::move(hit), [respond, done](caf::expected<TryOnTaskState> s) {
      if (!s)
        return done(s.error());
      respond(*s);
    });
  });
}

void create_task(const tryon_api& api, const resolve_info& info, const request_context& ctx,
                 resolve_done done) {
  if (auto err = identity::throttle(ctx.throttle, "tryon", ctx.throttle_key()))
    return done(err);
  auto input = read_input(info.args.at("input").as_object(), ctx.who->user_id);
  auto& r = input.request;
  if (!input.error.empty())
    return done(json::value(create_error(input.error_field.c_str(), "INVALID_INPUT", input.error)));
  if (!r.idempotency_key().empty())
    if (auto earlier = api.model->by_idempotency_key(r.user_id(), r.idempotency_key()))
      return fetch_task(api, *earlier, answer_with_task(done));
  auto hold = api.quota->hold(
    r.user_id(), r.task_id(),
    [&](const std::vector<std::string>& task_ids) {
      auto today = start_of_utc_day(unix_millis());
      auto view = api.model->requested_since(r.user_id(), today, task_ids);
      return listed_tasks{view.count, std::move(view.shown)};
    });
  if (!hold)
    return done(json::value(create_error("productId", "RATE_LIMITED",
      "You have used all " + std::to_string(api.quota->per_day())
        + " try-ons for today; more are available after midnight UTC.")));
  // The hold goes with the answer: given back once the read model lists the task (when_listed)
  // or the create failed.
  done = [hold, done = std::move(done)](graphql::field_result result) { done(std::move(result)); };
  if (auto problem = check_photo(api, r.user_id(), r.reference_image_id()))
    return done(json::value(std::move(*problem)));
  fetch_product(api.catalog, r.product_id(), [api, r, done](caf::expected<events::ProductState> p) mutable {
    if (!p)
      return done(p.error());
    p->set_product_id(r.product_id());
    if (auto problem = check_product(*p, r.variant_id()))
      return done(json::value(std::move(*problem)));
    r.set_garment_image_id(p->fields().garment_image_id());
    start_task(api, std::move(r), std::move(done));
  });
}

void cancel_task(const tryon_api& api, const resolve_info& info, const request_context& ctx,
                 resolve_done done) {
  auto id = arg_string(info, "id");
  auto who = ctx;
  auto not_found = [done, id] {
    done(json::value(user_error("task", json::array{"id"}, "NOT_FOUND", "You have no try-on task " + id + ".")));
  };
  if (!uuid_from_string(id))
    return not_found();
  fetch_task(api, id, [api, id, who, done, not_found](caf::expected<TryOnTaskState> s) {
    if (!s)
      return done(s.error());
    if (!may_see(who, "Mutation.cancelTryOnTask", *s))
      return not_found();
    if (t::is_final(*s))
      return done(json::value(user_error("task", json::array{"id"}, "CONFLICT", "This try-on task has finished already.")));
    auto cmd = task_command();
    cmd.mutable_fail()->set_code(cancelled_code);
    cmd.mutable_fail()->set_message("You cancelled this try-on.");
    cmd.mutable_fail()->set_detail("cancelled by " + who.who->user_id);
    command_task(api, id, std::move(cmd), answer_with_task(done));
  });
}

void one_task(const tryon_api& api, const resolve_info& info, const request_context& ctx,
              resolve_done done) {
  auto id = arg_string(info, "id");
  if (!uuid_from_string(id))
    return done(json::value(nullptr));
  auto who = ctx;
  fetch_task(api, id, [who, done](caf::expected<TryOnTaskState> s) {
    if (!s)
      return done(s.error());
    if (!may_see(who, "Query.tryOnTask", *s))
      return done(json::value(nullptr));
    done(json::value(tryon_task_json(*s)));
  });
}

caf::expected<json::value> task_list(const tryon_api& api, const resolve_info& info,
                                     const request_context& ctx) {
  auto limit = info.args.at("limit").as_int64();
  auto offset = info.args.at("offset").as_int64();
  if (limit < 1 || limit > int64_t(max_limit) || offset < 0)
    return make_error(errc::invalid_argument, "limit must be 1 to 100 and offset 0 or more.");
  std::vector<std::string> statuses;
  if (auto* s = info.args.if_contains("status"); s && s->is_array())
    for (const auto& v : s->as_array())
      statuses.emplace_back(v.as_string());
  int64_t since = 0;
  if (auto* v = info.args.if_contains("since"); v && v->is_string()) {
    auto ms = unix_ms_of_rfc3339(v->as_string());
    if (!ms)
      return make_error(errc::invalid_argument, "since must be an RFC 3339 date-time.");
    since = *ms;
  }
  json::array out;
  for (const auto& task : api.model->list(ctx.who->user_id, statuses, size_t(offset), size_t(limit), since))
    out.push_back(tryon_task_json(task));
  return json::value(std::move(out));
}

graphql::resolver image_member(const tryon_api& api, const char* key) {
  return [api, key](const resolve_info& info, resolve_done done) {
    auto id = parent_text(info, key);
    auto image = id.empty() ? caf::expected<media::media_info>{make_error(errc::not_found, "")}
                            : api.media->lookup(id);
    done(image ? json::value(media_image_json(*image)) : json::value(nullptr));
  };
}

void add_fields(graphql::resolver_map& r, const tryon_api& api) {
  r.add("TryOnTask", "product", [api](const resolve_info& info, resolve_done done) {
    fetch_product(api.catalog, parent_text(info, "_productId"), [done](caf::expected<events::ProductState> p) {
      if (!p)
        return done(p.error());
      bool shown = p->exists() && p->status() != "DRAFT";
      done(shown ? json::value(product_json(*p, false)) : json::value(nullptr));
    });
  });
  r.add("TryOnTask", "referenceImage", image_member(api, "_referenceImageId"));
  r.add("TryOnTask", "resultImage", image_member(api, "_resultImageId"));
}

} // namespace

void add_tryon_resolvers(graphql::resolver_map& r, tryon_api api) {
  r.add("Mutation", "createTryOnTask", guarded("Mutation.createTryOnTask", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    create_task(api, info, ctx, std::move(done));
  }));
  r.add("Mutation", "cancelTryOnTask", signed_in_mutation("Mutation.cancelTryOnTask", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    cancel_task(api, info, ctx, std::move(done));
  }));
  r.add("Query", "tryOnTask", [api](const resolve_info& info, resolve_done done) {
    const auto& ctx = context_of(info);
    if (!ctx.who)
      return done(make_error(errc::unauthenticated, "Sign in to see your try-ons."));
    one_task(api, info, ctx, std::move(done));
  });
  r.add("Query", "tryOnTasks", guarded("Query.tryOnTasks", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    done(task_list(api, info, ctx));
  }));
  add_fields(r, api);
}

http::live_source tryon_updates(tryon_api api) {
  http::live_source s;
  s.topic = [api](const json::object& args, const std::shared_ptr<void>& context) -> caf::expected<std::string> {
    auto id = std::string{args.at("id").as_string()};
    const auto& ctx = context_of(context);
    if (!ctx.who)
      return make_error(errc::unauthenticated, "Sign in to follow your try-ons.");
    auto task = uuid_from_string(id) ? api.model->find(id) : std::nullopt;
    if (!task || !may_see(ctx, "Subscription.tryOnTaskUpdated", *task))
      return make_error(errc::not_found, "You have no try-on task " + id + ".");
    return "tryon-" + id;
  };
  s.current = [api](const std::string& topic, const events::envelope* trigger, resolve_done done) {
    auto id = topic.substr(6);
    auto task = trigger ? api.model->at_version(id, trigger->stream_version()) : api.model->find(id);
    if (!task)
      return done(make_error(errc::not_found, "No such try-on task."));
    done(json::value(tryon_task_json(*task)));
  };
  s.is_final = [](const json::value& v) {
    auto status = v.as_object().at("status").as_string();
    return status == "SUCCEEDED" || status == "FAILED";
  };
  // Only changes a shopper sees: REQUESTED, SUBMITTING and SUBMITTED all read SUBMITTED.
  s.wakes = [](const events::envelope& env) {
    auto ev = t::decode(env);
    return ev && (ev->has_processing() || ev->has_succeeded() || ev->has_failed() || ev->has_retried());
  };
  return s;
}

} // namespace colors::api
