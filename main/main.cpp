// The `colors` server. Thin on purpose: the logic lives in main/app.cpp and the module libraries.
#include "common/stop_signals.hpp"
#include "main/app.hpp"
#include "main/options.hpp"

#include "common/errc.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace colors::app;
  colors::block_stop_signals(); // before any thread exists, so every thread inherits the mask
  colors::ignore_sigpipe();
  auto opts = parse_options(std::vector<std::string>(argv + 1, argv + argc), process_env);
  if (!opts) {
    std::fprintf(stderr, "colors: %s\nTry 'colors --help'.\n",
                 colors::message_of(opts.error()).c_str());
    return exit_usage;
  }
  if (opts->help) {
    std::fputs(usage().c_str(), stdout);
    return exit_ok;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT); // once, before any thread uses libcurl
  int code = run(*opts);
  curl_global_cleanup();
  return code;
}
