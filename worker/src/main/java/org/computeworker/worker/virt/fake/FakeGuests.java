package org.computeworker.worker.virt.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.computeworker.messages.Json;
import org.computeworker.worker.virt.PowerState;

/**
 * The fake hypervisor's guests, kept in a small JSON file so they outlive a worker restart as real
 * guests outlive a nova-compute restart.
 */
final class FakeGuests {
    record Guest(String uuid, PowerState state, int vcpus, int memoryMb, int rootGb, int ephemeralGb, boolean kept) {
        Guest withState(PowerState s) {
            return new Guest(uuid, s, vcpus, memoryMb, rootGb, ephemeralGb, kept);
        }

        Guest kept(boolean k) {
            return new Guest(uuid, state, vcpus, memoryMb, rootGb, ephemeralGb, k);
        }
    }

    private final Path file;
    private final Map<String, Guest> guests = new LinkedHashMap<>();

    FakeGuests(Path file) {
        this.file = file;
        load();
    }

    synchronized Optional<Guest> get(String uuid) {
        return Optional.ofNullable(guests.get(uuid));
    }

    synchronized void put(Guest g) {
        guests.put(g.uuid(), g);
        persist();
    }

    synchronized void remove(String uuid) {
        if (guests.remove(uuid) != null) {
            persist();
        }
    }

    synchronized int count() {
        return guests.size();
    }

    synchronized int[] used() {
        int vcpus = 0;
        int mem = 0;
        int disk = 0;
        for (Guest g : guests.values()) {
            vcpus += g.vcpus();
            mem += g.memoryMb();
            disk += g.rootGb() + g.ephemeralGb();
        }
        return new int[] {vcpus, mem, disk};
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Json.parse(Files.readAllBytes(file)).fields().forEachRemaining(e -> {
                var v = e.getValue();
                guests.put(e.getKey(), new Guest(e.getKey(), PowerState.valueOf(v.path("state").asText("NOSTATE")),
                        v.path("vcpus").asInt(), v.path("memory_mb").asInt(), v.path("root_gb").asInt(),
                        v.path("ephemeral_gb").asInt(), v.path("kept").asBoolean()));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fake guests from " + file, e);
        }
    }

    private void persist() {
        if (file == null) {
            return;
        }
        ObjectNode all = Json.object();
        guests.values().forEach(g -> all.putObject(g.uuid()).put("state", g.state().name()).put("vcpus", g.vcpus())
                .put("memory_mb", g.memoryMb()).put("root_gb", g.rootGb()).put("ephemeral_gb", g.ephemeralGb())
                .put("kept", g.kept()));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.writeBytes(all));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write fake guests to " + file, e);
        }
    }
}
