/**
 * nova's database as a compute host reads and writes it: the seam between the compute operations
 * and where nova's record lives. {@code conductor} is what a nova.conf means (every read and write
 * an oslo call to nova-conductor, as nova-compute does); {@code local} keeps the record in the
 * worker's own state file for the standalone mode (demo, benchmarks, tests without a control
 * plane). The worker's message journal and host history stay local in both.
 */
package org.computeworker.worker.record;
