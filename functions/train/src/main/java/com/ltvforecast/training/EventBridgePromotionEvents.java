package com.ltvforecast.training;

import com.ltvforecast.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Emits {@code ModelPromoted} (source {@code ltv-forecast.training}) on an EventBridge bus. */
final class EventBridgePromotionEvents implements PromotionEvents {

  static final String SOURCE = "ltv-forecast.training";
  static final String DETAIL_TYPE = "ModelPromoted";

  private final EventBridgeClient events;
  private final String busName;

  EventBridgePromotionEvents(EventBridgeClient events, String busName) {
    this.events = events;
    this.busName = busName;
  }

  @Override
  public void modelPromoted(String modelName, String version, String asOf, int horizonDays) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("model_name", modelName);
    fields.put("model_version", version);
    if (asOf != null) {
      fields.put("as_of", asOf);
      fields.put("horizon_days", horizonDays);
    }
    String detail = new String(Json.bytes(fields), StandardCharsets.UTF_8);
    PutEventsResponse response =
        events.putEvents(
            b ->
                b.entries(
                    e ->
                        e.eventBusName(busName)
                            .source(SOURCE)
                            .detailType(DETAIL_TYPE)
                            .detail(detail)));
    if (response.failedEntryCount() > 0) {
      throw new IllegalStateException(
          "ModelPromoted event not accepted: " + response.entries().get(0).errorMessage());
    }
  }
}
