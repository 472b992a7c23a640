# The payment providers as the server uses them (issue 4 §3): configuration, the Alipay-style and
# WeChat-Pay-style merchant sides against a fake gateway over real TLS, notification verification.
deskpay_add_test(server_PaymentsConfig SOURCES test_PaymentsConfig.cpp LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_AlipayProvider SOURCES test_AlipayProvider.cpp FakeGateway.h
                 LIBS ${SERVER_TEST_LIBS} Qt6::HttpServer LABELS server)
deskpay_add_test(server_WechatPayProvider SOURCES test_WechatPayProvider.cpp FakeGateway.h
                 LIBS ${SERVER_TEST_LIBS} Qt6::HttpServer Qt6::Concurrent LABELS server)
# The same providers against the provider sandbox (paysandbox/): the two sides of each wire format
# written independently, meeting over real TLS.
if(TARGET deskpay_paysandbox)
    deskpay_add_test(server_ProvidersSandbox SOURCES test_ProvidersSandbox.cpp FakeGateway.h
                     LIBS deskpay_paysandbox ${SERVER_TEST_LIBS} Qt6::HttpServer LABELS server)
endif()
