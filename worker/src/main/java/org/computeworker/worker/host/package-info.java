/**
 * This host's place in a nova control plane, as nova-compute's service start-up and periodic tasks
 * keep it: the nova-compute service record and its heartbeat, the compute node and the resource
 * audit, the resource provider in placement, and the schedulers' view of this host's instances.
 */
package org.computeworker.worker.host;
