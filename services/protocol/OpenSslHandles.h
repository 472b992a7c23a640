#pragma once
// OpenSslHandles: unique_ptr owners for OpenSSL objects and the text of OpenSSL's error queue.

#include <QString>

#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace deskpay::openssl {

template<auto FreeFunction> struct Deleter
{
    template<typename T> void operator()(T *p) const { FreeFunction(p); }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;

// Drains OpenSSL's thread-local error queue into one line ("" when it was empty), so a
// failure reported later never carries a stale reason from an earlier call.
[[nodiscard]] QString takeErrors();
// Empties the queue when its text is of no use (an expected failure, such as trying a format).
void discardErrors();

} // namespace deskpay::openssl
