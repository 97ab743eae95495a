package org.computeworker.worker.compute.resources;

/** Totals of vCPUs, memory (MiB) and disk (GiB). */
public record Usage(double vcpus, double memoryMb, double diskGb) {
    public static final Usage ZERO = new Usage(0, 0, 0);

    public Usage minus(Usage o) {
        return new Usage(vcpus - o.vcpus, memoryMb - o.memoryMb, diskGb - o.diskGb);
    }

    public Usage plus(Usage o) {
        return new Usage(vcpus + o.vcpus, memoryMb + o.memoryMb, diskGb + o.diskGb);
    }
}
