#include "graphql/engine.hpp"

#include "graphql/coerce.hpp"
#include "graphql/cost.hpp"
#include "graphql/executor.hpp"
#include "graphql/introspection.hpp"
#include "graphql/parser.hpp"
#include "graphql/validate.hpp"

namespace colors::graphql {
namespace json = boost::json;

namespace {

json::object errors_response(const std::vector<error>& errors) {
  json::array arr;
  for (auto& e : errors)
    arr.push_back(e.to_json());
  return json::object{{"errors", std::move(arr)}};
}

json::object error_response(const error& e) {
  return errors_response({e});
}

} // namespace

std::shared_ptr<const engine> engine::create(std::string_view sdl, resolver_map resolvers,
                                             engine_options options, error& err) {
  auto s = schema::build(sdl, err);
  if (!s)
    return nullptr;
  std::shared_ptr<engine> e(new engine());
  e->schema_ = s;
  e->resolvers_ = std::make_shared<const resolver_map>(std::move(resolvers));
  e->builtin_ = introspection_resolvers(s);
  e->options_ = options;
  e->apq_ = std::make_shared<persisted_query_cache>(options.persisted_queries);
  e->documents_ =
      std::make_shared<lru_cache<std::shared_ptr<const document>>>(options.document_cache);
  return e;
}

std::optional<error> engine::resolve_query(const request& req, std::string& query) const {
  auto* pq = req.extensions.if_contains("persistedQuery");
  if (!pq) {
    if (req.query.empty())
      return make_error("Must provide query string.", {}, codes::bad_user_input);
    query = req.query;
    return std::nullopt;
  }
  auto* obj = pq->if_object();
  auto* hash = obj ? obj->if_contains("sha256Hash") : nullptr;
  auto* version = obj ? obj->if_contains("version") : nullptr;
  if (!hash || !hash->is_string() || !version || !version->is_number()
      || version->to_number<double>() != 1)
    return make_error("Unsupported persisted query: expected version 1 and a sha256Hash.", {},
                      codes::bad_user_input);
  std::string h(hash->get_string());
  if (req.query.empty()) {
    auto found = apq_->find(h);
    if (!found)
      return make_error("PersistedQueryNotFound", {}, codes::persisted_query_not_found);
    query = std::move(*found);
    return std::nullopt;
  }
  if (sha256_hex(req.query) != h)
    return make_error("provided sha does not match query", {}, codes::persisted_query_mismatch);
  apq_->put(h, req.query);
  query = req.query;
  return std::nullopt;
}

const operation_definition* engine::select(const document& doc, const std::string& name,
                                           std::optional<error>& err) const {
  if (name.empty()) {
    if (doc.operations.size() == 1)
      return &doc.operations.front();
    err = make_error(doc.operations.empty()
                         ? "Must provide an operation."
                         : "Must provide operation name if query contains multiple operations.",
                     {}, codes::operation_not_found);
    return nullptr;
  }
  for (auto& op : doc.operations)
    if (op.name == name)
      return &op;
  err = make_error("Unknown operation named \"" + name + "\".", {}, codes::operation_not_found);
  return nullptr;
}

// Parsing and validation depend only on the text (the schema and limits are fixed), so valid
// documents are kept and shared by later requests with the same text.
std::variant<std::shared_ptr<const document>, json::object>
engine::parsed(const std::string& query) const {
  if (auto cached = documents_->find(query))
    return std::move(*cached);
  auto doc = std::make_shared<document>();
  if (auto e = parse(query, options_.limits, *doc))
    return error_response(*e);
  if (auto errors = validate(*schema_, *doc); !errors.empty())
    return errors_response(errors);
  std::shared_ptr<const document> shared = std::move(doc);
  documents_->put(query, shared);
  return shared;
}

std::variant<prepared_operation, json::object> engine::prepare(const request& req) const {
  std::string query;
  if (auto e = resolve_query(req, query))
    return error_response(*e);
  auto valid = parsed(query);
  if (auto* failed = std::get_if<json::object>(&valid))
    return std::move(*failed);
  auto doc = std::get<std::shared_ptr<const document>>(std::move(valid));
  std::optional<error> err;
  auto* op = select(*doc, req.operation_name, err);
  if (!op)
    return error_response(*err);
  if (auto e = check_cost(*doc, *op, options_.limits))
    return error_response(*e);
  prepared_operation p;
  if (auto errors = coerce_variables(*schema_, *op, req.variables, p.variables); !errors.empty())
    return errors_response(errors);
  p.op = op;
  p.doc = std::move(doc);
  return p;
}

void engine::execute_prepared(const prepared_operation& op, json::value root_value,
                              std::shared_ptr<void> context, response_callback done) const {
  execution_params params;
  params.schema_ptr = schema_;
  params.doc = op.doc;
  params.op = op.op;
  params.variables = op.variables;
  params.root_value = std::move(root_value);
  params.context = std::move(context);
  params.resolvers = resolvers_;
  params.builtin = builtin_;
  graphql::execute(std::move(params), std::move(done));
}

void engine::execute(request req, response_callback done) const {
  auto prepared = prepare(req);
  if (auto* failed = std::get_if<json::object>(&prepared))
    return done(std::move(*failed));
  execute_prepared(std::get<prepared_operation>(prepared), std::move(req.root_value),
                   std::move(req.context), std::move(done));
}

std::optional<operation_type> engine::operation_type_of(const request& req) const {
  std::string query;
  if (resolve_query(req, query))
    return std::nullopt;
  document doc;
  if (parse(query, options_.limits, doc))
    return std::nullopt;
  std::optional<error> err;
  auto* op = select(doc, req.operation_name, err);
  return op ? std::optional<operation_type>(op->op) : std::nullopt;
}

} // namespace colors::graphql
