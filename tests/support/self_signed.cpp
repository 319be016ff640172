// SPDX-License-Identifier: Apache-2.0
#include "support/self_signed.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace cctv::test {
namespace {

using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;
using PrivateKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Certificate self_signed(EVP_PKEY* key) {
  Certificate cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0)
    throw std::runtime_error("cannot sign the test certificate");
  return cert;
}

template <class Write>
void write_pem(const std::string& path, Write&& write) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f || !write(f.get())) throw std::runtime_error("cannot write " + path);
}

}  // namespace

TlsFiles write_self_signed(const std::filesystem::path& dir, const std::string& name) {
  const PrivateKey key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  if (!key) throw std::runtime_error("cannot make a test key");
  const Certificate cert = self_signed(key.get());
  TlsFiles files{(dir / (name + ".crt")).string(), (dir / (name + ".key")).string()};
  write_pem(files.cert, [&](std::FILE* f) { return PEM_write_X509(f, cert.get()) == 1; });
  write_pem(files.key, [&](std::FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
  return files;
}

}  // namespace cctv::test
