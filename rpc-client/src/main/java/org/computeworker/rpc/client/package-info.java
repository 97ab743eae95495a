/** A Java caller of nova's compute RPC API over oslo.messaging's rabbit wire format. */
package org.computeworker.rpc.client;
