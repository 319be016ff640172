// SPDX-License-Identifier: Apache-2.0
// console.tls: the certificate and key are loaded here as the console will load them, so a
// wrong file is reported at its line in the config (and by `cctv config check`), not at start.
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kTlsKeys = {"cert", "key"};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;
template <class T>
using Owned = std::unique_ptr<T, void (*)(T*)>;
template <class T>
using PemReader = T* (*)(std::FILE*, T**, pem_password_cb*, void*);

// An encrypted key would make OpenSSL ask for its passphrase on the terminal: fail instead.
int no_passphrase(char*, int, int, void*) { return 0; }

// What `read` finds in the PEM file named under `key`; empty after reporting why there is
// nothing ("'<path>' holds no <missing>").
template <class T>
Owned<T> read_pem(const MapReader& r, std::string_view key, const std::string& path,
                  PemReader<T> read, void (*free)(T*), const std::string& missing) {
  Owned<T> object(nullptr, free);
  const File f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    r.error(*r.get(key), "cannot open '" + path + "': " + std::strerror(errno) +
                             "; give the path of a PEM file (a relative path is from the "
                             "directory cctv is started in)");
    return object;
  }
  object.reset(read(f.get(), nullptr, no_passphrase, nullptr));
  if (!object) r.error(*r.get(key), "'" + path + "' holds no " + missing);
  return object;
}

}  // namespace

ConsoleTls read_console_tls(const MapReader& r) {
  ConsoleTls tls;
  if (!r.valid()) return tls;
  r.check_keys(kTlsKeys);
  const bool cert_given = r.require("cert", tls.cert, "cert: /etc/cctv/console.crt");
  const bool key_given = r.require("key", tls.key, "key: /etc/cctv/console.key");
  if (!cert_given || !key_given) return tls;
  const auto cert = read_pem<X509>(r, "cert", tls.cert, PEM_read_X509, X509_free,
                                   "PEM certificate; give the certificate file, the one starting "
                                   "with -----BEGIN CERTIFICATE-----");
  const auto key = read_pem<EVP_PKEY>(
      r, "key", tls.key, PEM_read_PrivateKey, EVP_PKEY_free,
      "readable PEM private key; give the unencrypted key, the file starting with -----BEGIN "
      "PRIVATE KEY----- (decrypt an encrypted one with openssl pkey -in KEY -out KEY.plain)");
  if (cert && key && X509_check_private_key(cert.get(), key.get()) != 1) {
    r.error(*r.get("key"), "'" + tls.key + "' is not the private key of the certificate '" +
                               tls.cert + "'; give the key the certificate was made for");
  }
  ERR_clear_error();  // what failed is reported above; the queue would confuse later TLS calls
  return tls;
}

}  // namespace cctv::config::detail
