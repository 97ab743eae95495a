package org.computeworker.messages.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * oslo.messaging's transport_url: {@code rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost?query}.
 * User names and passwords are percent-decoded, as oslo does.
 */
public record TransportUrl(String scheme, List<Host> hosts, String virtualHost, Map<String, String> query) {

    public record Host(String hostname, int port, String username, String password) {
        @Override
        public String toString() {
            return (username == null ? "" : username + ":***@") + hostname + ":" + port;
        }
    }

    public static TransportUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("transport_url is empty");
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new ConfigException("transport_url '" + redact(url) + "' has no scheme (expected rabbit://...)");
        }
        String scheme = url.substring(0, schemeEnd);
        if (!scheme.equals("rabbit") && !scheme.equals("amqp") && !scheme.equals("kombu")) {
            throw new ConfigException("transport_url scheme '" + scheme + "' is not supported (use rabbit://)");
        }
        String rest = url.substring(schemeEnd + 3);
        String queryText = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            queryText = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String vhost = "/";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = decode(rest.substring(slash + 1));
            vhost = path.isEmpty() ? "/" : path;
            rest = rest.substring(0, slash);
        }
        List<Host> hosts = new ArrayList<>();
        for (String part : rest.split(",")) {
            if (!part.isEmpty()) {
                hosts.add(parseHost(part, url));
            }
        }
        if (hosts.isEmpty()) {
            throw new ConfigException("transport_url '" + redact(url) + "' names no host");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (queryText != null) {
            for (String kv : queryText.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    query.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
                } else if (!kv.isEmpty()) {
                    query.put(decode(kv), "");
                }
            }
        }
        return new TransportUrl(scheme, List.copyOf(hosts), vhost, Map.copyOf(query));
    }

    private static Host parseHost(String part, String url) {
        String user = null;
        String pass = null;
        int at = part.lastIndexOf('@');
        String hostPort = part;
        if (at >= 0) {
            String cred = part.substring(0, at);
            hostPort = part.substring(at + 1);
            int colon = cred.indexOf(':');
            user = decode(colon >= 0 ? cred.substring(0, colon) : cred);
            pass = colon >= 0 ? decode(cred.substring(colon + 1)) : null;
        }
        String host = hostPort;
        int port = 5672;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = hostPort.substring(1, close);
            if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                port = parsePort(hostPort.substring(close + 2), url);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = parsePort(hostPort.substring(colon + 1), url);
            }
        }
        if (host.isEmpty()) {
            throw new ConfigException("transport_url '" + redact(url) + "' has an empty host name");
        }
        return new Host(host, port, user, pass);
    }

    private static int parsePort(String text, String url) {
        try {
            int port = Integer.parseInt(text);
            if (port <= 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("transport_url '" + redact(url) + "' has an invalid port '" + text + "'");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with passwords masked, for logs and error messages. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(://|,)([^:/@,]*):[^@/,]*@", "$1$2:***@");
    }

    public boolean ssl() {
        String v = query.get("ssl");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    @Override
    public String toString() {
        return scheme + "://" + String.join(",", hosts.stream().map(Host::toString).toList()) + "/"
                + ("/".equals(virtualHost) ? "" : virtualHost);
    }
}
