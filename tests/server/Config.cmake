# deskpay-server's config file (--config) and its options (issue 3 §1).
deskpay_add_test(server_ServerConfigFile SOURCES test_ServerConfigFile.cpp LIBS ${SERVER_TEST_LIBS} LABELS server)
