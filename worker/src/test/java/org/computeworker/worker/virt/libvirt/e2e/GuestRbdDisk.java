package org.computeworker.worker.virt.libvirt.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The {@code <disk type='network'>} of a domain as libvirt reports it ({@code virsh dumpxml}), parsed rather than
 * matched as text: a running domain's XML gains attributes ({@code index}) and libvirt chooses their order.
 *
 * @param monitors {@code host:port} of each {@code <host>} of the source
 */
record GuestRbdDisk(String protocol, String name, List<String> monitors, String driverType, String authUsername,
                    String secretType, String secretUuid, String targetDev) {

    /** The domain's only network disk; fails the test when there is none or several. */
    static GuestRbdDisk of(String domainXml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element domain = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(domainXml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            List<Element> network = new ArrayList<>();
            for (Element disk : children(first(domain, "devices"), "disk")) {
                if ("network".equals(disk.getAttribute("type"))) {
                    network.add(disk);
                }
            }
            if (network.size() != 1) {
                return fail("expected one <disk type='network'>, found " + network.size() + " in:\n" + domainXml);
            }
            Element disk = network.get(0);
            Element source = first(disk, "source");
            List<String> monitors = new ArrayList<>();
            for (Element host : children(source, "host")) {
                monitors.add(host.getAttribute("name") + ":" + host.getAttribute("port"));
            }
            Element auth = first(disk, "auth");
            Element secret = auth == null ? null : first(auth, "secret");
            return new GuestRbdDisk(source.getAttribute("protocol"), source.getAttribute("name"), monitors,
                    first(disk, "driver").getAttribute("type"), auth == null ? null : auth.getAttribute("username"),
                    secret == null ? null : secret.getAttribute("type"),
                    secret == null ? null : secret.getAttribute("uuid"), first(disk, "target").getAttribute("dev"));
        } catch (Exception e) {
            return fail("cannot parse the domain XML: " + e + "\n" + domainXml);
        }
    }

    private static Element first(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && tag.equals(e.getTagName())) {
                found.add(e);
            }
        }
        return found;
    }
}
