package org.computeworker.worker.keystone;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.computeworker.messages.config.ConfigException;

/** The TLS trust keystoneauth's {@code insecure} and {@code cafile} ask for, as an SSLContext. */
final class TlsContexts {
    private TlsContexts() {
    }

    /** The JDK's default trust, only the certificates of {@code cafile}, or (insecure) none at all. */
    static SSLContext forOptions(ServiceAuthOptions options) {
        try {
            if (options.insecure()) {
                return context(new TrustManager[] {new TrustEverything()});
            }
            if (options.cafile() != null) {
                return context(trustOnly(options.section(), options.cafile()));
            }
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for [" + options.section() + "]: " + e, e);
        }
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    /** requests' verify=cafile: the bundle replaces the system CAs rather than adding to them. */
    private static TrustManager[] trustOnly(String section, Path cafile) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("empty key store", e);
        }
        int i = 0;
        try (InputStream in = Files.newInputStream(cafile)) {
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new ConfigException("[" + section + "] cafile = '" + cafile + "' cannot be read as PEM"
                    + " certificates: " + e.getMessage());
        }
        if (i == 0) {
            throw new ConfigException("[" + section + "] cafile = '" + cafile + "' holds no certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * insecure = true: neither the chain nor the host name is checked. An extended trust manager is
     * needed for that, because the JDK checks host names inside the trust manager.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
