// graphql_check: validates every document of a conformance corpus against an SDL schema with
// our engine and prints one line per document: `<id>\t<valid|invalid>\t<first error>`.
// tests/graphql_conformance.mjs runs graphql-js on the same corpus and compares.
//
// `graphql_check --execute SCHEMA.graphql` instead reads one request {query, variables,
// operationName, rootValue} as JSON from stdin, executes it with the default resolvers (which
// read the root value) and prints the response JSON.
//
// Corpus files hold many documents, each introduced by a line `#### <name> <valid|invalid>`
// (the expectation is checked by the node test, not here).
#include "graphql/engine.hpp"
#include "graphql/parser.hpp"
#include "graphql/validate.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

bool read_file(const char* path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\t')
      c = ' ';
  return s;
}

std::string check(const colors::graphql::schema& s, const std::string& text) {
  using namespace colors::graphql;
  document doc;
  if (auto err = parse(text, limits::unlimited(), doc))
    return "invalid\t" + one_line(err->message);
  auto errors = validate(s, doc);
  if (errors.empty())
    return "valid\t";
  return "invalid\t" + one_line(errors.front().message);
}

void run_corpus(const colors::graphql::schema& s, const std::string& file,
                const std::string& text) {
  std::istringstream in(text);
  std::string line, name, body;
  bool open = false;
  auto flush = [&] {
    if (open)
      std::cout << file << ":" << name << "\t" << check(s, body) << "\n";
  };
  while (std::getline(in, line)) {
    if (line.rfind("####", 0) == 0) {
      flush();
      std::istringstream header(line.substr(4));
      header >> name;
      body.clear();
      open = true;
    } else {
      body += line + "\n";
    }
  }
  flush();
}

int execute_stdin(const std::string& sdl) {
  using namespace colors::graphql;
  error err;
  auto eng = engine::create(sdl, {}, {}, err);
  if (!eng) {
    std::cerr << "graphql_check: invalid schema: " << err.message << "\n";
    return 1;
  }
  std::ostringstream ss;
  ss << std::cin.rdbuf();
  boost::system::error_code ec;
  auto body = boost::json::parse(ss.str(), ec);
  if (ec || !body.is_object()) {
    std::cerr << "graphql_check: stdin is not a JSON object\n";
    return 2;
  }
  request req;
  auto& obj = body.get_object();
  if (auto* q = obj.if_contains("query"); q && q->is_string())
    req.query = std::string(q->get_string());
  if (auto* v = obj.if_contains("variables"); v && v->is_object())
    req.variables = v->get_object();
  if (auto* n = obj.if_contains("operationName"); n && n->is_string())
    req.operation_name = std::string(n->get_string());
  req.root_value = boost::json::object{};
  if (auto* root = obj.if_contains("rootValue"))
    req.root_value = *root;
  eng->execute(std::move(req), [](boost::json::object response) {
    std::cout << boost::json::serialize(response) << "\n";
  });
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--execute") {
    std::string sdl;
    if (!read_file(argv[2], sdl)) {
      std::cerr << "graphql_check: cannot read " << argv[2] << "\n";
      return 2;
    }
    return execute_stdin(sdl);
  }
  if (argc < 3) {
    std::cerr << "usage: graphql_check SCHEMA.graphql CORPUS.graphql...\n";
    return 2;
  }
  std::string sdl;
  if (!read_file(argv[1], sdl)) {
    std::cerr << "graphql_check: cannot read " << argv[1] << "\n";
    return 2;
  }
  colors::graphql::error err;
  auto s = colors::graphql::schema::build(sdl, err);
  if (!s) {
    std::cerr << "graphql_check: invalid schema: " << err.message << "\n";
    return 1;
  }
  for (int i = 2; i < argc; ++i) {
    std::string text;
    if (!read_file(argv[i], text)) {
      std::cerr << "graphql_check: cannot read " << argv[i] << "\n";
      return 2;
    }
    std::string file = argv[i];
    run_corpus(*s, file.substr(file.find_last_of('/') + 1), text);
  }
  return 0;
}
