package org.computeworker.worker.virt.libvirt.xml;

import java.util.List;
import org.computeworker.worker.image.backend.DiskSource;
import org.w3c.dom.Element;

/**
 * Renders a {@link GuestConfig} as libvirt domain XML through a DOM, so that names, paths and
 * every other value end up escaped as text or attributes and can never add markup.
 */
public final class GuestXml {
    public static final String NOVA_NS = "http://openstack.org/xmlns/libvirt/nova/1.1";
    private static final String SMBIOS_MANUFACTURER = "OpenStack Foundation";
    private static final String SMBIOS_PRODUCT = "OpenStack Nova";

    private GuestXml() {
    }

    public static String render(GuestConfig config) {
        XmlDocument xml = XmlDocument.create("domain");
        Element domain = xml.root();
        domain.setAttribute("type", config.virtType());
        xml.text(domain, "uuid", config.uuid());
        xml.text(domain, "name", config.name());
        xml.text(domain, "memory", Long.toString(config.memoryKib()));
        xml.text(domain, "vcpu", Integer.toString(config.vcpus()));
        if (config.metadata() != null) {
            metadata(xml, xml.child(domain, "metadata"), config.metadata());
        }
        sysinfo(xml, domain, config);
        os(xml, domain, config);
        Element features = xml.child(domain, "features");
        xml.child(features, "acpi");
        xml.child(features, "apic");
        xml.child(domain, "clock").setAttribute("offset", "utc");
        xml.text(domain, "on_poweroff", "destroy");
        xml.text(domain, "on_reboot", "restart");
        xml.text(domain, "on_crash", "destroy");
        Element devices = xml.child(domain, "devices");
        for (GuestDisk disk : config.disks()) {
            disk(xml, devices, disk);
        }
        Element serial = xml.child(devices, "serial");
        serial.setAttribute("type", "pty");
        Element log = xml.child(serial, "log");
        log.setAttribute("file", XmlText.checked(config.consoleLog().toString()));
        log.setAttribute("append", "off");
        Element balloon = xml.child(devices, "memballoon");
        balloon.setAttribute("model", "virtio");
        xml.child(balloon, "stats").setAttribute("period", "10");
        return xml.serialize();
    }

    private static void os(XmlDocument xml, Element domain, GuestConfig config) {
        Element os = xml.child(domain, "os");
        xml.text(os, "type", "hvm");
        if (config.kernel() != null) {
            xml.text(os, "kernel", config.kernel().toString());
            if (config.initrd() != null) {
                xml.text(os, "initrd", config.initrd().toString());
            }
            xml.text(os, "cmdline", config.cmdline());
        } else {
            for (String dev : config.bootDevices()) {
                xml.child(os, "boot").setAttribute("dev", dev);
            }
        }
        xml.child(os, "smbios").setAttribute("mode", "sysinfo");
    }

    /** nova's sysinfo: cloud-init recognises OpenStack by the product name. */
    private static void sysinfo(XmlDocument xml, Element domain, GuestConfig config) {
        Element sysinfo = xml.child(domain, "sysinfo");
        sysinfo.setAttribute("type", "smbios");
        Element system = xml.child(sysinfo, "system");
        entry(xml, system, "manufacturer", SMBIOS_MANUFACTURER);
        entry(xml, system, "product", SMBIOS_PRODUCT);
        if (config.metadata() != null && config.metadata().packageVersion() != null) {
            entry(xml, system, "version", config.metadata().packageVersion());
        }
        entry(xml, system, "serial", config.uuid());
        entry(xml, system, "uuid", config.uuid());
        entry(xml, system, "family", "Virtual Machine");
    }

    private static void entry(XmlDocument xml, Element parent, String name, String value) {
        xml.text(parent, "entry", value).setAttribute("name", name);
    }

    private static void disk(XmlDocument xml, Element devices, GuestDisk disk) {
        Element element = xml.child(devices, "disk");
        element.setAttribute("device", disk.device());
        Element driver = xml.child(element, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("cache", disk.cache());
        if (disk.source() instanceof DiskSource.File file) {
            element.setAttribute("type", "file");
            driver.setAttribute("type", file.driverFormat());
            xml.child(element, "source").setAttribute("file", XmlText.checked(file.path().toString()));
        } else if (disk.source() instanceof DiskSource.Rbd rbd) {
            element.setAttribute("type", "network");
            driver.setAttribute("type", "raw");
            rbdSource(xml, element, rbd);
        }
        Element target = xml.child(element, "target");
        target.setAttribute("dev", disk.dev());
        target.setAttribute("bus", disk.bus());
        if ("cdrom".equals(disk.device())) {
            xml.child(element, "readonly");
        }
    }

    private static void rbdSource(XmlDocument xml, Element disk, DiskSource.Rbd rbd) {
        Element source = xml.child(disk, "source");
        source.setAttribute("protocol", "rbd");
        source.setAttribute("name", XmlText.checked(rbd.name()));
        List<String> hosts = rbd.monitorHosts();
        for (int i = 0; i < hosts.size(); i++) {
            Element host = xml.child(source, "host");
            host.setAttribute("name", XmlText.checked(hosts.get(i)));
            if (i < rbd.monitorPorts().size()) {
                host.setAttribute("port", XmlText.checked(rbd.monitorPorts().get(i)));
            }
        }
        // As nova: <auth> only with a secret to name (libvirt requires one in it). rbd_user without
        // rbd_secret_uuid leaves QEMU to librbd's defaults (ceph.conf's keyring) instead of failing every spawn.
        if (rbd.user() != null && rbd.secretUuid() != null) {
            Element auth = xml.child(disk, "auth");
            auth.setAttribute("username", XmlText.checked(rbd.user()));
            Element secret = xml.child(auth, "secret");
            secret.setAttribute("type", "ceph");
            secret.setAttribute("uuid", XmlText.checked(rbd.secretUuid()));
        }
    }

    private static void metadata(XmlDocument xml, Element parent, GuestMetadata meta) {
        Element instance = xml.nova(parent, "instance");
        xml.nova(instance, "package").setAttribute("version", XmlText.cleaned(meta.packageVersion()));
        xml.novaText(instance, "name", XmlText.cleaned(meta.displayName()));
        xml.novaText(instance, "creationTime", meta.creationTime());
        Element flavor = xml.nova(instance, "flavor");
        flavor.setAttribute("name", XmlText.cleaned(meta.flavorName()));
        xml.novaText(flavor, "memory", Integer.toString(meta.memoryMb()));
        xml.novaText(flavor, "disk", Integer.toString(meta.diskGb()));
        xml.novaText(flavor, "swap", Integer.toString(meta.swapMb()));
        xml.novaText(flavor, "ephemeral", Integer.toString(meta.ephemeralGb()));
        xml.novaText(flavor, "vcpus", Integer.toString(meta.vcpus()));
        Element owner = xml.nova(instance, "owner");
        xml.novaText(owner, "user", XmlText.cleaned(meta.userName())).setAttribute("uuid",
                XmlText.cleaned(meta.userId()));
        xml.novaText(owner, "project", XmlText.cleaned(meta.projectName())).setAttribute("uuid",
                XmlText.cleaned(meta.projectId()));
        if (meta.imageId() != null) {
            Element root = xml.nova(instance, "root");
            root.setAttribute("type", "image");
            root.setAttribute("uuid", XmlText.cleaned(meta.imageId()));
        }
    }
}
