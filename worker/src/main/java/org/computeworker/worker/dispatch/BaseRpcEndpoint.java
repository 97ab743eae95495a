package org.computeworker.worker.dispatch;

import org.computeworker.messages.Json;

/** nova's BaseRPCAPI (namespace {@code baseapi}, 1.1): ping and get_backdoor_port. */
public final class BaseRpcEndpoint {
    private BaseRpcEndpoint() {
    }

    public static RpcEndpoint create(String serviceName) {
        return RpcEndpoint.builder("BaseRPCAPI", "baseapi", "1.1")
                .method("ping", call -> {
                    var response = Json.object();
                    response.put("service", serviceName);
                    response.set("arg", call.arg("arg"));
                    return response;
                })
                .method("get_backdoor_port", call -> null)
                .build();
    }
}
