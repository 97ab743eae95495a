package org.computeworker.worker.keystone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.computeworker.worker.keystone.FakeKeystone.ServiceCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeystoneSessionTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeKeystone keystone;

    @BeforeEach
    void start() throws IOException {
        keystone = new FakeKeystone(clock);
    }

    @AfterEach
    void stop() {
        keystone.close();
    }

    private String passwordConf(String authPath, String extra) {
        return "[placement]\nauth_type = password\nauth_url = " + keystone.baseUrl() + authPath + "\n"
                + "username = placement\npassword = s3cret\nuser_domain_name = Default\nproject_name = service\n"
                + "project_domain_name = Default\n" + extra;
    }

    private KeystoneSession session(String conf) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new KeystoneSession(KeystoneServiceOptionsTest.read(conf), http, clock);
    }

    private static String path(ServiceResponse r) {
        assertEquals(200, r.status(), r.toString() + " " + r.text());
        return r.json().path("path").asText();
    }

    @Test
    void passwordTokenIsIssuedOnceAndSentToTheInternalEndpoint() {
        KeystoneSession s = session(passwordConf("", ""));
        assertEquals("/svc/placement-internal/resource_providers", path(s.send(ServiceRequest.get("/resource_providers"))));
        assertEquals("/svc/placement-internal/traits", path(s.send(ServiceRequest.get("/traits"))));
        assertEquals(1, keystone.tokensIssued());
        assertEquals(List.of("/v3/auth/tokens"), keystone.authPaths());
        assertEquals(List.of("token-1", "token-1"), keystone.serviceCalls().stream().map(ServiceCall::token).toList());

        JsonNode auth = keystone.authBodies().get(0).path("auth");
        assertEquals("password", auth.path("identity").path("methods").get(0).asText());
        JsonNode user = auth.path("identity").path("password").path("user");
        assertEquals("placement", user.path("name").asText());
        assertEquals("s3cret", user.path("password").asText());
        assertEquals("Default", user.path("domain").path("name").asText());
        assertEquals("service", auth.path("scope").path("project").path("name").asText());
        assertEquals("Default", auth.path("scope").path("project").path("domain").path("name").asText());
    }

    @Test
    void authUrlWithOrWithoutV3ReachesTheSameTokenPath() {
        session(passwordConf("/identity/v3/", "")).send(ServiceRequest.get("/x"));
        session(passwordConf("/identity", "")).send(ServiceRequest.get("/x"));
        assertEquals(List.of("/identity/v3/auth/tokens", "/identity/v3/auth/tokens"), keystone.authPaths());
    }

    @Test
    void validInterfacesAreTriedInOrderAndRegionAndNameMustMatch() {
        assertEquals("/svc/placement-public/x",
                path(session(passwordConf("", "valid_interfaces = public, internal\n")).send(ServiceRequest.get("/x"))));
        assertEquals("/svc/placement-admin/x", path(session(passwordConf("",
                "valid_interfaces = admin\nregion_name = RegionOne\nservice_name = placement\n"))
                .send(ServiceRequest.get("/x"))));
        assertEquals("/svc/image-public/v2/images", path(session(passwordConf("",
                "service_type = image\n")).send(ServiceRequest.get("/v2/images"))));

        EndpointNotFoundException region = assertThrows(EndpointNotFoundException.class,
                () -> session(passwordConf("", "region_name = RegionTwo\n")).send(ServiceRequest.get("/x")));
        assertTrue(region.getMessage().contains("'placement'") && region.getMessage().contains("RegionTwo"),
                region.getMessage());
        assertThrows(EndpointNotFoundException.class,
                () -> session(passwordConf("", "service_name = other\n")).send(ServiceRequest.get("/x")));
        assertThrows(EndpointNotFoundException.class, () -> session(passwordConf("",
                "service_type = image\nvalid_interfaces = internal\n")).send(ServiceRequest.get("/x")));
    }

    @Test
    void tokenIsRenewedWhenLessThanTwoMinutesRemain() {
        KeystoneSession s = session(passwordConf("", ""));
        s.send(ServiceRequest.get("/a"));
        clock.advance(Duration.ofMinutes(57)); // 3 minutes left: still good
        s.send(ServiceRequest.get("/b"));
        assertEquals(1, keystone.tokensIssued());
        clock.advance(Duration.ofSeconds(61)); // 119 s left: keystoneauth renews below 120 s
        s.send(ServiceRequest.get("/c"));
        assertEquals(2, keystone.tokensIssued());
        assertEquals(List.of("token-1", "token-1", "token-2"),
                keystone.serviceCalls().stream().map(ServiceCall::token).toList());
    }

    @Test
    void a401GetsANewTokenAndOneMoreTry() {
        KeystoneSession s = session(passwordConf("", ""));
        s.send(ServiceRequest.get("/a"));
        keystone.revokeAll();
        assertEquals("/svc/placement-internal/b", path(s.send(ServiceRequest.get("/b"))));
        assertEquals(2, keystone.tokensIssued());
        assertEquals(List.of("token-1", "token-1", "token-2"),
                keystone.serviceCalls().stream().map(ServiceCall::token).toList());
    }

    @Test
    void aSecond401IsReturnedNotRetriedAgain() {
        KeystoneSession s = session(passwordConf("", ""));
        keystone.serviceRejectsAll = true;
        assertEquals(401, s.send(ServiceRequest.get("/a")).status());
        assertEquals(2, keystone.tokensIssued());
        assertEquals(2, keystone.serviceCalls().size());
    }

    @Test
    void keystoneRefusingTheCredentialsIsAnAuthFailureNamingItsUrl() {
        keystone.authStatus = 401;
        AuthFailureException e = assertThrows(AuthFailureException.class,
                () -> session(passwordConf("", "")).send(ServiceRequest.get("/a")));
        assertEquals(401, e.status());
        assertEquals(keystone.baseUrl() + "/v3/auth/tokens", e.url());
        assertTrue(e.getMessage().contains(keystone.baseUrl() + "/v3/auth/tokens") && e.getMessage().contains("401"),
                e.getMessage());
        assertTrue(keystone.serviceCalls().isEmpty());
    }

    @Test
    void keystoneDownIsServiceUnavailableWithTheCause() throws IOException {
        String dead = "http://127.0.0.1:" + freePort();
        String conf = passwordConf("", "").replace(keystone.baseUrl(), dead);
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> session(conf).send(ServiceRequest.get("/a")));
        assertEquals("keystone", e.service());
        assertEquals(dead + "/v3/auth/tokens", e.url());
        assertNotNull(e.getCause());
    }

    @Test
    void adminTokenGoesToItsEndpointAndA401IsNotRetried() {
        KeystoneSession s = session("[placement]\nauth_type = admin_token\nendpoint = " + keystone.baseUrl()
                + "/svc/fixed\ntoken = admin\n");
        ServiceResponse r = s.send(ServiceRequest.get("/resource_providers"));
        assertEquals(401, r.status()); // the fake service knows only the tokens it issued
        assertEquals(List.of(new ServiceCall("/svc/fixed/resource_providers", "admin")), keystone.serviceCalls());
        assertEquals(0, keystone.tokensIssued());
    }

    @Test
    void endpointOverrideWinsOverTheCatalogAndNoneSendsNoToken() {
        KeystoneSession password = session(passwordConf("", "endpoint_override = " + keystone.baseUrl()
                + "/svc/override/\n"));
        assertEquals("/svc/override/x", path(password.send(ServiceRequest.get("/x"))));
        KeystoneSession none = session("[placement]\nauth_type = none\nendpoint = " + keystone.baseUrl()
                + "/svc/none\n");
        none.send(ServiceRequest.get("/y"));
        ServiceCall last = keystone.serviceCalls().get(keystone.serviceCalls().size() - 1);
        assertEquals("/svc/none/y", last.path());
        assertNull(last.token());
    }

    @Test
    void unreachableServiceIsServiceUnavailableNamingServiceAndUrl() throws IOException {
        String dead = "http://127.0.0.1:" + freePort() + "/placement";
        KeystoneSession s = session("[placement]\nauth_type = admin_token\nendpoint = " + dead + "\ntoken = admin\n");
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> s.send(ServiceRequest.get("/resource_providers")));
        assertEquals("placement", e.service());
        assertEquals(dead + "/resource_providers", e.url());
        assertTrue(e.getMessage().startsWith("placement is unavailable at " + dead + "/resource_providers"),
                e.getMessage());
        assertNotNull(e.getCause());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
