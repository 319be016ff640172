// SPDX-License-Identifier: Apache-2.0
// The console over HTTPS (console.tls) with a certificate made at test time, spoken to with
// httplib's SSLClient that trusts only that certificate; and the same console without TLS.
#include "console_fixture.hpp"
#include "support/self_signed.hpp"

namespace cctv::test {
namespace {

const std::string kLoginBody =
    nlohmann::json{{"user", "operator1"}, {"password", kPassword}}.dump();

class Console_Tls : public ConsoleTest {
 protected:
  Console_Tls() {
    const TlsFiles files = write_self_signed(dir.path(), "console");
    tls = {.cert = files.cert, .key = files.key};
  }

  std::unique_ptr<httplib::SSLClient> https_client() const {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", server->port());
    c->set_ca_cert_path(tls.cert.c_str());
    c->enable_server_certificate_verification(true);
    c->set_read_timeout(10);
    return c;
  }
};

class Console_Http : public ConsoleTest {};

TEST_F(Console_Tls, login_over_https_sets_a_secure_cookie_and_hsts) {
  const auto c = https_client();
  const auto r = c->Post("/api/session", kLoginBody, "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_EQ(r->get_header_value("Strict-Transport-Security"), "max-age=31536000");

  const auto me = c->Get("/api/session", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(me) << httplib::to_string(me.error());
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(json(me).value("user", ""), "operator1");
  EXPECT_EQ(me->get_header_value("Strict-Transport-Security"), "max-age=31536000");
}

TEST_F(Console_Tls, plain_http_to_the_https_port_gets_no_answer) {
  const auto r = client().Post("/api/session", kLoginBody, "application/json");
  EXPECT_FALSE(r) << "answered " << r->status << " over plain HTTP";
}

TEST_F(Console_Http, without_tls_the_cookie_is_not_secure_and_there_is_no_hsts) {
  const auto r = client().Post("/api/session", kLoginBody, "application/json");
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_EQ(r->get_header_value("Set-Cookie").find("Secure"), std::string::npos);
  EXPECT_FALSE(r->has_header("Strict-Transport-Security"));
}

}  // namespace
}  // namespace cctv::test
