// colctl: all logic is in col_tools (tools/*.cpp).
#include "tools/command.hpp"

int main(int argc, char** argv) {
  std::vector<std::string_view> args{argv + 1, argv + argc};
  return colors::tools::run_colctl(args);
}
