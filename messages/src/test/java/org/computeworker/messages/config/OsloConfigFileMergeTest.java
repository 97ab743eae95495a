package org.computeworker.messages.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --config-file nova.conf --config-file nova-compute.conf}: read in order, as oslo.config does. */
class OsloConfigFileMergeTest {
    private final OsloConfigFile novaConf = OsloConfigFile.parse("""
            [DEFAULT]
            host = from-nova-conf
            state_path = /var/lib/nova
            [oslo_messaging_notifications]
            driver = messagingv2
            [database]
            connection = mysql+pymysql://nova:secret@db/nova
            """);
    private final OsloConfigFile computeConf = OsloConfigFile.parse("""
            [DEFAULT]
            host = compute-7
            instances_path = $state_path/instances
            [oslo_messaging_notifications]
            driver = log
            """);

    @Test
    void aLaterFileWinsForAnOptionAndMultiValuedOptionsCollectEveryValue() {
        OsloConfigFile merged = OsloConfigFile.merge(List.of(novaConf, computeConf));
        assertEquals("compute-7", merged.get("DEFAULT", "host").orElseThrow());
        assertEquals(List.of("messagingv2", "log"), merged.getAll("oslo_messaging_notifications", "driver"));
    }

    @Test
    void substitutionsSeeOptionsOfEveryFileAndUnusedSectionsAreKept() {
        OsloConfigFile merged = OsloConfigFile.merge(List.of(novaConf, computeConf));
        assertEquals("/var/lib/nova/instances", merged.get("DEFAULT", "instances_path").orElseThrow());
        assertEquals("mysql+pymysql://nova:secret@db/nova", merged.get("database", "connection").orElseThrow());
    }
}
