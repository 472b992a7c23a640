# The provider styles' wire primitives (issue 4 §3): RSA keys, form encoding, Alipay-style RSA2
# and WeChat-Pay-v3-style signatures and AES-256-GCM resources. The RSA and Alipay tests
# cross-check against the `openssl` command-line tool.
foreach(primitive RsaKey FormCodec AlipaySignature WechatPaySignature)
    deskpay_add_test(payments_${primitive}
        SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${primitive}.cpp
        LIBS ${PAYMENTS_TEST_LIBS}
        LABELS payments)
endforeach()
