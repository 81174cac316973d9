#include "http/live_subscriptions.hpp"

#include "graphql/coerce.hpp"
#include "graphql/error.hpp"

#include "common/errc.hpp"

namespace colors::http {

namespace json = boost::json;
using graphql::prepared_operation;

namespace {

using text_ptr = std::shared_ptr<const std::string>;

// The operation's one root field (validation guarantees exactly one), through fragments.
const graphql::selection* root_field(const graphql::selection_set& set,
                                     const graphql::document& doc) {
  for (const auto& sel : set) {
    if (sel.kind == graphql::selection_kind::field)
      return &sel;
    if (sel.kind == graphql::selection_kind::inline_fragment)
      if (auto* f = root_field(sel.selections, doc))
        return f;
    if (sel.kind == graphql::selection_kind::fragment_spread)
      for (const auto& frag : doc.fragments)
        if (frag.name == sel.name)
          if (auto* f = root_field(frag.selections, doc))
            return f;
  }
  return nullptr;
}

json::array errors_of(const std::string& message, const char* code) {
  graphql::error e{message, {}, {}, code};
  return json::array{json::value(e.to_json())};
}

json::array errors_of(const caf::error& err) {
  const char* code = graphql::code_for(err);
  bool internal = std::string_view{code} == graphql::codes::internal;
  return errors_of(internal ? "Internal error." : message_of(err), code);
}

// A field error as an execution result: {"data": null, "errors": [...]} with the field's path.
text_ptr field_error_text(const caf::error& err, const graphql::selection& field) {
  const char* code = graphql::code_for(err);
  bool internal = std::string_view{code} == graphql::codes::internal;
  graphql::error e{internal ? "Internal error." : message_of(err), {field.loc},
                   {field.response_name()}, code};
  json::object response{{"data", nullptr}, {"errors", json::array{json::value(e.to_json())}}};
  return std::make_shared<const std::string>(json::serialize(response));
}

// The member's side of a running subscription: cancelling leaves the group.
class member_handle : public operation_handle {
public:
  member_handle(std::shared_ptr<live_subscriptions::group> g, uint64_t id)
    : group_(std::move(g)), id_(id) {}
  ~member_handle() override { cancel(); }
  void cancel() override;

private:
  std::mutex mutex_;
  std::shared_ptr<live_subscriptions::group> group_;
  uint64_t id_;
};

class refused_handle : public operation_handle {
public:
  void cancel() override {}
};

} // namespace

class live_subscriptions::group : public std::enable_shared_from_this<group> {
public:
  group(std::weak_ptr<live_subscriptions> owner, std::string key, std::string topic,
        live_source source, prepared_operation op, std::shared_ptr<void> context,
        std::shared_ptr<const graphql::engine> engine, const graphql::selection& field)
    : owner_(std::move(owner)), key_(std::move(key)), topic_(std::move(topic)),
      source_(std::move(source)), op_(std::move(op)), context_(std::move(context)),
      engine_(std::move(engine)), field_(field) {}

  ~group() {
    if (auto owner = owner_.lock())
      owner->forget(key_, this);
  }

  void listen(projections::topic_hub& hub) {
    std::weak_ptr<group> weak = weak_from_this();
    subscription_ = hub.subscribe(topic_, [weak](const events::envelope& env) {
      if (auto g = weak.lock())
        g->on_event(env);
    });
  }

  uint64_t add(std::shared_ptr<operation_sink> out) {
    std::lock_guard lock{mutex_};
    auto id = next_member_++;
    members_.emplace(id, member{std::move(out), 0});
    return id;
  }

  void remove(uint64_t id) {
    std::lock_guard lock{mutex_};
    members_.erase(id);
  }

  // The current value for one new member alone.
  void serve_first(uint64_t id) {
    auto ticket = take_ticket();
    render(nullptr, [self = shared_from_this(), id, ticket](text_ptr text, bool final) {
      self->deliver(text, final, ticket, &id);
    });
  }

private:
  struct member {
    std::shared_ptr<operation_sink> sink;
    uint64_t last_ticket = 0; // of the newest value it was sent
  };

  uint64_t take_ticket() {
    std::lock_guard lock{mutex_};
    return ++next_ticket_;
  }

  void on_event(const events::envelope& env) {
    if (source_.wakes && !source_.wakes(env))
      return;
    {
      std::lock_guard lock{mutex_};
      latest_ = std::make_shared<const events::envelope>(env);
      if (busy_) {
        dirty_ = true;
        return;
      }
      busy_ = true;
    }
    round();
  }

  void round() {
    std::shared_ptr<const events::envelope> trigger;
    uint64_t ticket;
    {
      std::lock_guard lock{mutex_};
      trigger = latest_;
      dirty_ = false;
      ticket = ++next_ticket_;
    }
    render(trigger.get(), [self = shared_from_this(), trigger, ticket](text_ptr text, bool final) {
      self->deliver(text, final, ticket, nullptr);
      self->after_round();
    });
  }

  void after_round() {
    {
      std::lock_guard lock{mutex_};
      if (!dirty_) {
        busy_ = false;
        return;
      }
    }
    round();
  }

  // Fetches the value, executes the selection on it and serializes the result once.
  void render(const events::envelope* trigger, std::function<void(text_ptr, bool)> then) {
    auto self = shared_from_this();
    source_.current(topic_, trigger, [self, then = std::move(then)](graphql::field_result value) {
      if (!value) {
        then(field_error_text(value.error(), self->field_), false);
        return;
      }
      bool final = self->source_.is_final && self->source_.is_final(*value);
      json::object root;
      root[self->field_.name] = std::move(*value);
      self->engine_->execute_prepared(
        self->op_, json::value(std::move(root)), self->context_,
        [then, final](json::object response) {
          then(std::make_shared<const std::string>(json::serialize(response)), final);
        });
    });
  }

  // Sends to every member (or one) that has not yet had a newer value.
  void deliver(const text_ptr& text, bool final, uint64_t ticket, const uint64_t* only) {
    std::vector<std::shared_ptr<operation_sink>> targets;
    {
      std::lock_guard lock{mutex_};
      for (auto it = members_.begin(); it != members_.end();) {
        auto& [id, m] = *it;
        bool wanted = (!only || *only == id) && m.last_ticket < ticket;
        if (wanted) {
          m.last_ticket = ticket;
          targets.push_back(m.sink);
        }
        it = wanted && final ? members_.erase(it) : std::next(it);
      }
    }
    for (auto& sink : targets) {
      sink->next_text(text);
      if (final)
        sink->complete();
    }
  }

  std::weak_ptr<live_subscriptions> owner_;
  std::string key_;
  std::string topic_;
  live_source source_;
  prepared_operation op_;
  std::shared_ptr<void> context_;
  std::shared_ptr<const graphql::engine> engine_;
  const graphql::selection& field_; // inside op_.doc
  std::shared_ptr<projections::topic_hub::subscription> subscription_;

  std::mutex mutex_;
  std::map<uint64_t, member> members_;
  uint64_t next_member_ = 1;
  uint64_t next_ticket_ = 0;
  bool busy_ = false;
  bool dirty_ = false;
  std::shared_ptr<const events::envelope> latest_;
};

namespace {

void member_handle::cancel() {
  std::shared_ptr<live_subscriptions::group> g;
  {
    std::lock_guard lock{mutex_};
    g = std::move(group_);
  }
  if (g)
    g->remove(id_);
}

} // namespace

std::shared_ptr<live_subscriptions>
live_subscriptions::create(std::shared_ptr<const graphql::engine> engine,
                           std::shared_ptr<projections::topic_hub> hub,
                           std::map<std::string, live_source> sources, live_options opts) {
  auto out = std::shared_ptr<live_subscriptions>(new live_subscriptions());
  out->engine_ = std::move(engine);
  out->hub_ = std::move(hub);
  out->sources_ = std::move(sources);
  out->opts_ = std::move(opts);
  return out;
}

std::shared_ptr<operation_handle>
live_subscriptions::start(const prepared_operation& op, std::shared_ptr<void> context,
                          std::shared_ptr<operation_sink> out) {
  auto refuse = [&](json::array errors) {
    out->error(std::move(errors));
    return std::make_shared<refused_handle>();
  };
  const auto* field = root_field(op.op->selections, *op.doc);
  auto source = field ? sources_.find(field->name) : sources_.end();
  if (source == sources_.end())
    return refuse(errors_of("This subscription is not available.", "NOT_IMPLEMENTED"));
  const auto& schema = engine_->schema();
  const auto* def = schema.field_of(*schema.root(graphql::operation_type::subscription), field->name);
  json::object args;
  if (auto why = graphql::coerce_arguments(schema, def->args, field->arguments, op.variables, args))
    return refuse(errors_of(*why, graphql::codes::bad_user_input));
  auto topic = source->second.topic(args, context);
  if (!topic)
    return refuse(errors_of(topic.error()));
  auto viewer = opts_.viewer_key ? opts_.viewer_key(context) : std::string{};
  auto key = *topic + '\n' + std::to_string(reinterpret_cast<uintptr_t>(op.op)) + '\n'
             + json::serialize(op.variables) + '\n' + viewer;
  auto g = group_for(key, *topic, source->second, op, *field, std::move(context));
  auto id = g->add(std::move(out));
  g->serve_first(id);
  return std::make_shared<member_handle>(std::move(g), id);
}

std::shared_ptr<live_subscriptions::group>
live_subscriptions::group_for(const std::string& key, const std::string& topic,
                              const live_source& source, const prepared_operation& op,
                              const graphql::selection& field, std::shared_ptr<void> context) {
  std::lock_guard lock{mutex_};
  if (auto it = groups_.find(key); it != groups_.end())
    if (auto g = it->second.lock())
      return g;
  auto g = std::make_shared<group>(weak_from_this(), key, topic, source, op, std::move(context),
                                   engine_, field);
  g->listen(*hub_);
  groups_[key] = g;
  return g;
}

void live_subscriptions::forget(const std::string& key, const group* g) {
  std::lock_guard lock{mutex_};
  auto it = groups_.find(key);
  if (it != groups_.end() && (it->second.expired() || it->second.lock().get() == g))
    groups_.erase(it);
}

size_t live_subscriptions::groups() const {
  std::lock_guard lock{mutex_};
  return groups_.size();
}

} // namespace colors::http
