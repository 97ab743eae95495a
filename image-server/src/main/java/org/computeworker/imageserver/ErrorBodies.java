package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.computeworker.messages.Json;

/**
 * Error bodies as glance-api's webob produces them, chosen by the Accept header the same way:
 * HTML when the client takes anything (python-glanceclient sends no preference and parses
 * HTML), flat JSON {message, code, title} when it asks for JSON, plain text otherwise.
 */
final class ErrorBodies {
    /** A rendered body and its content type. */
    record Body(String contentType, byte[] bytes) {
    }

    private ErrorBodies() {
    }

    static Body render(String accept, int status, String title, String message) {
        String statusLine = status + " " + title;
        String body = message + "<br /><br />\n\n";
        return switch (negotiate(accept)) {
            case "text/html" -> text("text/html", "<html>\n <head>\n  <title>" + statusLine + "</title>\n </head>\n"
                    + " <body>\n  <h1>" + statusLine + "</h1>\n  " + escapeHtml(message) + "<br /><br />\n\n\n"
                    + " </body>\n</html>");
            case "application/json" -> {
                ObjectNode json = Json.object();
                json.put("message", body);
                json.put("code", statusLine);
                json.put("title", title);
                yield new Body("application/json", Json.writeBytes(json));
            }
            default -> text("text/plain", statusLine + "\n\n" + message + "\n\n\n");
        };
    }

    /** webob's acceptable_offers over [text/html, application/json]: the best q wins, ties go to HTML. */
    static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return "text/html";
        }
        double html = quality(accept, "text", "html");
        double json = quality(accept, "application", "json");
        if (html <= 0 && json <= 0) {
            return "text/plain";
        }
        return json > html ? "application/json" : "text/html";
    }

    /** The q the header gives the type, taking the most specific matching range as HTTP says. */
    private static double quality(String accept, String type, String subtype) {
        double best = 0;
        int bestSpecificity = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String[] media = parts[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
            if (media.length != 2) {
                continue;
            }
            int specificity;
            if (media[0].equals(type) && media[1].equals(subtype)) {
                specificity = 2;
            } else if (media[0].equals(type) && media[1].equals("*")) {
                specificity = 1;
            } else if (media[0].equals("*") && media[1].equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                best = q(parts);
            }
        }
        return best;
    }

    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static Body text(String type, String text) {
        return new Body(type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
