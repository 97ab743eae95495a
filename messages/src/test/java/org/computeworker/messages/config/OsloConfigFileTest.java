package org.computeworker.messages.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OsloConfigFileTest {

    @Test
    void readsValuesAsOsloConfigDoes() {
        OsloConfigFile conf = OsloConfigFile.parse("""
                # a comment
                [DEFAULT]
                host = hostA
                transport_url = rabbit://nova:p#ss;word@10.0.0.1:5672/
                state_path: /var/lib/nova
                instances_path = $state_path/instances
                quoted = "  spaced  "
                ; another comment
                [oslo_messaging_notifications]
                driver = messagingv2
                driver = messaging
                topics = notifications,
                  billing
                """);
        assertEquals("hostA", conf.get("DEFAULT", "host").orElseThrow());
        assertEquals("rabbit://nova:p#ss;word@10.0.0.1:5672/", conf.get("DEFAULT", "transport_url").orElseThrow(),
                "no inline comments: # and ; stay in the value");
        assertEquals("/var/lib/nova/instances", conf.get("DEFAULT", "instances_path").orElseThrow());
        assertEquals("  spaced  ", conf.get("DEFAULT", "quoted").orElseThrow());
        assertEquals("messaging", conf.get("oslo_messaging_notifications", "driver").orElseThrow());
        assertEquals(List.of("messagingv2", "messaging"), conf.getAll("oslo_messaging_notifications", "driver"));
        assertEquals("notifications,\nbilling", conf.get("oslo_messaging_notifications", "topics").orElseThrow());
        assertTrue(conf.get("DEFAULT", "missing").isEmpty());
    }

    @Test
    void substitutionFallsBackToDefaultsAndNamesMissingOptions() {
        OsloConfigFile conf = OsloConfigFile.parse("[DEFAULT]\ninstances_path = $state_path/instances\nx = ${nope}\n");
        conf.setSubstitutionDefault("state_path", "/srv/nova");
        assertEquals("/srv/nova/instances", conf.get("DEFAULT", "instances_path").orElseThrow());
        ConfigException e = assertThrows(ConfigException.class, () -> conf.get("DEFAULT", "x"));
        assertTrue(e.getMessage().contains("$nope"), e.getMessage());
    }

    @Test
    void malformedLinesAreRefusedWithTheirLineNumber() {
        ConfigException e = assertThrows(ConfigException.class, () -> OsloConfigFile.parse("[DEFAULT]\njust words\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(ConfigException.class, () -> OsloConfigFile.parse("host = a\n"));
        assertThrows(ConfigException.class, () -> OsloConfigFile.parse("[DEFAULT\n"));
    }

    @Test
    void transportUrlParsesHostsCredentialsAndVhost() {
        TransportUrl url = TransportUrl.parse("rabbit://nova:s%40cret@r1:5673,nova:s%40cret@r2/openstack?ssl=1");
        assertEquals(2, url.hosts().size());
        assertEquals("s@cret", url.hosts().get(0).password());
        assertEquals(5673, url.hosts().get(0).port());
        assertEquals(5672, url.hosts().get(1).port());
        assertEquals("openstack", url.virtualHost());
        assertTrue(url.ssl());
        assertEquals("/", TransportUrl.parse("rabbit://guest:guest@127.0.0.1:5672/").virtualHost());
        assertEquals("rabbit://nova:***@r1:5672/", TransportUrl.redact("rabbit://nova:pw@r1:5672/"));
        assertThrows(ConfigException.class, () -> TransportUrl.parse("http://x"));
        assertThrows(ConfigException.class, () -> TransportUrl.parse("rabbit://h:99999/"));
    }
}
