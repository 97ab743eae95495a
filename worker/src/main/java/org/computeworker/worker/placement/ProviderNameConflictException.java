package org.computeworker.worker.placement;

/**
 * Another resource provider already has this compute node's name (nova's ResourceProviderCreationFailed):
 * typically the node was recreated with a new uuid and the old provider is still registered.
 */
public final class ProviderNameConflictException extends PlacementException {
    public ProviderNameConflictException(String uuid, String name, String detail) {
        super("cannot create resource provider " + uuid + " named '" + name + "': another provider has that name"
                + " (delete the stale one: openstack resource provider list --name " + name + "): " + detail);
    }
}
