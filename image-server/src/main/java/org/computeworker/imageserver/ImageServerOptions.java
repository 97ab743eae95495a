package org.computeworker.imageserver;

/**
 * How the server listens and what it reveals: glance-api's {@code show_image_direct_url} and
 * {@code show_multiple_locations}, and its {@code image_size_cap} (default 1 TiB).
 */
public record ImageServerOptions(String bindAddress, boolean showDirectUrl, boolean showMultipleLocations,
                                 long imageSizeCap) {
    public static final long DEFAULT_IMAGE_SIZE_CAP = 1L << 40;

    public ImageServerOptions {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address must be given");
        }
        if (imageSizeCap <= 0) {
            throw new IllegalArgumentException("image size cap must be positive, got " + imageSizeCap);
        }
    }

    /** Loopback only, locations hidden: what glance-api does by default. */
    public static ImageServerOptions defaults() {
        return new ImageServerOptions("127.0.0.1", false, false, DEFAULT_IMAGE_SIZE_CAP);
    }

    public ImageServerOptions withLocationsShown(boolean directUrl, boolean multipleLocations) {
        return new ImageServerOptions(bindAddress, directUrl, multipleLocations, imageSizeCap);
    }

    public ImageServerOptions withBindAddress(String address) {
        return new ImageServerOptions(address, showDirectUrl, showMultipleLocations, imageSizeCap);
    }

    public ImageServerOptions withImageSizeCap(long cap) {
        return new ImageServerOptions(bindAddress, showDirectUrl, showMultipleLocations, cap);
    }
}
