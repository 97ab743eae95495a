/**
 * nova Zed's report client, the part nova-compute uses: {@link org.computeworker.worker.placement.Placement}
 * and its implementation {@link org.computeworker.worker.placement.PlacementClient} over a
 * {@link org.computeworker.worker.keystone.KeystoneSession} for {@code [placement]}.
 *
 * <p>Requests and the microversions nova sends with them:
 * <ul>
 * <li>GET /resource_providers?in_tree={uuid} 1.14; POST /resource_providers 1.20;
 *     GET /resource_providers/{uuid} 1.14 (after a 409 that is not a name conflict)</li>
 * <li>GET /resource_providers/{uuid}/inventories (none, i.e. 1.0);
 *     GET .../aggregates 1.19; GET .../traits 1.6</li>
 * <li>PUT /resource_classes/CUSTOM_* 1.7; PUT /resource_providers/{uuid}/inventories 1.26</li>
 * <li>GET /traits?name=in:... 1.6; PUT /traits/{name} 1.6; PUT /resource_providers/{uuid}/traits 1.6</li>
 * <li>GET and PUT /allocations/{consumer} 1.28; DELETE /allocations/{consumer} (none);
 *     POST /allocations 1.28</li>
 * </ul>
 *
 * <p>Options: the {@code [placement]} keystoneauth options (see the keystone package) and
 * {@code [compute] resource_provider_association_refresh} and {@code image_type_exclude_list}.
 *
 * <p>Where this client differs from nova, it is in how failures surface: nova's
 * {@code @safe_connect} logs and returns None when placement is unreachable, and some calls
 * return False on an unexpected answer; here both are typed exceptions
 * ({@link org.computeworker.worker.keystone.ServiceAccessException},
 * {@link org.computeworker.worker.placement.PlacementException}) for the caller to log and retry.
 * Only the compute node's root provider is managed: nested and sharing providers are not.
 */
package org.computeworker.worker.placement;
