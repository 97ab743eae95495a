/**
 * A keystoneauth-like session for one nova.conf service section ({@code [placement]}, later
 * {@code [glance]}, {@code [neutron]}): {@link org.computeworker.worker.keystone.ServiceAuthOptions}
 * reads the section as keystoneauth's loading functions do, and
 * {@link org.computeworker.worker.keystone.KeystoneSession} sends requests to the service with
 * a token.
 *
 * <p>Options, by keystoneauth's names: {@code auth_type} (also {@code auth_plugin}) =
 * {@code password}/{@code v3password}, {@code admin_token} or {@code none} (the default);
 * {@code auth_section}; password: {@code auth_url}, {@code username}/{@code user_id},
 * {@code password}, {@code user_domain_name}/{@code user_domain_id}, {@code project_name}/
 * {@code project_id}, {@code project_domain_name}/{@code project_domain_id},
 * {@code default_domain_name}/{@code default_domain_id}, {@code domain_name}/{@code domain_id},
 * {@code system_scope}; admin_token and none: {@code endpoint}, {@code token}; adapter:
 * {@code endpoint_override}, {@code service_type}, {@code service_name}, {@code valid_interfaces},
 * {@code region_name}; session: {@code timeout}, {@code insecure}, {@code cafile} (and
 * {@code certfile}/{@code keyfile}, refused because client certificates are not supported).
 *
 * <p>Differences from keystoneauth, each deliberate: the identity version is not discovered
 * (an auth_url not ending in v3 gets /v3 appended, which is where discovery lands on every
 * Keystone v3); service types are matched exactly, without os-service-types aliases;
 * {@code timeout} unset is 60 s instead of forever; connect and status-code retries are not
 * implemented.
 */
package org.computeworker.worker.keystone;
