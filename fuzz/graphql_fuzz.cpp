// libFuzzer target: arbitrary bytes as a GraphQL document through the parser (with the
// server's limits), then every validation rule against our schema (schemas/schema.graphql),
// then the engine's cost and preparation checks. A crash, a sanitizer report or a hang is a bug.
#include "graphql/engine.hpp"
#include "graphql/parser.hpp"
#include "graphql/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>

using namespace colors::graphql;

namespace {

std::string read_sdl() {
  std::ifstream in{COLORS_SCHEMA_SDL};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const engine& the_engine() {
  static const auto e = [] {
    error err;
    auto built = engine::create(read_sdl(), resolver_map{}, engine_options{}, err);
    if (!built)
      __builtin_trap(); // the schema itself must build
    return built;
  }();
  return *e;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto& e = the_engine();
  document doc;
  if (!parse(text, limits{}, doc)) {
    [[maybe_unused]] auto errors = validate(e.schema(), doc);
    request req;
    req.query = std::string{text};
    [[maybe_unused]] auto prepared = e.prepare(req);
  }
  return 0;
}
