package org.computeworker.rpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --args}: a JSON object given inline, or {@code @FILE} to read it from a file ({@code @-}: stdin). */
public final class RpcArguments implements ITypeConverter<ObjectNode> {
    @Override
    public ObjectNode convert(String value) {
        String text = value.startsWith("@") ? read(value.substring(1)) : value;
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (MalformedMessageException e) {
            throw new TypeConversionException("--args is not JSON (" + e.getMessage() + ")");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new TypeConversionException("--args must be a JSON object of keyword arguments, got "
                    + node.getNodeType());
        }
        return object;
    }

    private static String read(String file) {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TypeConversionException("cannot read --args file " + file + ": " + e.getMessage());
        }
    }
}
