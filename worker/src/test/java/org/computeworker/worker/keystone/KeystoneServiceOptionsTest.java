package org.computeworker.worker.keystone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.junit.jupiter.api.Test;

class KeystoneServiceOptionsTest {
    static ServiceAuthOptions read(String conf) {
        return ServiceAuthOptions.read(new OptionReader(OsloConfigFile.parse(conf)), "placement", "placement");
    }

    private static String refused(String conf) {
        return assertThrows(ConfigException.class, () -> read(conf)).getMessage();
    }

    @Test
    void adminTokenWithNovasAdapterDefaults() {
        ServiceAuthOptions o = read("[placement]\nauth_type = admin_token\nendpoint = http://p:8778\ntoken = t0ken\n");
        assertEquals(AuthType.ADMIN_TOKEN, o.authType());
        assertEquals(URI.create("http://p:8778"), o.endpoint());
        assertEquals("t0ken", o.token());
        assertEquals(new EndpointFilter("placement", null, List.of("internal", "public"), null), o.endpointFilter());
        assertEquals(ServiceAuthOptions.DEFAULT_TIMEOUT, o.timeout());
        assertFalse(o.insecure());
        assertFalse(o.toString().contains("t0ken"), "the token stays out of logs: " + o);
    }

    @Test
    void passwordWithEveryAdapterOption() {
        ServiceAuthOptions o = read("""
                [placement]
                auth_type = password
                auth_url = http://keystone:5000/v3
                username = placement
                password = s3cret
                user_domain_name = Default
                project_name = service
                project_domain_name = Default
                valid_interfaces = public, adminURL
                region_name = RegionTwo
                service_type = placement-x
                service_name = placement
                endpoint_override = https://placement.example:8778/
                timeout = 7
                insecure = true
                """);
        PasswordCredentials p = o.password();
        assertEquals(URI.create("http://keystone:5000/v3"), p.authUrl());
        assertEquals("placement", p.username());
        assertEquals("Default", p.userDomainName());
        assertEquals("service", p.projectName());
        assertEquals(new EndpointFilter("placement-x", "placement", List.of("public", "admin"), "RegionTwo"),
                o.endpointFilter());
        assertEquals(URI.create("https://placement.example:8778/"), o.endpointOverride());
        assertEquals(Duration.ofSeconds(7), o.timeout());
        assertTrue(o.insecure());
        assertFalse(o.toString().contains("s3cret"), "the password stays out of logs: " + o);
    }

    @Test
    void defaultDomainStandsInForUserAndProjectDomains() {
        PasswordCredentials p = read("[placement]\nauth_type = password\nauth_url = http://k:5000\nusername = u\n"
                + "password = p\nproject_name = service\ndefault_domain_id = default\n").password();
        assertEquals("default", p.userDomainId());
        assertEquals("default", p.projectDomainId());
        assertNull(p.userDomainName());
    }

    @Test
    void authSectionHoldsThePluginOptions() {
        ServiceAuthOptions o = read("[placement]\nauth_section = keystone_authtoken\nregion_name = R1\n"
                + "[keystone_authtoken]\nauth_type = password\nauth_url = http://k:5000\nusername = nova\n"
                + "password = p\nproject_name = service\n");
        assertEquals(AuthType.PASSWORD, o.authType());
        assertEquals("nova", o.password().username());
        assertEquals("R1", o.endpointFilter().regionName());
    }

    @Test
    void unsetAuthTypeNeedsAnEndpointOverride() {
        assertEquals(AuthType.NONE, read("[placement]\nendpoint_override = http://p:8778\n").authType());
        String message = refused("[placement]\nregion_name = R1\n");
        assertTrue(message.contains("[placement] endpoint") && message.contains("endpoint_override"), message);
    }

    @Test
    void errorsNameTheSectionAndOption() {
        String admin = "[placement]\nauth_type = admin_token\nendpoint = http://p\ntoken = t\n";
        String password = "[placement]\nauth_type = password\nauth_url = http://k:5000\nusername = u\npassword = p\n";
        assertRefused("[placement] auth_type", "[placement]\nauth_type = token2\n");
        assertRefused("[placement] auth_url", "[placement]\nauth_type = password\nusername = u\npassword = p\n");
        assertRefused("[placement] auth_url", password.replace("http://k:5000", "keystone:5000"));
        assertRefused("[placement] password", "[placement]\nauth_type = password\nauth_url = http://k\nusername = u\n");
        assertRefused("[placement] username", "[placement]\nauth_type = password\nauth_url = http://k\npassword = p\n");
        assertRefused("[placement] domain_id", password + "project_name = s\ndomain_name = d\n");
        assertRefused("[placement] system_scope", password + "system_scope = some\n");
        assertRefused("[placement] token", "[placement]\nauth_type = admin_token\nendpoint = http://p\n");
        assertRefused("[placement] endpoint", "[placement]\nauth_type = admin_token\ntoken = t\n");
        assertRefused("[placement] valid_interfaces", admin + "valid_interfaces = internal, private\n");
        assertRefused("[placement] timeout", admin + "timeout = soon\n");
        assertRefused("[placement] insecure", admin + "insecure = maybe\n");
        assertRefused("[placement] cafile", admin + "cafile = /nonexistent/ca.pem\n");
        assertRefused("[placement] certfile", admin + "certfile = /etc/ssl/client.pem\n");
        assertRefused("[placement] endpoint_override", admin + "endpoint_override = placement:8778\n");
    }

    private static void assertRefused(String where, String conf) {
        String message = refused(conf);
        assertTrue(message.contains(where), "expected '" + where + "' in: " + message);
    }
}
