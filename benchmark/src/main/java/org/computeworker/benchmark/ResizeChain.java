package org.computeworker.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.NotificationListener;

/**
 * The two-host resize chain (prep_resize on the destination → resize_instance on the source →
 * finish_resize on the destination), timed from the conductor's cast to the destination's
 * compute.instance.finish_resize.end notification; each round is confirmed before the next one
 * goes back the other way.
 */
final class ResizeChain {
    record Result(int rounds, Stats latency) {
    }

    private record Seen(String eventType, String instance, long nanos) {
    }

    private ResizeChain() {
    }

    static Result run(Path jar, String amqpUrl, String transportUrl, int rounds) throws Exception {
        String a = "bench-ra";
        String b = "bench-rb";
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        var factory = BrokerConnectionFactory.forUrl(transportUrl).connectionName("bench-listener").build();
        try (WorkerUnderTest hostA = WorkerUnderTest.start(jar, a, transportUrl, StartThroughput.NOTIFICATIONS_ON);
             WorkerUnderTest hostB = WorkerUnderTest.start(jar, b, transportUrl, StartThroughput.NOTIFICATIONS_ON);
             RawPublisher publisher = new RawPublisher(amqpUrl);
             NotificationListener listener = NotificationListener.builder(factory, MessagingOptions.defaults())
                     .topic("notifications").priorities(List.of("info", "error")).mode(NotificationListener.Mode.PRIVATE)
                     .onNotification(n -> seen.add(new Seen(n.eventType(), n.payload().path("instance_id").asText(),
                             System.nanoTime())))
                     .start()) {
            String uuid = Instances.uuid(7);
            Instance building = Instances.instance(uuid, a, "building", "scheduling", Instances.SMALL);
            publisher.cast(a, Instances.request("build_and_run_instance", Instances.args(building)));
            publisher.flush();
            await(seen, "compute.instance.create.end", uuid);

            String source = a;
            Flavor flavor = Instances.SMALL;
            long[] latencies = new long[rounds];
            int warmup = Math.min(50, rounds);
            for (int i = -warmup; i < rounds; i++) {
                String dest = source.equals(a) ? b : a;
                Flavor next = flavor == Instances.SMALL ? Instances.LARGER : Instances.SMALL;
                Migration m = Instances.migration(uuid, source, dest, flavor, next);
                long t0 = System.nanoTime();
                publisher.cast(dest, Instances.request("prep_resize", prepArgs(uuid, source, dest, flavor, next, m)));
                publisher.flush();
                long t1 = await(seen, "compute.instance.finish_resize.end", uuid);
                if (i >= 0) {
                    latencies[i] = t1 - t0;
                }
                Instance resized = Instances.instance(uuid, dest, "resized", null, next);
                resized.setOldFlavor(flavor.copy());
                m.setStatus("confirming");
                ObjectNode confirm = Instances.args(resized);
                confirm.set("migration", m.toPrimitive());
                publisher.cast(source, Instances.request("confirm_resize", confirm));
                publisher.flush();
                await(seen, "compute.instance.resize.confirm.end", uuid);
                source = dest;
                flavor = next;
            }
            return new Result(rounds, Stats.ofNanos(latencies));
        } finally {
            factory.destroy();
        }
    }

    private static ObjectNode prepArgs(String uuid, String source, String dest, Flavor from, Flavor to, Migration m) {
        ObjectNode args = Instances.args(Instances.instance(uuid, source, "active", "resize_prep", from));
        args.set("flavor", to.copy().toPrimitive());
        args.set("image", Json.object().put("id", "bench-image").put("disk_format", "raw"));
        args.set("filter_properties", Json.object());
        args.put("node", dest);
        args.put("clean_shutdown", true);
        args.set("migration", m.toPrimitive());
        args.putArray("host_list");
        return args;
    }

    private static long await(BlockingQueue<Seen> seen, String eventType, String uuid) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Seen s = seen.poll(1, TimeUnit.SECONDS);
            if (s != null && s.eventType().equals(eventType) && s.instance().equals(uuid)) {
                return s.nanos();
            }
        }
        throw new IllegalStateException("no " + eventType + " for " + uuid + " within 30 s");
    }
}
