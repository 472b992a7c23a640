# Payer accounts, server secrets, order templates, payment orders and payer login (issue 3 §1, §3 steps 4 and 6, §6).
deskpay_add_test(server_ServerSecrets SOURCES test_ServerSecrets.cpp LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_PaymentOrderBuilder SOURCES test_PaymentOrderBuilder.cpp LIBS ${SERVER_TEST_LIBS} LABELS server)

foreach(area PayerAccountStore TemplateStore)
    deskpay_add_test(server_${area} SOURCES test_${area}.cpp TestDatabase.h LIBS ${SERVER_TEST_LIBS} LABELS server)
    deskpay_add_test(server_${area}Postgres SOURCES test_${area}.cpp TestDatabase.h
                     LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
    target_compile_definitions(server_${area}Postgres PRIVATE DESKPAY_TEST_POSTGRES)
endforeach()

deskpay_add_test(server_PayerAuthRoutes SOURCES test_PayerAuthRoutes.cpp ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_PayerAuthRoutesPostgres SOURCES test_PayerAuthRoutes.cpp ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_PayerAuthRoutesPostgres PRIVATE DESKPAY_TEST_POSTGRES)
