package org.computeworker.worker.image.backend.rbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands test classes one single-node Ceph for the whole test run (bring-up costs ~9 s): started by the first class
 * that asks for a {@link CephTestCluster} parameter, stopped and removed by JUnit when the run ends. Tests that stop
 * their cluster start their own instead. The libvirt end-to-end tests use it too, so a whole run starts one cluster.
 */
public final class SharedCephCluster implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SharedCephCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CephTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the root store closes its AutoCloseable values when the run ends
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("ceph", key -> {
            try {
                return CephTestCluster.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, CephTestCluster.class);
    }
}
