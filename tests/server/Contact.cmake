# Contact channels: the contact_messages outbox and its dispatcher (issue 3 §3 step 5).
deskpay_add_test(server_ContactOutbox SOURCES test_ContactOutbox.cpp TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_ContactOutboxPostgres SOURCES test_ContactOutbox.cpp TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_ContactOutboxPostgres PRIVATE DESKPAY_TEST_POSTGRES)
deskpay_add_test(server_ContactDispatcher SOURCES test_ContactDispatcher.cpp TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_ContactDispatcherPostgres SOURCES test_ContactDispatcher.cpp TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_ContactDispatcherPostgres PRIVATE DESKPAY_TEST_POSTGRES)
