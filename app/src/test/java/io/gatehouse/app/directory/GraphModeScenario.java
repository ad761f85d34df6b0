package io.gatehouse.app.directory;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatehouse.directory.testing.TenantGraphDouble;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A Users page scenario against the service in graph mode: each test class starts its own service (with its own
 * properties) on a fresh database over the shared HTTPS Graph double, and each test gets an account of its own,
 * owned by a Global Administrator of a fresh tenant.
 */
abstract class GraphModeScenario {

    static GraphModeService service;
    static WireMockServer graph;

    Api api;
    Person owner;
    String tenant;
    String accountId;

    /** Called by each test class's own {@code @BeforeAll}. */
    static void startService(String... properties) {
        graph = TenantGraphDouble.server();
        service = GraphModeService.start(GraphModeService.freshDatabase(), properties);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    @BeforeEach
    void account() {
        api = service.api;
        owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
        tenant = owner.tenantId();
        TenantGraphDouble.tenant(tenant, false);
        accountId = service.createAccount(owner);
    }
}
