package org.computeworker.worker.virt.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.computeworker.worker.image.backend.DiskSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class GuestXmlTest {
    static final String UUID = "0b5e6d0e-8a5e-4c7e-9d3a-1f2e3d4c5b6a";
    static final String HOSTILE = "a<b>&c'd\"e]]></nova:name><devices/><!--";

    @Test
    void directKernelBootWithFileDiskAndConsoleLog() throws Exception {
        Document doc = parse(GuestXml.render(config(Path.of("/srv/inst/" + UUID), null)));
        assertEquals("qemu", xpath(doc, "/domain/@type"));
        assertEquals("instance-0000002a", xpath(doc, "/domain/name"));
        assertEquals(UUID, xpath(doc, "/domain/uuid"));
        assertEquals("262144", xpath(doc, "/domain/memory"));
        assertEquals("2", xpath(doc, "/domain/vcpu"));
        assertEquals("hvm", xpath(doc, "/domain/os/type"));
        assertEquals("/srv/inst/" + UUID + "/kernel", xpath(doc, "/domain/os/kernel"));
        assertEquals("/srv/inst/" + UUID + "/ramdisk", xpath(doc, "/domain/os/initrd"));
        assertEquals("root=/dev/vda console=tty0", xpath(doc, "/domain/os/cmdline"));
        assertEquals("0", xpath(doc, "count(/domain/os/boot)"));
        assertEquals("1", xpath(doc, "count(/domain/features/acpi)"));
        assertEquals("1", xpath(doc, "count(/domain/features/apic)"));
        assertEquals("file", xpath(doc, "/domain/devices/disk/@type"));
        assertEquals("disk", xpath(doc, "/domain/devices/disk/@device"));
        assertEquals("qemu", xpath(doc, "/domain/devices/disk/driver/@name"));
        assertEquals("qcow2", xpath(doc, "/domain/devices/disk/driver/@type"));
        assertEquals("none", xpath(doc, "/domain/devices/disk/driver/@cache"));
        assertEquals("/srv/inst/" + UUID + "/disk", xpath(doc, "/domain/devices/disk/source/@file"));
        assertEquals("vda", xpath(doc, "/domain/devices/disk/target/@dev"));
        assertEquals("virtio", xpath(doc, "/domain/devices/disk/target/@bus"));
        assertEquals("pty", xpath(doc, "/domain/devices/serial/@type"));
        assertEquals("/srv/inst/" + UUID + "/console.log", xpath(doc, "/domain/devices/serial/log/@file"));
        assertEquals("OpenStack Nova", xpath(doc, "/domain/sysinfo/system/entry[@name='product']"));
    }

    @Test
    void withoutKernelTheGuestBootsFromItsDisk() throws Exception {
        GuestConfig c = config(Path.of("/i"), null);
        GuestConfig diskBoot = new GuestConfig(c.virtType(), c.name(), c.uuid(), c.memoryKib(), c.vcpus(), null, null,
                null, List.of("hd"), c.disks(), c.consoleLog(), c.metadata());
        Document doc = parse(GuestXml.render(diskBoot));
        assertEquals("hd", xpath(doc, "/domain/os/boot/@dev"));
        assertEquals("0", xpath(doc, "count(/domain/os/kernel)"));
    }

    @Test
    void rbdDiskIsANetworkDiskWithCephAuth() throws Exception {
        DiskSource.Rbd rbd = new DiskSource.Rbd("vms", UUID + "_disk", List.of("10.0.0.1", "10.0.0.2"),
                List.of("6789", "3300"), "openstack", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        Document doc = parse(GuestXml.render(config(Path.of("/i"), rbd)));
        assertEquals("network", xpath(doc, "/domain/devices/disk/@type"));
        assertEquals("raw", xpath(doc, "/domain/devices/disk/driver/@type"));
        assertEquals("rbd", xpath(doc, "/domain/devices/disk/source/@protocol"));
        assertEquals("vms/" + UUID + "_disk", xpath(doc, "/domain/devices/disk/source/@name"));
        assertEquals("10.0.0.2", xpath(doc, "/domain/devices/disk/source/host[2]/@name"));
        assertEquals("3300", xpath(doc, "/domain/devices/disk/source/host[2]/@port"));
        assertEquals("openstack", xpath(doc, "/domain/devices/disk/auth/@username"));
        assertEquals("ceph", xpath(doc, "/domain/devices/disk/auth/secret/@type"));
        assertEquals("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", xpath(doc, "/domain/devices/disk/auth/secret/@uuid"));
    }

    @Test
    void rbdUserWithoutASecretGivesNoAuth() throws Exception {
        DiskSource.Rbd rbd = new DiskSource.Rbd("vms", UUID + "_disk", List.of("10.0.0.1"), List.of("6789"),
                "openstack", null);
        Document doc = parse(GuestXml.render(config(Path.of("/i"), rbd)));
        assertEquals("rbd", xpath(doc, "/domain/devices/disk/source/@protocol"));
        assertEquals("0", xpath(doc, "count(/domain/devices/disk/auth)"));
    }

    @Test
    void hostileValuesStayTextAndAttributes() throws Exception {
        Path dir = Path.of("/srv/it's <here> & \"there\"");
        DiskSource.Rbd rbd = new DiskSource.Rbd("p'o\"o<l>", "i&m", List.of("h\"ost"), List.of("1'2"), "u<s>er",
                "x'y");
        String xml = GuestXml.render(config(dir, rbd, HOSTILE + "\u0001\u0000", HOSTILE));
        Document doc = parse(xml);
        assertEquals(dir + "/kernel", xpath(doc, "/domain/os/kernel"));
        assertEquals(dir + "/console.log", xpath(doc, "/domain/devices/serial/log/@file"));
        assertEquals("p'o\"o<l>/i&m", xpath(doc, "/domain/devices/disk/source/@name"));
        assertEquals("h\"ost", xpath(doc, "/domain/devices/disk/source/host/@name"));
        assertEquals("u<s>er", xpath(doc, "/domain/devices/disk/auth/@username"));
        // Characters XML cannot carry are dropped from free text; everything else survives as text.
        assertEquals(HOSTILE, xpathNova(doc, "/domain/metadata/nova:instance/nova:name"));
        assertEquals(HOSTILE, xpathNova(doc, "/domain/metadata/nova:instance/nova:flavor/@name"));
        assertEquals("1", xpath(doc, "count(/domain/devices)"), "no element was injected");
        assertEquals("1", xpath(doc, "count(/domain/devices/disk)"));
        assertFalse(xml.contains("<devices/>"));
    }

    @Test
    void aPathXmlCannotCarryIsRefusedNotMangled() {
        Path dir = Path.of("/srv/bad\u0001dir");
        assertThrows(IllegalArgumentException.class, () -> GuestXml.render(config(dir, null)));
    }

    @Test
    void readerFindsFileDisksOnly() {
        DiskSource.Rbd rbd = new DiskSource.Rbd("vms", "x", List.of(), List.of(), null, null);
        GuestConfig c = config(Path.of("/i"), null);
        List<GuestDisk> disks = List.of(c.disks().get(0), new GuestDisk(rbd, "vdb", "virtio", "disk", "none"),
                new GuestDisk(new DiskSource.File(Path.of("/i/disk.swap"), "raw"), "vdc", "virtio", "disk", "none"));
        GuestConfig two = new GuestConfig(c.virtType(), c.name(), c.uuid(), c.memoryKib(), c.vcpus(), c.kernel(),
                c.initrd(), c.cmdline(), List.of(), disks, c.consoleLog(), null);
        assertEquals(List.of(new DomainXmlReader.FileDisk(Path.of("/i/disk"), "qcow2", "vda"),
                        new DomainXmlReader.FileDisk(Path.of("/i/disk.swap"), "raw", "vdc")),
                DomainXmlReader.fileDisks(GuestXml.render(two)));
    }

    @Test
    void readerRefusesDoctypes() {
        assertThrows(IllegalArgumentException.class, () -> DomainXmlReader.fileDisks(
                "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"));
    }

    static GuestConfig config(Path dir, DiskSource.Rbd rbd) {
        return config(dir, rbd, "my server", "m1.small");
    }

    static GuestConfig config(Path dir, DiskSource.Rbd rbd, String displayName, String flavorName) {
        DiskSource source = rbd != null ? rbd : new DiskSource.File(dir.resolve("disk"), "qcow2");
        GuestMetadata meta = new GuestMetadata("compute-worker 0.1", displayName, "2026-01-01 00:00:00", flavorName,
                256, 1, 0, 0, 2, "u1", "user", "p1", "project", "img-1");
        return new GuestConfig("qemu", "instance-0000002a", UUID, 262144, 2, dir.resolve("kernel"),
                dir.resolve("ramdisk"), "root=/dev/vda console=tty0", List.of(),
                List.of(new GuestDisk(source, "vda", "virtio", "disk", "none")), dir.resolve("console.log"), meta);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static String xpath(Document doc, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
    }

    static String xpathNova(Document doc, String expression) throws Exception {
        var xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
            public String getNamespaceURI(String prefix) {
                return "nova".equals(prefix) ? GuestXml.NOVA_NS : null;
            }

            public String getPrefix(String uri) {
                return null;
            }

            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        NodeList nodes = (NodeList) xpath.evaluate(expression, doc, XPathConstants.NODESET);
        assertTrue(nodes.getLength() == 1, expression + " matched " + nodes.getLength());
        return nodes.item(0).getTextContent();
    }
}
