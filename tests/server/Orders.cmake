# The order pipeline, queries, payer answers, deadlines (issue 3 §3, §4, §6).
deskpay_add_test(server_OrderPipeline SOURCES test_OrderPipeline.cpp OrderTestKit.h ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server)
deskpay_add_test(server_OrderPipelinePostgres SOURCES test_OrderPipeline.cpp OrderTestKit.h ApiTestClient.h TestDatabase.h
                 LIBS ${SERVER_TEST_LIBS} LABELS server postgres)
target_compile_definitions(server_OrderPipelinePostgres PRIVATE DESKPAY_TEST_POSTGRES)
