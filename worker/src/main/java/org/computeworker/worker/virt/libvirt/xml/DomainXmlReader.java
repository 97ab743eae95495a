package org.computeworker.worker.virt.libvirt.xml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads back what the driver needs from a domain's XML as libvirt reports it. */
public final class DomainXmlReader {
    /** A file-backed disk of a domain: its file, qemu format (raw, qcow2) and guest device. */
    public record FileDisk(Path path, String format, String dev) {
    }

    private DomainXmlReader() {
    }

    /**
     * The domain's local file disks, in XML order, as nova's _get_instance_disk_info_from_config
     * selects them: network disks (RBD) and cdroms without a file are skipped.
     */
    public static List<FileDisk> fileDisks(String domainXml) {
        Document document = XmlDocument.parse(domainXml);
        NodeList disks = document.getDocumentElement().getElementsByTagName("disk");
        List<FileDisk> found = new ArrayList<>();
        for (int i = 0; i < disks.getLength(); i++) {
            Element disk = (Element) disks.item(i);
            if (!"file".equals(disk.getAttribute("type"))) {
                continue;
            }
            Element source = first(disk, "source");
            Element driver = first(disk, "driver");
            Element target = first(disk, "target");
            if (source == null || source.getAttribute("file").isEmpty()) {
                continue;
            }
            found.add(new FileDisk(Path.of(source.getAttribute("file")),
                    driver == null || driver.getAttribute("type").isEmpty() ? "raw" : driver.getAttribute("type"),
                    target == null ? null : target.getAttribute("dev")));
        }
        return found;
    }

    private static Element first(Element parent, String name) {
        NodeList list = parent.getElementsByTagName(name);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }
}
