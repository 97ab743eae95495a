/**
 * nova's image cache ({@code virt/libvirt/imagecache.py} and {@code Image.cache}): templates in
 * {@code instances_path/_base} named as nova names them, each created at most once under a lock that holds across
 * threads and processes ({@code instances_path/locks/nova-<name>}), and the manager that ages unused ones out.
 * What the disks use is supplied through {@link org.computeworker.worker.image.cache.TemplateUsage}, so this
 * package knows files and locks but nothing of disk formats.
 */
package org.computeworker.worker.image.cache;
