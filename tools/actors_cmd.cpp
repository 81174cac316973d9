// colctl actors: fetches GET /admin/actors from a running server on loopback and prints it,
// as an indented tree (the server renders it) or, with --json, as JSON.
#include "tools/actors_cmd.hpp"

#include "common/errc.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace colors::tools {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

const flag_spec actors_flags[] = {
  {"server", "HOST:PORT", "the server's listen address (default 127.0.0.1:8080)"},
  {"json", "", "print the tree as JSON"},
  {"token", "TOKEN", "a PLATFORM_ADMIN access token (default: $COLORS_TOKEN)"},
};

struct server_address {
  std::string host;
  std::string port;
};

// "host:port" or "[v6]:port".
caf::expected<server_address> parse_server(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return make_error(errc::invalid_argument, "--server wants HOST:PORT, got '" + text + "'");
  auto host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return server_address{host, text.substr(colon + 1)};
}

// One blocking GET; exceptions of Asio/Beast stop here.
caf::expected<bhttp::response<bhttp::string_body>> get(const server_address& addr,
                                                       const std::string& target,
                                                       const std::string& token) {
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream{io};
    stream.expires_after(std::chrono::seconds{10});
    stream.connect(tcp::resolver{io}.resolve(addr.host, addr.port));
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, addr.host);
    if (!token.empty())
      req.set(bhttp::field::authorization, "Bearer " + token);
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    return res;
  } catch (const std::exception& e) {
    return make_error(errc::unavailable, "cannot reach " + addr.host + " port " + addr.port + ": " + e.what());
  }
}

int run_actors(const parsed_flags& f) {
  auto addr = parse_server(f.get("server").value_or("127.0.0.1:8080"));
  if (!addr) {
    print_error(message_of(addr.error()));
    return exit_usage;
  }
  const char* env_token = std::getenv("COLORS_TOKEN");
  auto token = f.get("token").value_or(env_token ? env_token : "");
  auto res = get(*addr, f.has("json") ? "/admin/actors" : "/admin/actors?format=tree", token);
  if (!res) {
    print_error(message_of(res.error()));
    return exit_failed;
  }
  if (res->result() != bhttp::status::ok) {
    print_error("server answered " + std::to_string(res->result_int()) + ": " + res->body());
    return exit_failed;
  }
  std::fputs(res->body().c_str(), stdout);
  if (f.has("json"))
    std::fputs("\n", stdout);
  return exit_ok;
}

} // namespace

const command& actors_command() {
  static const command cmd{
    "actors", "show the running server's supervision tree",
    "[--server HOST:PORT] [--token TOKEN] [--json]",
    "Asks a running server for every actor's name, kind, state, uptime, restarts, last\n"
    "failure, mailbox size and entity counts. The admin endpoints answer PLATFORM_ADMIN\n"
    "tokens only: pass the accessToken of an admin's login (or set COLORS_TOKEN).\n",
    actors_flags, run_actors};
  return cmd;
}

} // namespace colors::tools
