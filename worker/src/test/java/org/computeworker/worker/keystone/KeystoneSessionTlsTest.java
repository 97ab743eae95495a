package org.computeworker.worker.keystone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cafile and insecure against real TLS servers whose certificates keytool makes for the test. */
class KeystoneSessionTlsTest {
    private static final String PASS = "changeit";
    @TempDir
    static Path dir;
    private static HttpsServer matching;
    private static HttpsServer otherHost;

    @BeforeAll
    static void start() throws Exception {
        matching = server(certificate("matching", "SAN=ip:127.0.0.1"));
        otherHost = server(certificate("other", "SAN=dns:elsewhere.example"));
    }

    @AfterAll
    static void stop() {
        matching.stop(0);
        otherHost.stop(0);
    }

    private static ServiceResponse get(HttpsServer server, String extra) {
        String conf = "[placement]\nauth_type = admin_token\nendpoint = https://127.0.0.1:"
                + server.getAddress().getPort() + "\ntoken = admin\n" + extra;
        return KeystoneSession.open(KeystoneServiceOptionsTest.read(conf)).send(ServiceRequest.get("/"));
    }

    @Test
    void cafileIsTrusted() {
        assertEquals(200, get(matching, "cafile = " + dir.resolve("matching.pem") + "\n").status());
    }

    @Test
    void withoutCafileAnUnknownIssuerIsRefused() {
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class, () -> get(matching, ""));
        assertTrue(e.url().startsWith("https://127.0.0.1:"), e.url());
        assertInstanceOf(SSLHandshakeException.class, e.getCause());
    }

    @Test
    void cafileStillChecksTheHostName() {
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> get(otherHost, "cafile = " + dir.resolve("other.pem") + "\n"));
        assertInstanceOf(SSLHandshakeException.class, e.getCause());
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void insecureChecksNeitherIssuerNorHostName() {
        assertEquals(200, get(otherHost, "insecure = true\n").status());
    }

    private static Path certificate(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-ext", san, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASS,
                "-file", dir.resolve(name + ".pem").toString());
        return store;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static HttpsServer server(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            try (exchange) {
                FakeKeystone.respond(exchange, 200, "{}");
            }
        });
        server.start();
        return server;
    }
}
