package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.computeworker.messages.Json;

/** The image-server command line: {@code serve} (the default) and {@code import}. */
public final class ImageServerMain {
    static final String USAGE = String.join("\n",
            "usage:",
            "  image-server [serve] --dir DIR [--port 9292] [--bind 127.0.0.1]",
            "               [--show-direct-url] [--show-multiple-locations] [--image-size-cap BYTES]",
            "  image-server import --dir DIR --file FILE --disk-format FORMAT [--container-format bare]",
            "               [--name NAME] [--id UUID] [--visibility public] [--min-disk GB] [--min-ram MB]",
            "               [--property KEY=VALUE]... [--rbd-pool POOL [--ceph-conf FILE] [--ceph-user USER]]");
    private static final int DEFAULT_PORT = 9292;

    private ImageServerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs a command; returns the exit status (0 done, 1 failed, 2 bad usage). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean isImport = !args.isEmpty() && args.get(0).equals("import");
        boolean isServe = !args.isEmpty() && args.get(0).equals("serve");
        List<String> rest = isImport || isServe ? args.subList(1, args.size()) : args;
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        try {
            if (isImport) {
                return importImage(rest, out);
            }
            return serve(rest, out);
        } catch (IllegalArgumentException e) {
            err.println("image-server: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("image-server: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(List<String> args, PrintStream out) throws IOException {
        CliArgs cli = CliArgs.parse(args, Set.of("dir", "port", "bind", "image-size-cap"),
                Set.of("show-direct-url", "show-multiple-locations"));
        ImageServerOptions options = ImageServerOptions.defaults()
                .withBindAddress(cli.get("bind", "127.0.0.1"))
                .withLocationsShown(cli.has("show-direct-url"), cli.has("show-multiple-locations"))
                .withImageSizeCap(sizeCap(cli));
        Path dir = Path.of(cli.required("dir"));
        ImageServer server = ImageServer.start(dir, cli.integer("port", DEFAULT_PORT, 0, 65535), options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "image-server-shutdown"));
        out.println("image-server listening on " + server.baseUrl() + ", images in " + dir.toAbsolutePath());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int importImage(List<String> args, PrintStream out) throws IOException {
        CliArgs cli = CliArgs.parse(args, Set.of("dir", "file", "disk-format", "container-format", "name", "id",
                "visibility", "min-disk", "min-ram", "property", "rbd-pool", "ceph-conf", "ceph-user"), Set.of());
        ImportRequest request = new ImportRequest(Path.of(cli.required("file")), cli.required("disk-format"),
                cli.get("container-format", null), cli.get("name", null), cli.get("id", null),
                cli.get("visibility", null), cli.integer("min-disk", 0, 0, Integer.MAX_VALUE),
                cli.integer("min-ram", 0, 0, Integer.MAX_VALUE), cli.pairs("property"));
        RbdStore rbd = null;
        if (cli.has("rbd-pool")) {
            rbd = new RbdStore(cli.required("rbd-pool"), cli.get("ceph-conf", null), cli.get("ceph-user", null));
        } else if (cli.has("ceph-conf") || cli.has("ceph-user")) {
            throw new IllegalArgumentException("--ceph-conf and --ceph-user only apply with --rbd-pool");
        }
        ImageServerOptions shown = ImageServerOptions.defaults().withLocationsShown(true, true);
        ObjectNode image = new ImageImporter(Path.of(cli.required("dir")), shown).importFile(request, rbd);
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(image));
        return 0;
    }

    private static long sizeCap(CliArgs cli) {
        String v = cli.get("image-size-cap", null);
        if (v == null) {
            return ImageServerOptions.DEFAULT_IMAGE_SIZE_CAP;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--image-size-cap must be a number of bytes, got '" + v + "'");
        }
    }
}
