# The payer pages in a real browser: playwright-core driving Debian's Chromium against a server
# with its --demo payment sandbox, and an agent's live event stream (issue 4 §4).
deskpay_add_test(server_PayerBrowser SOURCES test_PayerBrowser.cpp OrderTestKit.h EventTestSupport.h ApiTestClient.h
                 TestDatabase.h LIBS ${SERVER_TEST_LIBS} Qt6::WebSockets LABELS server e2e browser TIMEOUT 300)
