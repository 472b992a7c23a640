# Payments on the server: the pay call, notifications, active query and timeouts (issue 4 §2, §3).
deskpay_add_test(server_PaymentService SOURCES test_PaymentService.cpp OrderTestKit.h ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_PaymentServicePostgres SOURCES test_PaymentService.cpp OrderTestKit.h ApiTestClient.h
                 TestDatabase.h LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_PaymentServicePostgres PRIVATE DESKPAY_TEST_POSTGRES)
# The same over HTTPS with the --demo provider sandbox: notification, lost notification, and a
# WeChat-style failure that only the active query finds.
deskpay_add_test(server_PaymentsSandbox SOURCES test_PaymentsSandbox.cpp OrderTestKit.h ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
