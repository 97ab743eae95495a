package org.computeworker.worker.errors;

import static org.computeworker.worker.errors.NovaException.kw;

/**
 * The nova exceptions the compute operations raise, with nova's class names, HTTP codes and
 * message formats (nova/exception.py), so callers and fault records read as nova's do.
 */
public final class NovaErrors {
    private NovaErrors() {
    }

    public static NovaException migrationError(String reason) {
        return new NovaException(NovaError.MIGRATION_ERROR, "Migration error: " + reason, kw("reason", reason));
    }

    public static NovaException resizeError(String reason) {
        return new NovaException(NovaError.RESIZE_ERROR, "Resize error: " + reason, kw("reason", reason));
    }

    public static NovaException cannotResizeDisk(String reason) {
        return new NovaException(NovaError.CANNOT_RESIZE_DISK,
                "Server disk was unable to be resized because: " + reason, kw("reason", reason));
    }

    public static NovaException computeResourcesUnavailable(String reason) {
        return new NovaException(NovaError.COMPUTE_RESOURCES_UNAVAILABLE,
                "Insufficient compute resources: " + reason + ".", kw("reason", reason));
    }

    /** {@code expected}: field → list of accepted values; {@code actual}: field → value held. */
    public static UnexpectedTaskStateError unexpectedTaskState(String instanceUuid, java.util.Map<String, ?> expected,
                                                               java.util.Map<String, ?> actual) {
        return new UnexpectedTaskStateError(instanceUuid, expected, actual);
    }

    public static NovaException instanceNotFound(String instanceId) {
        return new NovaException(NovaError.INSTANCE_NOT_FOUND, "Instance " + instanceId + " could not be found.",
                kw("instance_id", instanceId));
    }

    public static NovaException instanceInvalidState(String uuid, String attr, String state, String method) {
        return new NovaException(NovaError.INSTANCE_INVALID_STATE, "Instance " + uuid + " in " + attr + " " + state
                + ". Cannot " + method + " while the instance is in this state.",
                kw("attr", attr, "instance_uuid", uuid, "state", state, "method", method));
    }

    public static NovaException imageUnacceptable(String imageId, String reason) {
        return new NovaException(NovaError.IMAGE_UNACCEPTABLE, "Image " + imageId + " is unacceptable: " + reason,
                kw("image_id", imageId, "reason", reason));
    }

    /** As {@link #imageUnacceptable(String, String)}, keeping the low-level failure (qemu-img, I/O) as the cause. */
    public static NovaException imageUnacceptable(String imageId, String reason, Throwable cause) {
        return new NovaException(NovaError.IMAGE_UNACCEPTABLE, "Image " + imageId + " is unacceptable: " + reason,
                kw("image_id", imageId, "reason", reason), cause);
    }

    public static NovaException imageNotFound(String imageId) {
        return new NovaException(NovaError.IMAGE_NOT_FOUND, "Image " + imageId + " could not be found.",
                kw("image_id", imageId));
    }

    public static NovaException flavorDiskSmallerThanImage(long flavorSize, long imageSize) {
        return new NovaException(NovaError.FLAVOR_DISK_SMALLER_THAN_IMAGE, "Flavor's disk is too small for requested image."
                + " Flavor disk is " + flavorSize + " bytes, image is " + imageSize + " bytes.",
                kw("flavor_size", flavorSize, "image_size", imageSize));
    }

    public static NovaException rescheduled(String instanceUuid, String reason) {
        return new NovaException(NovaError.RESCHEDULED, "Build of instance " + instanceUuid
                + " was re-scheduled: " + reason, kw("instance_uuid", instanceUuid, "reason", reason));
    }

    public static NovaException buildAbort(String instanceUuid, String reason) {
        return new NovaException(NovaError.BUILD_ABORT, "Build of instance " + instanceUuid + " aborted: "
                + reason, kw("instance_uuid", instanceUuid, "reason", reason));
    }

    public static NovaException instancePowerOnFailure(String reason) {
        return new NovaException(NovaError.INSTANCE_POWER_ON_FAILURE, "Failed to power on instance: " + reason,
                kw("reason", reason));
    }

    public static NovaException instancePowerOffFailure(String reason) {
        return new NovaException(NovaError.INSTANCE_POWER_OFF_FAILURE, "Failed to power off instance: " + reason,
                kw("reason", reason));
    }

    public static NovaException invalidDiskInfo(String reason) {
        return new NovaException(NovaError.INVALID_DISK_INFO, "Disk info file is invalid: " + reason, kw("reason", reason));
    }

    /** As {@link #invalidDiskInfo(String)}, keeping the low-level failure (qemu-img, I/O) as the cause. */
    public static NovaException invalidDiskInfo(String reason, Throwable cause) {
        return new NovaException(NovaError.INVALID_DISK_INFO, "Disk info file is invalid: " + reason, kw("reason", reason),
                cause);
    }

    public static NovaException diskInfoReadWriteFail(String reason, Throwable cause) {
        return new NovaException(NovaError.DISK_INFO_READ_WRITE_FAIL, "Failed to read or write disk info file: " + reason,
                kw("reason", reason), cause);
    }

    public static NovaException diskNotFound(String location) {
        return new NovaException(NovaError.DISK_NOT_FOUND, "No disk at " + location, kw("location", location));
    }

    public static NovaException instanceExists(String name) {
        return new NovaException(NovaError.INSTANCE_EXISTS, "Instance " + name + " already exists.", kw("name", name));
    }

    public static NovaException migrationNotFound(Object migrationId) {
        return new NovaException(NovaError.MIGRATION_NOT_FOUND, "Migration " + migrationId + " could not be found.",
                kw("migration_id", migrationId));
    }

    public static NovaException hypervisorUnavailable() {
        return new NovaException(NovaError.HYPERVISOR_UNAVAILABLE, "Connection to the hypervisor is broken on host",
                kw());
    }

    public static NovaException imageNotAuthorized(String imageId) {
        return new NovaException(NovaError.IMAGE_NOT_AUTHORIZED, "Not authorized for image " + imageId + ".",
                kw("image_id", imageId));
    }

    public static NovaException imageBadRequest(String imageId, String response) {
        return new NovaException(NovaError.IMAGE_BAD_REQUEST, "Request of image " + imageId
                + " got BadRequest response: " + response, kw("image_id", imageId, "response", response));
    }

    public static NovaException imageQuotaExceeded(String imageId) {
        return new NovaException(NovaError.IMAGE_QUOTA_EXCEEDED, "Quota exceeded or out of space for image " + imageId
                + " in the image service.", kw("image_id", imageId));
    }

    public static NovaException glanceConnectionFailed(String server, String reason) {
        return new NovaException(NovaError.GLANCE_CONNECTION_FAILED, "Connection to glance host " + server
                + " failed: " + reason, kw("server", server, "reason", reason));
    }

    public static NovaException couldNotFetchImage(String imageId, Throwable cause) {
        return new NovaException(NovaError.COULD_NOT_FETCH_IMAGE, "Could not fetch image " + imageId,
                kw("image_id", imageId), cause);
    }

    public static NovaException invalidParameterValue(String err) {
        return new NovaException(NovaError.INVALID_PARAMETER_VALUE, err, kw("err", err));
    }
}
