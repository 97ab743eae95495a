package org.computeworker.imageserver;

import java.nio.file.Path;

/** Image bytes received into a staging file, with the size and hashes Glance records for them. */
record IngestedData(Path staging, long size, String md5, String sha512) {
}
