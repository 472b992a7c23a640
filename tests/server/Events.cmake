# The event log, GET /v1/events, the WebSocket stream and fan-out over LISTEN/NOTIFY (issue 3 §5).
set(DESKPAY_EVENT_TEST_LIBS ${SERVER_TEST_LIBS} Qt6::WebSockets Qt6::HttpServer)

foreach(area EventLog EventRoutes EventStream)
    deskpay_add_test(server_${area} SOURCES test_${area}.cpp EventTestSupport.h ApiTestClient.h TestDatabase.h
                     LIBS ${DESKPAY_EVENT_TEST_LIBS} LABELS server)
    deskpay_add_test(server_${area}Postgres SOURCES test_${area}.cpp EventTestSupport.h ApiTestClient.h TestDatabase.h
                     LIBS ${DESKPAY_EVENT_TEST_LIBS} LABELS server postgres)
    target_compile_definitions(server_${area}Postgres PRIVATE DESKPAY_TEST_POSTGRES)
endforeach()

# Two server instances on one PostgreSQL schema: PostgreSQL only.
deskpay_add_test(server_EventFanOutPostgres SOURCES test_EventFanOut.cpp EventTestSupport.h ApiTestClient.h
                 TestDatabase.h LIBS ${DESKPAY_EVENT_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_EventFanOutPostgres PRIVATE DESKPAY_TEST_POSTGRES)
