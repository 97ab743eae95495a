package org.computeworker.worker.compute.resources;

/** Why a host holds resources for an instance. */
public enum ClaimPurpose {
    /** The instance's own size here (built, or a resize finished here). */
    INSTANCE,
    /** An incoming resize: the new flavor, from prep_resize until finish_resize. */
    RESIZE_DEST,
    /** An outgoing resize: the old flavor, kept for a revert until confirm_resize. */
    RESIZE_SOURCE;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ClaimPurpose fromDbValue(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
