package org.computeworker.worker.errors;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * nova's exception classes (nova/exception.py) this worker raises or meets from nova-conductor:
 * the class name that crosses the wire, the HTTP code nova gives it, and whether nova counts it as
 * expected (the caller's or the message's doing, logged without a traceback) rather than a fault here.
 */
public enum NovaError {
    NOVA_EXCEPTION("NovaException", 500, false),
    INSTANCE_NOT_FOUND("InstanceNotFound", 404, true),
    UNEXPECTED_TASK_STATE("UnexpectedTaskStateError", 500, true),
    INSTANCE_INVALID_STATE("InstanceInvalidState", 400, true),
    INSTANCE_EXISTS("InstanceExists", 500, false),
    COMPUTE_HOST_NOT_FOUND("ComputeHostNotFound", 404, true),
    MIGRATION_NOT_FOUND("MigrationNotFound", 404, true),
    MIGRATION_NOT_FOUND_FOR_INSTANCE("MigrationNotFoundForInstance", 404, true),
    SERVICE_TOPIC_EXISTS("ServiceTopicExists", 500, true),
    SERVICE_BINARY_EXISTS("ServiceBinaryExists", 500, true),
    MIGRATION_ERROR("MigrationError", 500, false),
    RESIZE_ERROR("ResizeError", 500, false),
    CANNOT_RESIZE_DISK("CannotResizeDisk", 500, false),
    UNABLE_TO_MIGRATE_TO_SELF("UnableToMigrateToSelf", 400, true),
    COMPUTE_RESOURCES_UNAVAILABLE("ComputeResourcesUnavailable", 400, true),
    RESCHEDULED("RescheduledException", 500, false),
    BUILD_ABORT("BuildAbortException", 500, false),
    FLAVOR_DISK_TOO_SMALL("FlavorDiskTooSmall", 400, true),
    FLAVOR_DISK_SMALLER_THAN_IMAGE("FlavorDiskSmallerThanImage", 500, true),
    FLAVOR_MEMORY_TOO_SMALL("FlavorMemoryTooSmall", 400, true),
    IMAGE_NOT_ACTIVE("ImageNotActive", 500, true),
    IMAGE_NOT_FOUND("ImageNotFound", 404, true),
    IMAGE_UNACCEPTABLE("ImageUnacceptable", 400, true),
    IMAGE_NOT_AUTHORIZED("ImageNotAuthorized", 500, true),
    IMAGE_BAD_REQUEST("ImageBadRequest", 400, true),
    IMAGE_QUOTA_EXCEEDED("ImageQuotaExceeded", 500, false),
    GLANCE_CONNECTION_FAILED("GlanceConnectionFailed", 500, false),
    COULD_NOT_FETCH_IMAGE("CouldNotFetchImage", 500, false),
    INVALID_DISK_INFO("InvalidDiskInfo", 400, false),
    INVALID_DISK_FORMAT("InvalidDiskFormat", 400, true),
    DISK_INFO_READ_WRITE_FAIL("DiskInfoReadWriteFail", 500, false),
    DISK_NOT_FOUND("DiskNotFound", 404, false),
    INSTANCE_POWER_ON_FAILURE("InstancePowerOnFailure", 400, false),
    INSTANCE_POWER_OFF_FAILURE("InstancePowerOffFailure", 400, false),
    HYPERVISOR_UNAVAILABLE("HypervisorUnavailable", 500, false),
    INTERNAL_ERROR("InternalError", 500, false),
    UNSUPPORTED_HARDWARE("UnsupportedHardware", 500, true),
    TOO_MANY_DISK_DEVICES("TooManyDiskDevices", 403, true),
    FORBIDDEN("Forbidden", 403, false),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400, true),
    FAKE_DRIVER_FAILURE("FakeDriverFailure", 500, false);

    private static final Map<String, NovaError> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(NovaError::pythonClass, Function.identity()));

    private final String pythonClass;
    private final int code;
    private final boolean expected;

    NovaError(String pythonClass, int code, boolean expected) {
        this.pythonClass = pythonClass;
        this.code = code;
        this.expected = expected;
    }

    public String pythonClass() {
        return pythonClass;
    }

    public int code() {
        return code;
    }

    /** The caller's or the message's doing (stale, not found, refused by a rule), not a fault of this host. */
    public boolean expected() {
        return expected;
    }

    /** The class nova raised under this name, if this worker knows it. */
    public static Optional<NovaError> byName(String pythonClass) {
        return Optional.ofNullable(BY_NAME.get(pythonClass));
    }

    /** The nova class of {@code error}, if it is a nova exception of a known class. */
    public static Optional<NovaError> of(Throwable error) {
        return error instanceof NovaException n ? byName(n.pythonClass()) : Optional.empty();
    }
}
