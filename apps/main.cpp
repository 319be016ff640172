// SPDX-License-Identifier: Apache-2.0
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"cctv: control-room video analytics and incident logging"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
