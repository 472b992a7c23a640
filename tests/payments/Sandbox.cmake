# The provider sandbox (paysandbox/): both gateway styles over real TLS, notifications and resends.
# CertificateFactory (deskpay_server) issues the test certificates; the sandbox itself does not
# depend on deskpay_server.
deskpay_add_test(payments_ProviderSandbox SOURCES test_ProviderSandbox.cpp SandboxTestSupport.h
                 LIBS deskpay_paysandbox deskpay_server ${PAYMENTS_TEST_LIBS} Qt6::HttpServer LABELS payments)
