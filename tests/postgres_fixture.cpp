// SPDX-License-Identifier: Apache-2.0
// The CTest fixture of the store tests' PostgreSQL server (support/postgres_server.hpp):
//   cctv_test_postgres start DIR   starts it and writes its URL to DIR/url (exit 0 also when
//                                  this machine cannot run one: the tests then skip, saying why)
//   cctv_test_postgres stop DIR    stops it and removes DIR
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "support/postgres_server.hpp"

int main(int argc, char** argv) {
  const std::string verb = argc == 3 ? argv[1] : "";
  if (verb != "start" && verb != "stop") {
    std::cerr << "usage: cctv_test_postgres start|stop DIR\n";
    return 2;
  }
  const std::string dir = argv[2];
  cctv::test::stop_postgres(dir);  // a server left by an interrupted run
  if (verb == "stop") return 0;
  std::string why;
  const auto url = cctv::test::start_postgres(dir, why);
  if (!url) {
    std::cout << "no PostgreSQL server for the tests: " << why << '\n';
    return 0;
  }
  std::ofstream(std::filesystem::path(dir) / "url") << *url << '\n';
  std::cout << "PostgreSQL for the tests at " << *url << '\n';
  return 0;
}
