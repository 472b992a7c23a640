# The payer web pages under /pay/, their cookie session and CSRF protection (issue 4 §1).
deskpay_add_test(server_PayerWeb SOURCES test_PayerWeb.cpp OrderTestKit.h ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_PayerWebPostgres SOURCES test_PayerWeb.cpp OrderTestKit.h ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_PayerWebPostgres PRIVATE DESKPAY_TEST_POSTGRES)

# The pages' pure client logic (envelope checks, ext → the provider's string form, i18n
# dictionaries complete) under node's own test runner.
# Without node the test fails (it never silently skips).
find_program(DESKPAY_NODE node)
if(DESKPAY_NODE)
    add_test(NAME e2e_PayClient COMMAND ${DESKPAY_NODE} --test ${PROJECT_SOURCE_DIR}/tests/e2e/pay-client.test.mjs)
else()
    add_test(NAME e2e_PayClient COMMAND ${CMAKE_COMMAND} -E echo "node (>= 20) is needed for this test")
    set_tests_properties(e2e_PayClient PROPERTIES WILL_FAIL FALSE PASS_REGULAR_EXPRESSION "^$")
endif()
set_tests_properties(e2e_PayClient PROPERTIES LABELS "server;e2e")
