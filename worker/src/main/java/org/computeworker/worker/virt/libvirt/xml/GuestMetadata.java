package org.computeworker.worker.virt.libvirt.xml;

/**
 * What nova writes into {@code <metadata><nova:instance>}: the instance's name, flavor and owner
 * as they were when the domain was defined, for operators reading {@code virsh dumpxml}.
 */
public record GuestMetadata(
        String packageVersion,
        String displayName,
        String creationTime,
        String flavorName,
        int memoryMb,
        int diskGb,
        int swapMb,
        int ephemeralGb,
        int vcpus,
        String userId,
        String userName,
        String projectId,
        String projectName,
        String imageId) {
}
