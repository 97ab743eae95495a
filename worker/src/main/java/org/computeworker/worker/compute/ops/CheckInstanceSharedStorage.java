package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;

/**
 * nova's check_instance_shared_storage (the libvirt driver's check_instance_shared_storage_remote):
 * another host created a file in its instance directory; it is shared storage when this host sees
 * that file. Only files under this host's instances_path are looked at, so a message cannot probe
 * the rest of the file system.
 */
@NovaDecorators({WRAP_EXCEPTION})
public final class CheckInstanceSharedStorage extends OperationSupport {
    public CheckInstanceSharedStorage(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "check_instance_shared_storage";
    }

    @Override
    public void admit(Invocation inv) {
        if (!inv.args().dict("data").path("filename").isTextual()) {
            throw new org.computeworker.messages.MalformedMessageException("argument 'data' must hold a 'filename'");
        }
    }

    @Override
    public JsonNode run(Invocation inv) {
        String filename = inv.args().dict("data").get("filename").textValue();
        try {
            Path file = Path.of(filename).normalize();
            Path root = s.options().instancesPath().normalize();
            return BooleanNode.valueOf(file.isAbsolute() && file.startsWith(root) && Files.exists(file));
        } catch (InvalidPathException e) {
            return BooleanNode.FALSE;
        }
    }
}
