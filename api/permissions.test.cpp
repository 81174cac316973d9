// The authorization matrix: every root field of the schema (and every guarded plain endpoint)
// x each role x the caller's own resource vs someone else's, with the expected answer written
// down here. A new mutation, query or subscription without a row here fails this test, and so
// does a row whose answer the permission table does not give.
#include "identity/policy.hpp"

#include "common/errc.hpp"
#include "graphql/schema.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace colors;
using namespace colors::identity;

namespace {

// Callers, in the order of the expectation strings: anonymous, CUSTOMER, CONTENT_CREATOR,
// BRAND_ADMIN of brand "b-own", PLATFORM_ADMIN. For each, two characters: on their own resource
// (owner = themself, brand = "b-own"), then on someone else's (owner = "other", brand = "b-other").
// 'Y' allowed, 'A' unauthenticated, 'F' forbidden.
const std::map<std::string, std::string> expected{
  // operation                        anon cust crea brad plat
  {"Query.health",                    "YY" "YY" "YY" "YY" "YY"},
  {"Query.node",                      "YY" "YY" "YY" "YY" "YY"},
  {"Query.product",                   "YY" "YY" "YY" "YY" "YY"},
  {"Query.products",                  "YY" "YY" "YY" "YY" "YY"},
  {"Query.search",                    "YY" "YY" "YY" "YY" "YY"},
  {"Query.tryOnTask",                 "AA" "YF" "YF" "YF" "YY"},
  {"Query.tryOnTasks",                "AA" "YY" "YY" "YY" "YY"},
  {"Query.me",                        "AA" "YY" "YY" "YY" "YY"},
  {"Query.user",                      "AA" "FF" "FF" "FF" "YY"},
  {"Query.exportMyData",              "AA" "YY" "YY" "YY" "YY"},
  {"Query.outbox",                    "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.createTryOnTask",        "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.cancelTryOnTask",        "AA" "YF" "YF" "YF" "YY"},
  {"Mutation.register",               "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.login",                  "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.refreshToken",           "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.logout",                 "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.logoutAll",              "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.verifyEmail",            "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.resendVerification",     "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.requestPasswordReset",   "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.resetPassword",          "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.changePassword",         "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.updateProfile",          "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.grantRole",              "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.revokeRole",             "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.deleteMyAccount",        "AA" "YY" "YY" "YY" "YY"},
  {"Mutation.eraseUser",              "AA" "FF" "FF" "FF" "YY"},
  {"Subscription.tryOnTaskUpdated",   "AA" "YF" "YF" "YF" "YY"},
  {"Mutation.createProduct",          "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.updateProduct",          "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.setProductStatus",       "AA" "FF" "FF" "YF" "YY"},
  {"Subscription.productUpdated",     "YY" "YY" "YY" "YY" "YY"},
  {"Query.brands",                    "YY" "YY" "YY" "YY" "YY"},
  {"Query.brand",                     "YY" "YY" "YY" "YY" "YY"},
  {"Query.categories",                "YY" "YY" "YY" "YY" "YY"},
  {"Query.category",                  "YY" "YY" "YY" "YY" "YY"},
  {"Query.collections",               "YY" "YY" "YY" "YY" "YY"},
  {"Query.collection",                "YY" "YY" "YY" "YY" "YY"},
  {"Mutation.addVariant",             "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.removeVariant",          "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.adjustStock",            "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.reserveStock",           "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.endReservation",         "AA" "FF" "FF" "YF" "YY"},
  {"Mutation.createBrand",            "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.updateBrand",            "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.createCategory",         "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.updateCategory",         "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.createCollection",       "AA" "FF" "FF" "FF" "YY"},
  {"Mutation.updateCollection",       "AA" "FF" "FF" "FF" "YY"},
  {"GET /admin/actors",               "AA" "FF" "FF" "FF" "YY"},
  {"POST /uploads (product)",         "AA" "FF" "FF" "YF" "YY"},
  {"POST /uploads (reference)",       "AA" "YY" "YY" "YY" "YY"},
  {"GET /media (reference)",          "AA" "YF" "YF" "YF" "YY"},
};

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every root field of the schema, as "Type.field".
std::set<std::string> schema_operations() {
  graphql::error err;
  auto schema = graphql::schema::build(read_file(COLORS_SCHEMA_FILE), err);
  REQUIRE_MESSAGE(schema, err.message);
  std::set<std::string> out;
  for (auto op : {graphql::operation_type::query, graphql::operation_type::mutation,
                  graphql::operation_type::subscription})
    if (const auto* root = schema->root(op))
      for (const auto& f : root->fields)
        out.insert(root->name + "." + f.name);
  return out;
}

principal caller(const std::string& role) {
  auto facts = std::make_shared<auth_facts>();
  facts->registered = true;
  events::UserRole r;
  r.set_role(role);
  if (role == "BRAND_ADMIN")
    r.add_brand_ids("b-own");
  facts->roles.push_back(r);
  return principal{"me", facts};
}

char answer(const principal* who, const std::string& op, const resource& res) {
  auto err = authorize(who, op, res);
  if (!err)
    return 'Y';
  return code_of(err) == errc::unauthenticated ? 'A' : 'F';
}

} // namespace

TEST_CASE("every root field of the schema has a row in the permission table and in this test") {
  auto ops = schema_operations();
  REQUIRE(ops.size() > 20);
  for (const auto& op : ops) {
    CHECK_MESSAGE(permission_table().count(op) == 1, op << " has no permission rule");
    CHECK_MESSAGE(expected.count(op) == 1, op << " has no row in the expected matrix");
  }
  for (const auto& [op, rule] : permission_table())
    CHECK_MESSAGE(expected.count(op) == 1, op << " is in the table but not in the matrix");
}

TEST_CASE("each role gets the expected answer on its own and on someone else's resource") {
  const std::vector<std::string> roles{"CUSTOMER", "CONTENT_CREATOR", "BRAND_ADMIN", "PLATFORM_ADMIN"};
  const resource own{"me", "b-own"};
  const resource other{"other", "b-other"};
  for (const auto& [op, answers] : expected) {
    std::string got;
    got += answer(nullptr, op, own);
    got += answer(nullptr, op, other);
    for (const auto& role : roles) {
      auto who = caller(role);
      got += answer(&who, op, own);
      got += answer(&who, op, other);
    }
    CHECK_MESSAGE(got == answers, op << ": expected " << answers << ", got " << got);
  }
}

TEST_CASE("deny by default: an operation nobody wrote a rule for is refused to everyone") {
  auto admin = caller("PLATFORM_ADMIN");
  CHECK(code_of(authorize(&admin, "Mutation.somethingNew")) == errc::forbidden);
  CHECK(code_of(authorize(nullptr, "Mutation.somethingNew")) == errc::forbidden);
}
