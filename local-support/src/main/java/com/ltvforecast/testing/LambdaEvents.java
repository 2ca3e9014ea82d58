package com.ltvforecast.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Sample events from {@code events/}, parsed by the Lambda Java runtime's own serializer, so tests
 * see exactly what a deployed function sees.
 */
public final class LambdaEvents {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LambdaEvents() {}

  public static String json(String name) {
    try {
      return Files.readString(ProjectFiles.event(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static S3Event s3Event(String json) {
    return LambdaEventSerializers.serializerFor(S3Event.class, LambdaEvents.class.getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The sample S3 event {@code name} pointed at a real object. {@code encodedKey} is as S3 sends it
   * (URL-encoded, '+' for spaces); a null {@code etag} or {@code sequencer} removes the field.
   */
  public static S3Event s3Event(
      String name, String bucket, String encodedKey, String etag, String sequencer) {
    try {
      JsonNode root = MAPPER.readTree(json(name));
      ObjectNode s3 = (ObjectNode) root.get("Records").get(0).get("s3");
      ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
      ObjectNode object = (ObjectNode) s3.get("object");
      object.put("key", encodedKey);
      if (etag == null) {
        object.remove("eTag");
      } else {
        object.put("eTag", etag);
      }
      if (sequencer == null) {
        object.remove("sequencer");
      } else {
        object.put("sequencer", sequencer);
      }
      return s3Event(MAPPER.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTP API (payload format 2.0) event, parsed as the runtime parses it. */
  public static APIGatewayV2HTTPEvent apiEvent(String json) {
    return LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPEvent.class, LambdaEvents.class.getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The sample HTTP API event {@code name} with another method, raw path and body (null removes the
   * body), as API Gateway would send that request.
   */
  public static APIGatewayV2HTTPEvent apiEvent(
      String name, String method, String rawPath, String body) {
    try {
      ObjectNode root = (ObjectNode) MAPPER.readTree(json(name));
      root.put("rawPath", rawPath);
      ObjectNode http = (ObjectNode) root.get("requestContext").get("http");
      http.put("method", method).put("path", rawPath);
      if (body == null) {
        root.remove("body");
      } else {
        root.put("body", body);
      }
      return apiEvent(MAPPER.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
